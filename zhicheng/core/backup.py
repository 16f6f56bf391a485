"""Backup and restore (SECURITY.md 24): the database through Django's serialiser (any backend to
any backend), the uploaded files through the storage API, and a manifest with the SHA-256 of every
file and the row count of every table.

The encryption key is never written into a backup: personal numbers stay ciphertext in the dump
(fields.Sealed), so a backup alone reveals none of them and restoring it needs the same
FIELD_ENCRYPTION_KEY (and AUDIT_CHAIN_KEY, when set), kept and copied separately (docs/security.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

DB_FILE = "database.dbjsonl"  # the format is named by the extension (backup_format.py)
MANIFEST = "manifest.json"
# Rebuilt by `migrate` itself, or session state nobody should restore.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _models():
    excluded_apps = {e for e in EXCLUDE if "." not in e}
    excluded = {e.lower() for e in EXCLUDE if "." in e}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in excluded_apps or meta.label_lower in excluded:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in _models()}


def _stored_files(path: str = ""):
    dirs, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for d in dirs:
        yield from _stored_files(f"{path}/{d}" if path else d)


def backup_create(*, target: Path) -> dict:
    target.mkdir(parents=True, exist_ok=False)
    db_path = target / DB_FILE
    call_command(
        "dumpdata",
        exclude=EXCLUDE,
        natural_foreign=True,
        format="dbjsonl",
        output=str(db_path),
        verbosity=0,
    )
    checksums = {DB_FILE: _sha256(db_path)}
    stored = sorted(_stored_files()) if default_storage.exists("") else []
    for name in stored:
        out = target / "files" / name
        out.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as src, out.open("wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                dst.write(chunk)
        checksums[f"files/{name}"] = _sha256(out)
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "tables": row_counts(),
        "sha256": checksums,
        "encryption_key": "not included: restore needs the same FIELD_ENCRYPTION_KEY, kept apart",
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    return manifest


def backup_check(source: Path) -> dict:
    """The manifest, after checking every file in it against its SHA-256."""
    manifest = json.loads((source / MANIFEST).read_text())
    bad = [name for name, digest in manifest["sha256"].items() if _sha256(source / name) != digest]
    if bad:
        raise BackupError(f"备份文件校验失败（SHA-256 不符）：{', '.join(bad[:5])}")
    return manifest


def backup_restore(*, source: Path) -> list[str]:
    """Load a backup into this (freshly migrated) database and storage; return the differences
    from the manifest (empty when row counts and file checksums all match)."""
    manifest = backup_check(source)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(source / DB_FILE), verbosity=0)
    differences: list[str] = []
    for name in (n for n in manifest["sha256"] if n.startswith("files/")):
        stored_name = name[len("files/") :]
        if default_storage.exists(stored_name):
            default_storage.delete(stored_name)
        with (source / name).open("rb") as fh:
            saved = default_storage.save(stored_name, File(fh))
        if saved != stored_name:
            differences.append(f"{stored_name}: 保存为 {saved}")
            continue
        digest = hashlib.sha256()
        with default_storage.open(saved, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != manifest["sha256"][name]:
            differences.append(f"{stored_name}: SHA-256 不符")
    counts = row_counts()
    for label, expected in manifest["tables"].items():
        if counts.get(label) != expected:
            differences.append(f"{label}: 备份 {expected} 行，恢复后 {counts.get(label)} 行")
    _check_key()
    return differences


def _check_key() -> None:
    """A restore with another key would load ciphertext nobody can read: say so at once."""
    try:
        get_user_model().objects.exclude(phone="").order_by("pk").first()  # decrypts one phone number
    except Exception as exc:  # noqa: BLE001 - cryptography's InvalidTag and friends
        raise BackupError("无法解密恢复的数据：FIELD_ENCRYPTION_KEY 与备份时的密钥不同。") from exc
