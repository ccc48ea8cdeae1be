"""The clinic's email about a new enquiry: a link, never the health details.

Email is not a safe place for health data, so the message says only that an
enquiry arrived and links to it in the admin, where only patient coordinators
can open it.

Sending is a background task (``tasks.send_enquiry_notification``), enqueued
after the enquiry is committed, so a slow or broken mail server never slows or
fails the visitor's request. django-tasks has no retries of its own, so:

* each attempt is recorded on the enquiry (``notification_attempts``,
  ``notification_error``; ``notified_at`` once sent);
* a failed attempt re-enqueues the task to run later
  (``ENQUIRY_NOTIFY_RETRY_DELAYS``, in seconds) on a backend that can defer
  (``django_tasks_db``), until ``ENQUIRY_NOTIFY_MAX_ATTEMPTS``;
* ``manage.py send_enquiry_notifications`` (cron) sends whatever is still
  unsent, whatever the backend, so nothing depends on the queue alone.

``notified_at`` is claimed with a conditional update before sending, so two
workers never send the same notification twice.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Site

from .models import Enquiry, EnquirySettings

logger = logging.getLogger(__name__)


class NotSent(Exception):
    """The notification could not be sent (it is recorded on the enquiry)."""


def notification_address():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    return EnquirySettings.for_site(site).notification_email


def admin_url(enquiry_pk):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("enquiries:edit", args=[enquiry_pk])


def message_for(enquiry_pk):
    """Subject and body: the number and the link, nothing the patient wrote."""
    with override(settings.LANGUAGE_CODE):
        subject = _("New patient enquiry #%(number)s") % {"number": enquiry_pk}
        body = _(
            "A new enquiry has arrived through the website.\n\n"
            "Open it in the admin (patient coordinators only):\n%(url)s\n\n"
            "For the patient's privacy this email holds no details of the "
            "enquiry."
        ) % {"url": admin_url(enquiry_pk)}
    return subject, body


def send_notification(enquiry_pk):
    """Send one enquiry's notification once; ``NotSent`` when it failed.

    Returns False when there was nothing to do (already sent, or deleted).
    """
    claimed = Enquiry.objects.filter(pk=enquiry_pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    address = notification_address()
    error = ""
    if not address:
        error = "No notification address in Settings > Enquiry notifications."
    else:
        subject, body = message_for(enquiry_pk)
        try:
            send_mail(subject, body, None, [address])
        except (OSError, SMTPException) as exception:
            error = f"{type(exception).__name__}: {exception}"
    if error:
        Enquiry.objects.filter(pk=enquiry_pk).update(
            notified_at=None,
            notification_error=error[:1000],
            notification_attempts=F("notification_attempts") + 1,
        )
        logger.warning("Enquiry %s: notification not sent (%s)", enquiry_pk, error)
        raise NotSent(error)
    Enquiry.objects.filter(pk=enquiry_pk).update(
        notification_error="",
        notification_attempts=F("notification_attempts") + 1,
    )
    return True


def retry_delay(attempts):
    delays = settings.ENQUIRY_NOTIFY_RETRY_DELAYS
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def queue_notification(enquiry_pk, *, attempts=0):
    """Enqueue the task; never raises (the cron command catches what is lost).

    ``attempts`` > 0 defers it by the retry delay, where the backend can defer.
    """
    from .tasks import send_enquiry_notification

    task = send_enquiry_notification
    try:
        if attempts:
            if not task.get_backend().supports_defer:
                return None
            task = task.using(run_after=timezone.now() + retry_delay(attempts))
        return task.enqueue(enquiry_pk)
    except Exception:  # the visitor's request must not fail  # noqa: BLE001
        logger.exception("Enquiry %s: could not queue its notification", enquiry_pk)
        return None


def unsent():
    return Enquiry.objects.filter(notified_at__isnull=True).order_by("pk")
