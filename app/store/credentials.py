"""The shared PostgreSQL server's password lives in the OS keyring, never in a URL on disk."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from app.core.secrets import SecretStore


def db_secret_key(url: str) -> str:
    """The keyring key for a server URL (user, host, port and database; never the password)."""
    u = make_url(url)
    return f"db-password:{u.username or ''}@{u.host or ''}:{u.port or ''}/{u.database or ''}"


def with_password(url: str, secrets: SecretStore) -> str:
    """Return ``url`` with the keyring's password filled in when the URL carries none."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" or u.password:
        return url
    if not secrets.available:
        return url
    password = secrets.get(db_secret_key(url))
    if not password:
        return url
    return u.set(password=password).render_as_string(hide_password=False)
