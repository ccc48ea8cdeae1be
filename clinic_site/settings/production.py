"""Production: every secret and host comes from the environment.

The process refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``
rather than run with a throwaway key or accept any Host header.
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required, env_str
from .security import admin_csp, site_csp

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env_required("ALLOWED_HOSTS")

# Keep each worker's database connection between requests (health-checked
# before reuse): opening one per request costs PostgreSQL a new backend
# process each time, a third of the CPU under load in `make bench`.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405

# Background tasks wait in the database for `manage.py db_worker`, a process
# of its own beside gunicorn; any number of workers on any number of machines
# share the queue (docs/deployment.md, "The worker").
TASKS["default"]["BACKEND"] = env_str(  # noqa: F405
    "TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
)

# TLS is terminated by the proxy in front of gunicorn. The headers and cookie
# rules every environment shares are in security.py; these need HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY = site_csp(upgrade_insecure_requests=True)
ADMIN_CONTENT_SECURITY_POLICY = admin_csp(upgrade_insecure_requests=True)
# Wagtail's live preview frames the site on its own origin, so same-origin
# framing stays allowed (X_FRAME_OPTIONS = "SAMEORIGIN" in security.py) and
# Django's warning about it is silenced on purpose.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# One JSON object per log line unless LOG_FORMAT says otherwise.
if env_str("LOG_FORMAT", "json") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
