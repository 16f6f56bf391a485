"""Tests: SQLite by default, PostgreSQL when DATABASE_URL points at it (the second leg of `make test`)."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = "test-only-secret"
DEBUG = False
DEMO_MODE = True
STAFF_OTP_REQUIRED = True
FIELD_ENCRYPTION_KEY = "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5ISE="  # 32 bytes, tests only
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
VAR_DIR.mkdir(
    parents=True, exist_ok=True
)  # a fresh checkout has no var/: SQLite cannot create its file without it
MEDIA_ROOT = VAR_DIR / "test-files"
CELERY_TASK_ALWAYS_EAGER = True
RENDER_DOCUMENTS_AFTER_TRANSITION = False  # documents/tests/test_rendered.py turns it on
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///" + str(VAR_DIR / "test.sqlite3"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)  # noqa: F405  writers wait, never "locked"
    # A file, not Django's default in-memory test database: with an in-memory database the
    # live server's request threads all share the test's one connection, and two requests
    # from the browser at once (a page and its attachment preview) break each other's
    # transactions ("no such savepoint", "database table is locked").
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["filters"]["pii"]["strict"] = True  # noqa: F405  a personal number in a log fails the suite (SECURITY.md 16)
# A second alias on the same test database (TEST MIRROR), off unless a test turns READ_REPLICA_ENABLED on:
# zhicheng/core/tests/test_replica.py proves which reads reach it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
READ_REPLICA_ENABLED = False
