"""Access links: random secrets handed out as URLs, kept only as hashes, revocable."""

import hashlib
import secrets

from assistant.store.repository import AccessLink, LinkRole, Store


def hash_token(token: str) -> str:
    """Tokens are 256-bit random strings, so a plain SHA-256 is enough to make a leaked hash useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(store: Store, *, role: LinkRole, workspace_id: str | None, label: str = "") -> tuple[AccessLink, str]:
    """A new link and its secret; the secret is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    return store.create_link(role=role, workspace_id=workspace_id, token_hash=hash_token(token), label=label), token


def login_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/login/{token}"
