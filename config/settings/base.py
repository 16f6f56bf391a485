"""Settings shared by every environment; each value a deployment may change comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("ZHICHENG_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",  # Swagger UI served from its own static files: no CDN, no inline script (CSP)
    "zhicheng.core",
    "zhicheng.accounts",
    "zhicheng.organizations",
    "zhicheng.notifications",
    "zhicheng.plans",
    "zhicheng.archive",
    "zhicheng.applications",
    "zhicheng.publicity",
    "zhicheng.review",
    "zhicheng.eligibility",
    "zhicheng.documents",
    "zhicheng.evaluation",
    "zhicheng.paper",
    "zhicheng.certificates",
    "zhicheng.dashboard",
    "zhicheng.portal",
    "zhicheng.demo",
]

MIDDLEWARE = [
    "zhicheng.core.middleware.RequestBodyLimitMiddleware",  # issue 12 item 9: refuse huge bodies unread
    "django.middleware.security.SecurityMiddleware",
    "zhicheng.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhicheng.core.middleware.SlidingSessionMiddleware",
    "zhicheng.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Default deny (SECURITY.md 5): every view needs login unless marked public.
    "zhicheng.accounts.middleware.DefaultDenyMiddleware",
    "zhicheng.accounts.middleware.StaffSecondFactorMiddleware",
    "zhicheng.core.middleware.RequestContextMiddleware",
    "zhicheng.core.middleware.DeniedObjectAuditMiddleware",
    "zhicheng.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zhicheng.core.context_processors.platform",
                "zhicheng.accounts.context_processors.roles",
                "zhicheng.notifications.context_processors.unread_messages",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# SQLite (the embedded default) has one writer at a time. A DEFERRED transaction that reads and
# then writes deadlocks with another such writer on the lock upgrade, and SQLite answers one of them
# at once with "database is locked" (an HTTP 500) whatever the timeout. IMMEDIATE takes the write
# lock at BEGIN, so a second writer waits (up to `timeout` seconds) instead; WAL lets readers go on
# meanwhile (issue 12 item 5; test: applications/tests/test_sqlite_writers.py).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SERIALIZATION_MODULES = {"dbjsonl": "zhicheng.core.backup_format"}  # manage.py backup / restore

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:account_home"
LOGOUT_REDIRECT_URL = "portal:home"

# SECURITY.md 1: Argon2 first; the others only verify legacy hashes.
PASSWORD_HASHERS = [
    "zhicheng.accounts.hashers.WebArgon2PasswordHasher",  # Argon2id sized for a web worker (docs/performance.md)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "zhicheng.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# SECURITY.md 2: five failures lock the account for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhicheng.accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "zhicheng.accounts.backends.axes_username"
AXES_VERBOSE = False

# SECURITY.md 3: 30 minutes idle ends the session.
SESSION_COOKIE_AGE = 30 * 60
# Activity renews the 30 minutes through SlidingSessionMiddleware, which writes the session at most
# once a minute instead of on every request (issue 15): idle limit 29–30 minutes.
SESSION_SAVE_EVERY_REQUEST = False
# Sessions are rows (they survive a cache flush) read through the cache: a signed-in page reads its session
# from Redis, not PostgreSQL (issue 15: one statement fewer per request). The cache must be shared by every
# process that serves requests (production: Redis; `make run`: one process).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_RENEW_AFTER = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = (
    False  # htmx reads the token from the cookie-less meta tag; kept readable for forms only
)

# The platform's names, read from here only: the short one on screens, in messages and SMS; the notices'
# full name on paper (the 评审表's watermark, seed 001: 带有“浙江省专业技术任职资格申报与评审管理平台”水印).
PLATFORM_NAME = "职称申报与评审平台"
PLATFORM_OFFICIAL_NAME = "浙江省专业技术任职资格申报与评审管理平台"
# Font folders of the Typst engine (core/typesetting.py); empty: $ZHICHENG_FONT_DIRS, else Debian's fonts-noto-cjk.
DOCUMENTS_FONT_DIRS: list[str] = []

# SECURITY.md 4: staff (employer HR excepted) need a TOTP second factor; demo mode may waive it.
OTP_TOTP_ISSUER = PLATFORM_NAME
STAFF_OTP_REQUIRED = env.bool("STAFF_OTP_REQUIRED", default=True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Form values ISO in every locale (a date field cannot show "2018/07/01"): config/formats/.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/pdfjs", BASE_DIR / "node_modules" / "pdfjs-dist" / "build"),
    ("vendor/pdfjs-cmaps", BASE_DIR / "node_modules" / "pdfjs-dist" / "cmaps"),
    ("vendor/pdfjs-fonts", BASE_DIR / "node_modules" / "pdfjs-dist" / "standard_fonts"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
# Uploaded files live outside the web root under generated names and are served only
# by views that check permission (SECURITY.md 19); there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "files")))
MEDIA_URL = "/files-not-served/"
STORAGES = {
    "default": {
        "BACKEND": env.str("FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Upload limits and throttles (issue 12 items 9, 13, 14, 21). The largest legitimate request is ten
# 10 MB evidence files with their form; anything declared larger is refused before it is read.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=110 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# API docs (/api/v1/docs, /api/v1/openapi.json): open to anyone only where this is true (demo); else staff.
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=False)
# `make run` has no SMS gateway: there the verification code is also shown on screen. Never in production.
SMS_CODES_SHOWN_ON_SCREEN = False
# Throttle counters (zhicheng/core/throttle.py) live in the cache: local memory in one process by default,
# large enough that a flood of distinct keys cannot evict the counters (Django's default culls past 300).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 10},
    }
}

# Field encryption (SECURITY.md 12): AES-GCM key kept outside the database.
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
FIELD_ENCRYPTION_KEY_FILE = VAR_DIR / "field-encryption.key"

CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# Per-application PDFs rendered by a worker after each transition (zhicheng/documents/rendered.py); the
# tests turn it on where they look at it, so that every eager transition does not render three PDFs.
RENDER_DOCUMENTS_AFTER_TRANSITION = env.bool("RENDER_DOCUMENTS_AFTER_TRANSITION", default=True)
# A broker outage must not hold a request for seconds: one quick retry, then the row waits for the
# relay job (zhicheng.core.outbox).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
REVIEW_REMINDER_WORKING_DAYS = env.int("REVIEW_REMINDER_WORKING_DAYS", default=2)

CELERY_BEAT_SCHEDULE: dict = {
    # Every minute: run_due() runs only what is due (the outbox relays are due each minute).
    "periodic-jobs": {"task": "zhicheng.core.tasks.run_periodic_jobs", "schedule": 60.0},
}

# Notification senders: the default keeps every message in the database (消息中心 and admin).
NOTIFICATION_SENDERS = {
    "sms": env.str("SMS_SENDER", default="zhicheng.notifications.senders.DatabaseSender"),
    "email": env.str("EMAIL_SENDER", default="zhicheng.notifications.senders.DatabaseSender"),
    "inapp": "zhicheng.notifications.senders.DatabaseSender",
}
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=6)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=60)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@zhicheng.local")

# Optional OIDC login for a government identity provider (浙江政务服务网); off by default.
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("zhicheng.accounts.oidc.GovernmentOIDCBackend")
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = "openid profile phone"

DEMO_MODE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"pii": {"()": "zhicheng.core.logging.RedactPersonalDataFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["pii"]},
        # The web server's own request lines ("GET /review/?q=…"), which Django's default leaves unfiltered.
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["pii"]},
    },
    "loggers": {"django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The client address audit rows record (core/middleware.client_ip): REMOTE_ADDR, unless it is one of
# these proxies; then the last X-Forwarded-For hop they appended. Set to the reverse proxy's address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="HTTP_X_FORWARDED_FOR")
SILENCED_SYSTEM_CHECKS = [
    "axes.W006"
]  # lockout is per account (SECURITY.md 2); per-IP lockout would shut out whole offices behind one NAT
X_FRAME_OPTIONS = "DENY"  # views shown in the in-page file viewer opt in with @xframe_options_sameorigin

# Read replica (issue 15): lag-tolerant reads (queues, dashboards, public pages) go to the `replica` alias
# when production configures one (DATABASE_READ_REPLICA_URL); never a read that follows the user's write.
DATABASE_ROUTERS = ["zhicheng.core.replica.ReplicaRouter"]
MIDDLEWARE.append("zhicheng.core.replica.PrimaryAfterWriteMiddleware")
READ_REPLICA_ENABLED = env.bool("READ_REPLICA_ENABLED", default=True)
