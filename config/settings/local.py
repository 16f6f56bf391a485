"""The embedded default for `make run`: SQLite, tasks in-process, files on local disk, demo data allowed."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

# DEBUG stays off in the demo, so that a mistyped address shows the platform's own 404 page and never Django's
# debug page listing every URL pattern; set DEBUG=1 for development. WhiteNoise serves the static files
# straight from their sources, which `runserver` does only with DEBUG on.
DEBUG = env.bool("DEBUG", default=False)
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SECRET_KEY = env.str("SECRET_KEY", default="local-development-only-not-secret")
DEMO_MODE = True
STAFF_OTP_REQUIRED = env.bool("STAFF_OTP_REQUIRED", default=False)
VAR_DIR.mkdir(parents=True, exist_ok=True)
SMS_CODES_SHOWN_ON_SCREEN = env.bool(
    "SMS_CODES_SHOWN_ON_SCREEN", default=True
)  # issue 12: no gateway locally
# Tasks run in-process here: a 评审表 rendered after each transition would slow the click itself; the
# request renders what it shows instead (zhicheng/documents/rendered.py). `make serve` renders in its worker.
RENDER_DOCUMENTS_AFTER_TRANSITION = env.bool("RENDER_DOCUMENTS_AFTER_TRANSITION", default=False)
