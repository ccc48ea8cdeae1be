"""The environment every Django process of the benchmark runs with.

Production settings, DEBUG off, a random SECRET_KEY, 127.0.0.1 only, and every
path the site writes to (static files, media, file caches) under bench/.work/.
Variables that would point the site somewhere else (another database, a
Redis server) are removed.
"""

import os
import secrets

# Read by the site's settings; the benchmark sets its own or leaves them unset.
_REMOVED = (
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "REDIS_URL",
    "REDIS_PAGE_CACHE_URL",
    "CACHE_DIR",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECRET_KEY",
    "WAGTAILADMIN_BASE_URL",
    "PYTHONPATH",
)


def secret_key():
    """A random key of 64 URL-safe characters (production wants 50 or more)."""
    return secrets.token_urlsafe(48)


def bench_env(database_url, work_dir, cache_dir, key, base=None):
    env = dict(os.environ if base is None else base)
    for name in _REMOVED:
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
            "SECRET_KEY": key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(work_dir / "static"),
            "MEDIA_ROOT": str(work_dir / "media"),
            "CACHE_DIR": str(cache_dir),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env
