"""Case packages (``.wbcase``): move a case between laptops or archive it, optionally encrypted.

    from app.packages import export_package, open_package, install_package, import_package

    export_package(store, case_id, "case.wbcase", passphrase=None)     # ExportResult
    with open_package("case.wbcase", store.paths, passphrase) as pkg:   # verified, nothing written yet
        install_package(store, pkg, on_conflict="ask")                 # CaseExistsError → ask the user

Modules: :mod:`~app.packages.layout` (members, limits, archive digest),
:mod:`~app.packages.crypto` (passphrase encryption, streamed AEAD chunks),
:mod:`~app.packages.extras` (the app's extra data), :mod:`~app.packages.identity` (case UUID),
:mod:`~app.packages.exporter`; reading: :mod:`~app.packages.unpack` (the verified zip),
:mod:`~app.packages.opener` (decrypt, verify, parse), :mod:`~app.packages.importer` (install).
The format is documented in ``docs/case-package-format.md``.
"""

from app.packages.crypto import cipher_supported, default_cipher
from app.packages.errors import CaseExistsError, PackageError
from app.packages.exporter import ExportResult, export_package
from app.packages.importer import ImportResult, find_existing, import_package, install_package
from app.packages.opener import OpenedPackage, is_encrypted_package, open_package

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
