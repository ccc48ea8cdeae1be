"""The form's own view: it receives every enquiry form, wherever it was shown.

Treatment pages and the contact page post here (``/enquiry/``, ``/tr/enquiry/``).
It is never cached. A form with errors is shown again here, with the errors;
a stored enquiry redirects to the thank-you page. Spam gets the same
thank-you page with nothing stored or sent.
"""

import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from wagtailcache.cache import nocache_page

from . import spam
from .consent import consent_for_language
from .forms import EnquiryForm
from .notify import queue_notification

logger = logging.getLogger(__name__)


def _csrf_failure(request):
    """Django's CSRF check, answered with a form error instead of its 403 page."""

    def checked(request):  # a view without csrf_exempt, for the check
        return None

    return CsrfViewMiddleware(checked).process_view(request, checked, (), {})


def _thanks(request):
    return redirect("enquiry_thanks")


@csrf_exempt  # checked below, so that a failure is a form error, not a 403 page
@nocache_page
def submit(request):
    consent = consent_for_language()
    if request.method == "GET":
        form = EnquiryForm(consent=consent)
        return render(request, "enquiries/enquiry_form_view.html", {"form": form})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    form = EnquiryForm(request.POST, consent=consent)
    if _csrf_failure(request) is not None:
        form.is_valid()  # so the visitor's input is shown back with the error
        form.add_error(
            None,
            _(
                "Your browser did not send the form's security token, or it "
                "did not match. Make sure cookies are allowed for this site and "
                "send the form again."
            ),
        )
        return render(
            request, "enquiries/enquiry_form_view.html", {"form": form}, status=403
        )

    valid = form.is_valid()
    if form.spam:
        logger.info("Enquiry dropped as spam (%s)", form.spam)
        return _thanks(request)
    if not valid:
        return render(
            request, "enquiries/enquiry_form_view.html", {"form": form}, status=400
        )
    if spam.is_rate_limited(request):
        logger.warning("Enquiry dropped: rate limit for this address")
        return _thanks(request)
    try:
        with transaction.atomic():
            enquiry = form.save(site_language=get_language() or "")
    except IntegrityError:
        # The same token sent twice at once: the first one was stored.
        return _thanks(request)
    transaction.on_commit(lambda: queue_notification(enquiry.pk))
    return _thanks(request)


def thanks(request):
    return render(request, "enquiries/enquiry_thanks.html")
