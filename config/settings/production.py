"""Production: everything from the environment; refuses to start without secrets; passes check --deploy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
DEMO_MODE = False


def _required(name: str, why: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: production refuses to start without it ({why}).")
    return value


# Never fall back to base.py's SQLite file: a production node that lost its DATABASE_URL would start
# on an empty local database and acknowledge writes nobody else sees (issue 12 item 7).
_required("DATABASE_URL", "e.g. postgres://user:password@db-host:5432/zhicheng")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
SECRET_KEY = _required("SECRET_KEY", "at least 50 random characters")
FIELD_ENCRYPTION_KEY = _required(
    "FIELD_ENCRYPTION_KEY", "32 bytes, base64; kept outside the database and backups"
)
AUDIT_CHAIN_KEY = env.str(
    "AUDIT_CHAIN_KEY", default=""
)  # falls back to a key derived from FIELD_ENCRYPTION_KEY
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters")
# Persistent connections: a new connection per request cost ~25 ms under load (issue 15). The health
# check drops a connection the database closed (failover, restart) before a request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)  # noqa: F405
STAFF_OTP_REQUIRED = True
SMS_CODES_SHOWN_ON_SCREEN = False
API_DOCS_PUBLIC = False  # issue 12 item 16: the API schema and docs are for logged-in staff only
# Throttles must hold across worker processes: a shared Redis cache (issue 12 items 13, 14, 21).
CACHES = {
    "default": {
        "BACKEND": "zhicheng.core.cache.RedisCache",  # one client per pool, not per operation
        "LOCATION": env.str("CACHE_URL", default="redis://127.0.0.1:6379/1"),
    }
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"  # file viewers opt in with @xframe_options_sameorigin
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405  static files without a separate server
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
if env.str("DATABASE_READ_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_READ_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True

# Uploaded files on storage every web node and worker shares (issue 15): S3-compatible object storage through
# django-storages when a bucket is named (or FILE_STORAGE_BACKEND=s3); the local disk stays the default for a
# single machine. Files are private: the views that check permission stream them (SECURITY.md 19).
if env.str("AWS_STORAGE_BUCKET_NAME", default="") or env.str("FILE_STORAGE_BACKEND", default="") == "s3":
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
