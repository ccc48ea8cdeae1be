"""Health check for load balancers, and the page shown while the database is down."""

import logging
import sys
import uuid

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# How long a load balancer or browser should wait before trying again.
RETRY_AFTER_SECONDS = 30


@never_cache
@require_GET
def healthz(request):
    """The database and the cache, each "ok" or "down".

    * 200 ``ok``: both answer.
    * 200 ``degraded``: the cache does not answer (or the Redis backend is
      skipping it after a failure); pages are served uncached, so the load
      balancer should keep sending traffic.
    * 503 ``down``: the database does not answer; nothing but cached pages can
      be served. With ``Retry-After``.

    Never cached (a cached "ok" would hide an outage); no details of a failure
    leave the server, they go to the log. A hung Redis costs at most its
    socket timeout (``CACHE_SOCKET_TIMEOUT``), once per retry interval.
    """
    checks = {"database": _check_database(), "cache": _check_cache()}
    if checks["database"] != "ok":
        response = JsonResponse({"status": "down", "checks": checks}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    status = "ok" if checks["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, "checks": checks})


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return "down"
    return "ok"


def _check_cache():
    """Write a probe key to each cache, and read it back.

    The Redis backend never raises: when it is down it drops the write and the
    read misses, and it logs the outage itself (once per interval). Any other
    backend's error (a full disk under the file cache) is logged here.
    """
    key = f"healthz:{uuid.uuid4().hex}"
    for alias in ("default", "pages"):
        try:
            cache = caches[alias]
            cache.set(key, key, timeout=30)
            answered = cache.get(key) == key
            cache.delete(key)
        except Exception:
            logger.exception("Health check: the %r cache fails", alias)
            answered = False
        if not answered:
            return "down"
    return "ok"


def database_unavailable_response():
    """The styled 503 page; rendering it needs no database."""
    body = loader.get_template("503.html").render({})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def is_database_outage():
    """True while handling an exception that means the database is unreachable."""
    error = sys.exc_info()[1]
    return isinstance(error, DatabaseError) and not _is_query_bug(error)


def _is_query_bug(error):
    """Errors in our own queries (bad SQL, broken constraints) are 500s."""
    from django.db import DataError, IntegrityError, ProgrammingError

    return isinstance(error, (DataError, IntegrityError, ProgrammingError))
