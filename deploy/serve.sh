#!/usr/bin/env bash
# `make serve`: the production stack on this machine — gunicorn (production settings), a Celery worker and
# Celery beat on Redis, PostgreSQL. Creates the database if missing, migrates, collects static files.
# Secrets for this local stack are generated once into var/serve.env (never used for a real deployment).
# Bounded for a small box: SERVE_WORKERS gunicorn processes × SERVE_THREADS threads, one Celery process.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p var
if [ ! -f var/serve.env ]; then
  umask 077
  {
    echo "SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')"
    echo "FIELD_ENCRYPTION_KEY=$($PY -c 'import os, base64; print(base64.b64encode(os.urandom(32)).decode())')"
  } > var/serve.env
fi
if ! grep -q '^CERTIFICATE_SIGNING_KEY=' var/serve.env; then
  # Without it every certificate look-up is a 500 outside demo mode (an Ed25519 seed, base64).
  umask 077
  echo "CERTIFICATE_SIGNING_KEY=$($PY -c 'import os, base64; print(base64.b64encode(os.urandom(32)).decode())')" >> var/serve.env
fi
set -a
. var/serve.env
DJANGO_SETTINGS_MODULE=config.settings.production
DATABASE_URL=${SERVE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zhicheng_serve}
CELERY_BROKER_URL=${SERVE_BROKER_URL:-redis://127.0.0.1:6379/0}
CELERY_TASK_ALWAYS_EAGER=false
ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
SECURE_SSL_REDIRECT=false   # no TLS locally; behind nginx it is on (deploy/nginx/zhicheng.conf)
GUNICORN_BIND=${SERVE_BIND:-127.0.0.1:${PORT:-8000}}
GUNICORN_WORKERS=${SERVE_WORKERS:-2}
GUNICORN_THREADS=${SERVE_THREADS:-4}
GUNICORN_ACCESSLOG=${SERVE_ACCESSLOG:-var/serve-access.log}
MEDIA_ROOT=${MEDIA_ROOT:-$PWD/var/serve-files}
set +a

$PY - <<'PY'
import os
import psycopg
url = os.environ["DATABASE_URL"]
base, name = url.rsplit("/", 1)
with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=5) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"created database {name}")
PY
$PY -c "import redis, os; redis.Redis.from_url(os.environ['CELERY_BROKER_URL'], socket_connect_timeout=3).ping()" \
  || { echo "Redis at $CELERY_BROKER_URL is unreachable: start redis-server first." >&2; exit 1; }
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput -v 0
echo "职称申报与评审平台（生产配置）：http://${GUNICORN_BIND}/  — 创建管理员：DJANGO_SETTINGS_MODULE=config.settings.production 并载入 var/serve.env 后运行 manage.py createsuperuser"
trap 'kill 0' EXIT INT TERM
.venv/bin/celery -A config worker --loglevel=WARNING --concurrency=${SERVE_CELERY_CONCURRENCY:-1} --prefetch-multiplier=1 -O fair &
.venv/bin/celery -A config beat --loglevel=WARNING --schedule=var/celerybeat-schedule &
.venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi &
wait -n
