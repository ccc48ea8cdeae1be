"""Telling people from bots without a third party: no CAPTCHA service.

* **A signed form token** ``signing.dumps({"n": nonce, "t": time})``: made
  fresh for every visitor on every serve (the page cache stores a placeholder,
  ``enquiries/middleware.py``). It is refused when tampered with or older than
  ``ENQUIRY_FORM_MAX_AGE``; a hash of it is stored with the enquiry under a
  unique constraint, so a token is accepted once (a replay is refused).
* **A minimum time** between the token and the submission
  (``ENQUIRY_FORM_MIN_SECONDS``): faster means a script.
* **A honeypot**: a text field people never see (hidden with CSS, out of the
  tab order, labelled "leave empty"), which form-filling bots fill in.
* **A rate limit per address** (django-ratelimit on the shared cache). When
  the cache is down the limit is not applied (``RATELIMIT_FAIL_OPEN``): the
  form keeps working.

wagtail-honeypot's pieces were not used: its time field is a plain, unsigned
``time.time()`` a bot can set, and its check lives in a Wagtail form page's
``process_form_submission``, not in a Django form.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django_ratelimit.core import is_ratelimited

SALT = "enquiries.form-token"
HONEYPOT_FIELD = "website"
RATE_GROUP = "enquiries.submit"


class TokenError(Exception):
    """The form token is missing, tampered with or too old."""


def new_token(now=None):
    now = time.time() if now is None else now
    return signing.dumps({"n": secrets.token_urlsafe(12), "t": int(now)}, salt=SALT)


def token_age(token, now=None):
    """Seconds since ``token`` was made; ``TokenError`` if it is not ours or old."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.ENQUIRY_FORM_MAX_AGE)
        made = int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenError(str(error)) from error
    age = now - made
    if not 0 <= age <= settings.ENQUIRY_FORM_MAX_AGE:
        raise TokenError("The form token is out of date.")
    return age


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def is_too_fast(age):
    return age < settings.ENQUIRY_FORM_MIN_SECONDS


def is_rate_limited(request):
    """Count this submission; True when the address sent too many.

    ``RATELIMIT_FAIL_OPEN`` makes a cache that is down count as not limited.
    """
    return is_ratelimited(
        request,
        group=RATE_GROUP,
        key="ip",
        rate=settings.ENQUIRY_RATE_LIMIT,
        method="POST",
        increment=True,
    )
