"""Backup and restore round-trip the demo data into a fresh database with 0 differences (SECURITY.md 24)."""

import json
import subprocess
import sys

KEY = "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5ISE="
DIGEST = """
import hashlib, json
from django.core.files.storage import default_storage
from zhicheng.core import backup
tables = {}
for model in backup._models():
    rows = list(model._default_manager.order_by("pk").values())
    tables[model._meta.label] = hashlib.sha256(json.dumps(rows, default=str, sort_keys=True).encode()).hexdigest()
files = {}
for name in sorted(backup._stored_files()) if default_storage.exists("") else []:
    with default_storage.open(name, "rb") as fh:
        files[name] = hashlib.sha256(fh.read()).hexdigest()
print(json.dumps({"tables": tables, "files": files, "counts": backup.row_counts()}))
"""


def _env(tmp_path, name):
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ZHICHENG_VAR_DIR": str(tmp_path / name),
        "DATABASE_URL": f"sqlite:///{tmp_path / name / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / name / "files"),
        "FIELD_ENCRYPTION_KEY": KEY,
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }


def _manage(env, *args, check=True):
    result = subprocess.run([sys.executable, "manage.py", *args], capture_output=True, text=True, env=env)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_backup_and_restore_round_trip_the_demo_data_with_no_differences(tmp_path):
    source, fresh = _env(tmp_path, "a"), _env(tmp_path, "b")
    _manage(source, "migrate", "-v0")
    _manage(source, "load_demo")
    _manage(source, "backup", str(tmp_path / "backup"))

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["accounts.User"] > 10 and any(
        n.startswith("files/") for n in manifest["sha256"]
    )
    dump = (tmp_path / "backup" / "database.dbjsonl").read_text()
    assert KEY not in dump and not (tmp_path / "backup" / "field-encryption.key").exists()
    assert '"phone": "sealed:v1:' in dump  # personal numbers stay ciphertext in the backup

    _manage(fresh, "migrate", "-v0")
    restored = _manage(fresh, "restore", str(tmp_path / "backup"), "--yes")
    assert "差异 0" in restored.stdout

    before = json.loads(_manage(source, "shell", "-c", DIGEST).stdout.strip().splitlines()[-1])
    after = json.loads(_manage(fresh, "shell", "-c", DIGEST).stdout.strip().splitlines()[-1])
    assert after["counts"] == before["counts"] == manifest["tables"]
    assert after["files"] == before["files"]
    differing = [t for t in before["tables"] if before["tables"][t] != after["tables"].get(t)]
    assert differing == []
    _manage(fresh, "verify_audit")


def test_restore_refuses_a_backup_whose_files_do_not_match_the_manifest(tmp_path):
    env = _env(tmp_path, "c")
    _manage(env, "migrate", "-v0")
    _manage(env, "backup", str(tmp_path / "bk"))
    with (tmp_path / "bk" / "database.dbjsonl").open("a") as fh:
        fh.write("\n")
    result = _manage(env, "restore", str(tmp_path / "bk"), "--yes", check=False)
    assert result.returncode != 0 and "SHA-256" in result.stderr
