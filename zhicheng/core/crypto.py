"""Field encryption and blind indexes for personal numbers (SECURITY.md 12).

AES-256-GCM with a key kept outside the database (environment or a key file under var/).
A keyed HMAC gives an exact-match look-up without storing the plaintext.
"""

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_PREFIX = "v1:"


@cache
def _master_key() -> bytes:
    raw = settings.FIELD_ENCRYPTION_KEY
    if not raw:
        path = settings.FIELD_ENCRYPTION_KEY_FILE
        if not path.exists():
            if not settings.DEMO_MODE:
                raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is required outside demo mode")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(base64.b64encode(os.urandom(32)).decode())
            path.chmod(0o600)
        raw = path.read_text().strip()
    key = base64.b64decode(raw)
    if len(key) != 32:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be 32 bytes, base64-encoded")
    return key


@cache  # the master key is fixed for the process; deriving once saves ~10 µs per encrypted field read
def _derived(purpose: bytes) -> bytes:
    return hmac.new(_master_key(), purpose, hashlib.sha256).digest()


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_derived(b"field-encryption")).encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("not an encrypted value")
    blob = base64.b64decode(token[len(_PREFIX) :])
    return AESGCM(_derived(b"field-encryption")).decrypt(blob[:12], blob[12:], None).decode()


def blind_index(value: str) -> str:
    """Keyed hash for exact look-ups of an encrypted value (phone, ID number)."""
    return hmac.new(_derived(b"blind-index"), value.strip().upper().encode(), hashlib.sha256).hexdigest()


@cache
def audit_chain_key() -> bytes:
    """The audit chain's HMAC key (SECURITY.md 10): AUDIT_CHAIN_KEY when set (base64), otherwise one
    derived from the field-encryption master key. Either way it never lives in the database, so
    whoever can only write to the database cannot recompute a valid chain."""
    raw = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if raw:
        return base64.b64decode(raw)
    return _derived(b"audit-chain")
