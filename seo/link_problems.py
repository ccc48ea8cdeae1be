"""Why an outbound link does not answer, in the reader's language.

The link checker stores its reason in ``OutboundLinkCheck.error`` as the
untranslated (English) text of one of ``REASONS``, whoever ran it: a stable
record that scripts can match. ``problem_message`` turns a stored reason (or
an HTTP status) back into a ``Message`` in the current language; a reason it
does not know (stored by an older release, say) is shown as it is.
"""

import re
from http import HTTPStatus

from django.utils.translation import gettext_noop

from .messages import gettext as _

TIMED_OUT = gettext_noop("timed out after %(seconds)s s")
CONNECTION_REFUSED = gettext_noop("connection refused")
HOST_NOT_FOUND = gettext_noop("host not found")
TLS_CERTIFICATE = gettext_noop("TLS certificate not valid (%(detail)s)")
TLS_ERROR_DETAIL = gettext_noop("TLS error (%(detail)s)")
TLS_ERROR = gettext_noop("TLS error")
CLOSED = gettext_noop("connection closed without a response")
RESET = gettext_noop("connection reset")
NOT_HTTP = gettext_noop("not a valid HTTP response")
INVALID_URL = gettext_noop("invalid URL")
CONNECTION_FAILED = gettext_noop("connection failed (%(detail)s)")
CHECK_FAILED = gettext_noop("check failed (%(detail)s)")
TOO_MANY_REDIRECTS = gettext_noop("too many redirects (more than %(count)s)")
REDIRECTS_TO_INVALID = gettext_noop("redirects to an invalid URL")

REASONS = (
    TIMED_OUT,
    CONNECTION_REFUSED,
    HOST_NOT_FOUND,
    TLS_CERTIFICATE,
    TLS_ERROR_DETAIL,
    TLS_ERROR,
    CLOSED,
    RESET,
    NOT_HTTP,
    INVALID_URL,
    CONNECTION_FAILED,
    CHECK_FAILED,
    TOO_MANY_REDIRECTS,
    REDIRECTS_TO_INVALID,
)

# The reason phrases of the statuses a broken link usually gets; any other
# keeps Python's English phrase.
STATUS_PHRASES = {
    400: gettext_noop("Bad Request"),
    401: gettext_noop("Unauthorized"),
    403: gettext_noop("Forbidden"),
    404: gettext_noop("Not Found"),
    405: gettext_noop("Method Not Allowed"),
    408: gettext_noop("Request Timeout"),
    410: gettext_noop("Gone"),
    429: gettext_noop("Too Many Requests"),
    451: gettext_noop("Unavailable For Legal Reasons"),
    500: gettext_noop("Internal Server Error"),
    501: gettext_noop("Not Implemented"),
    502: gettext_noop("Bad Gateway"),
    503: gettext_noop("Service Unavailable"),
    504: gettext_noop("Gateway Timeout"),
}

_PLACEHOLDER = re.compile(r"%\\\(([a-z_]+)\\\)s")
_PATTERNS = [
    (msgid, re.compile(_PLACEHOLDER.sub(r"(?P<\1>.+)", re.escape(msgid)), re.DOTALL))
    for msgid in REASONS
]


def reason(msgid, **params):
    """The stored (untranslated) text of one of ``REASONS``."""
    return msgid % params if params else msgid


def reason_message(text):
    """A stored reason as a ``Message`` in the current language, or ``text``
    as it is when it is none of ``REASONS``."""
    for msgid, pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            message = _(msgid)
            return message % match.groupdict() if "%(" in msgid else message
    return text


def status_message(status_code):
    """The status for people: "404 Not Found" (translated) or "HTTP 599"."""
    if status_code in STATUS_PHRASES:
        phrase = _(STATUS_PHRASES[status_code])
    else:
        try:
            phrase = HTTPStatus(status_code).phrase
        except ValueError:
            return _("HTTP %(status)s") % {"status": status_code}
    return _("%(status)s %(phrase)s") % {"status": status_code, "phrase": phrase}


def problem(status_code, error):
    """What went wrong, for people: "404 Not Found", "connection refused"..."""
    if error:
        return reason_message(error)
    if status_code is None:
        return ""
    return status_message(status_code)


def problem_message(value):
    """``problem`` of a status code (an int) or a stored reason (a str)."""
    if isinstance(value, int):
        return status_message(value)
    return reason_message(value or "")
