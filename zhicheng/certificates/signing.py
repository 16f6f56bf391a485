"""Ed25519 signatures of certificate data, verifiable offline with the published public key.

The private key comes from the environment (CERTIFICATE_SIGNING_KEY: a PEM PKCS#8 key, or the 32-byte
seed base64-encoded) or, in demo mode only, from a key file under var/ created on first use — the same
arrangement as the field-encryption key in zhicheng/core/crypto.py.

What is signed is the exact UTF-8 text of the certificate's canonical JSON (sorted keys, no spaces).
Anyone holding the public key can check it, e.g. with OpenSSL 3:

    openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in payload.json -sigfile signature.bin

The QR code carries only the certificate number and a signature over it (no name: SECURITY.md 16).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PAYLOAD_VERSION = 1
_QR_DOMAIN = b"zhicheng-certificate-qr:"


def key_file() -> Path:
    configured = getattr(settings, "CERTIFICATE_SIGNING_KEY_FILE", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "certificate-signing.key"


def _load(raw: str) -> Ed25519PrivateKey:
    raw = raw.strip()
    if raw.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(raw.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY must be an Ed25519 key")
        return key
    seed = base64.b64decode(raw)
    if len(seed) != 32:
        raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY must be PEM or a base64-encoded 32-byte seed")
    return Ed25519PrivateKey.from_private_bytes(seed)


@cache
def private_key() -> Ed25519PrivateKey:
    raw = getattr(settings, "CERTIFICATE_SIGNING_KEY", "") or os.environ.get("CERTIFICATE_SIGNING_KEY", "")
    if raw:
        return _load(raw)
    path = key_file()
    if not path.exists():
        if not settings.DEMO_MODE:
            raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY is required outside demo mode")
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            # O_EXCL: two processes starting at once agree on one key instead of overwriting each other's.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
    return _load(path.read_text())


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id(key: Ed25519PublicKey | None = None) -> str:
    raw = (key or public_key()).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sign(payload: str) -> str:
    return base64.b64encode(private_key().sign(payload.encode())).decode()


def verify(payload: str, signature_b64: str, key: Ed25519PublicKey | None = None) -> bool:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        (key or public_key()).verify(signature, payload.encode())
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def qr_token(number: str) -> str:
    return f"{number}.{_b64url(private_key().sign(_QR_DOMAIN + number.encode()))}"


def read_qr_token(token: str) -> str | None:
    """The certificate number a genuine token names, or None for anything forged or garbled."""
    number, _, sig = (token or "").strip().partition(".")
    if not number or not sig or len(token) > 200:
        return None
    try:
        signature = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
        public_key().verify(signature, _QR_DOMAIN + number.encode())
    except (InvalidSignature, ValueError, TypeError):
        return None
    return number
