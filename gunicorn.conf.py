"""gunicorn settings, from the environment (``gunicorn -c gunicorn.conf.py``).

gunicorn reads this file from the working directory by default, so
``gunicorn clinic_site.wsgi:application`` picks it up.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers by default; GUNICORN_THREADS > 1 runs gunicorn's gthread worker.
# Measured under load on two cores, sync served a third more requests and saw
# publishes sooner (docs/deployment.md, "Workers and threads").
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# One process per core plus one keeps every core busy (a process runs Python
# on one core at a time, whatever its threads); with sync workers, two per core
# plus one is gunicorn's own rule of thumb. Each thread keeps a database
# connection open (CONN_MAX_AGE): workers x threads per app server.
_cores = multiprocessing.cpu_count()
workers = int(
    os.environ.get("WEB_CONCURRENCY", _cores + 1 if threads > 1 else _cores * 2 + 1)
)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The TLS-terminating proxy in front sets X-Forwarded-*; trust only it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access and error logs to stdout/stderr, one line per request.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s",'
    '"query":"%(q)s","status":%(s)s,"bytes":"%(B)s","duration_ms":%(M)s,'
    '"referer":"%(f)s","user_agent":"%(a)s"}'
)
