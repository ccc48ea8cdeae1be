"""Background work of the enquiries: the clinic's notification email."""

from django.conf import settings
from django_tasks import task

from .models import Enquiry
from .notify import NotSent, queue_notification, send_notification


@task()
def send_enquiry_notification(enquiry_pk):
    """Email the clinic about one enquiry; on failure, try again later.

    The failure is re-raised after the retry is queued, so the worker records
    this run as failed, with the error.
    """
    try:
        return send_notification(enquiry_pk)
    except NotSent:
        attempts = (
            Enquiry.objects.filter(pk=enquiry_pk)
            .values_list("notification_attempts", flat=True)
            .first()
        )
        if attempts and attempts < settings.ENQUIRY_NOTIFY_MAX_ATTEMPTS:
            queue_notification(enquiry_pk, attempts=attempts)
        raise
