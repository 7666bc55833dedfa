"""Secret tokens for links and API access: long and random, stored only as their hash.

A token is 32 bytes (256 bits, far beyond the 128 that make guessing hopeless) from the
operating system's CSPRNG through `secrets`, written URL-safe: 43 characters of
A–Z a–z 0–9 - _.

Why no constant-time comparison is needed: a presented token is never compared with a
stored token. Its SHA-256 is looked up through a unique index, and only hashes are stored.
Whatever timing the index's comparison leaks is about how far the *hash* of a guess matches
a stored hash; the guesser cannot steer a hash towards a prefix, so learning one brings no
guess closer. The secret itself never meets a comparison whose timing depends on it,
which is what `hmac.compare_digest` guards against elsewhere. And a leaked database leaks
no working token. Used by API tokens, calendar feeds and client status links alike.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
