"""gunicorn for the platform: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Threads, not processes, carry the concurrency: most of a request is waiting on PostgreSQL, and each
worker process costs ~140 MB (more after a PDF render). Size per machine with the figures in
docs/performance.md and docs/deploy.md. Every value can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A worker that rendered big PDFs keeps the memory; recycle workers now and then, not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# The reverse proxy in front (deploy/nginx/zhicheng.conf) is the only client: trust its
# X-Forwarded-Proto for request.is_secure(); the client address comes from the header nginx sets.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'  # no query strings with personal data: see SECURITY.md 16
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "zhicheng-web"
