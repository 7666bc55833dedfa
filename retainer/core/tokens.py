"""Secret tokens for links and API access: long and random, stored only as their hash.

A lookup compares SHA-256 hashes through a unique index, so it gives no timing hint about
the token, and a leaked database leaks no working token. Used by API tokens, calendar feeds
and client status links alike.
"""

from __future__ import annotations

import hashlib
import secrets


def new_token(prefix: str = "") -> str:
    """32 random bytes, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
