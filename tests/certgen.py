"""Test certificates made at test time (keys are throw-away and never stored in the repository)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def openssl_certificate(folder: Path, kind: str, *, der: bool = False, cn: str = "vpn.example.test") -> Path:
    """Make a self-signed certificate with the ``openssl`` command.

    Args:
        folder: Where to write key and certificate.
        kind: ``rsa1024-sha1``, ``rsa2048-sha256`` or ``sm2-sm3``.
        der: Write DER instead of PEM.
        cn: Common name (UTF-8 allowed).
    """
    key = folder / f"{kind}.key"
    pem = folder / f"{kind}.pem"
    subject = f"/CN={cn}/O=示例测评"
    if kind == "sm2-sm3":
        subprocess.run(["openssl", "genpkey", "-algorithm", "SM2", "-out", str(key)], check=True, capture_output=True)
        args = ["-key", str(key), "-sm3"]
    else:
        bits, digest = {"rsa1024-sha1": ("1024", "-sha1"), "rsa2048-sha256": ("2048", "-sha256")}[kind]
        args = ["-newkey", f"rsa:{bits}", "-nodes", "-keyout", str(key), digest]
    subprocess.run(
        ["openssl", "req", "-new", "-x509", "-utf8", "-subj", subject, "-days", "30", *args, "-out", str(pem)],
        check=True,
        capture_output=True,
    )
    if not der:
        return pem
    out = folder / f"{kind}.der"
    subprocess.run(
        ["openssl", "x509", "-in", str(pem), "-outform", "DER", "-out", str(out)], check=True, capture_output=True
    )
    return out
