"""Health check for load balancers, and the page shown while the database is down."""

import logging
import sys

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
    """200 when the database answers a query, 503 when it does not.

    Never cached (a cached "ok" would hide an outage); no details of the
    failure leave the server, they go to the log.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        response = JsonResponse(
            {"status": "error", "database": "unavailable"}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


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
