"""Case packages (``.wbcase``): move a case between laptops or archive it, optionally encrypted.

    from app.mipin.packages import export_package, open_package, install_package, import_package

    export_package(store, case_id, "case.wbcase", passphrase=None)     # ExportResult
    with open_package("case.wbcase", store.paths, passphrase) as pkg:   # verified, nothing written yet
        install_package(store, pkg, on_conflict="ask")                 # CaseExistsError → ask the user

Modules: :mod:`~app.mipin.packages.layout` (members, limits, archive digest),
:mod:`~app.mipin.packages.crypto` (passphrase encryption, streamed AEAD chunks),
:mod:`~app.mipin.packages.extras` (the app's extra data), :mod:`~app.mipin.packages.identity` (case UUID),
:mod:`~app.mipin.packages.exporter`; reading: :mod:`~app.mipin.packages.unpack` (the verified zip),
:mod:`~app.mipin.packages.opener` (decrypt, verify, parse), :mod:`~app.mipin.packages.importer` (install).
The format is documented in ``docs/case-package-format.md``.
"""

from app.mipin.packages.crypto import cipher_supported, default_cipher
from app.mipin.packages.errors import CaseExistsError, PackageError
from app.mipin.packages.exporter import ExportResult, export_package
from app.mipin.packages.importer import ImportResult, find_existing, import_package, install_package
from app.mipin.packages.opener import OpenedPackage, is_encrypted_package, open_package

__all__ = [
    "CaseExistsError",
    "ExportResult",
    "ImportResult",
    "OpenedPackage",
    "PackageError",
    "cipher_supported",
    "default_cipher",
    "export_package",
    "find_existing",
    "import_package",
    "install_package",
    "is_encrypted_package",
    "open_package",
]
