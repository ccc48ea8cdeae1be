"""The page a locked-out login gets (``AXES_LOCKOUT_CALLABLE``)."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil


def lockout_response(request, original_response=None, credentials=None):
    """Say that sign-in is locked, for how long, and how to get in sooner.

    Rendered in the site's design with status 429 and ``Retry-After``; it names
    neither the account nor the number of attempts allowed.
    """
    status = settings.AXES_HTTP_RESPONSE_CODE
    cool_off = get_cool_off(request)
    retry_after = int(cool_off.total_seconds()) if cool_off else None
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        response = JsonResponse(
            {"locked_out": True, "retry_after": retry_after}, status=status
        )
    else:
        now = timezone.now()
        response = render(
            request,
            "axes/lockout.html",
            {"try_again_in": timeuntil(now + cool_off, now) if cool_off else None},
            status=status,
        )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
