"""A data subject's rights: everything held for one email address or phone.

A coordinator types an email address or a phone number (Enquiries > Requests
by a patient); the enquiries that match either can be downloaded as CSV
(access, portability) or erased (erasure). Each export and erasure is written
to Wagtail's audit log, one entry per enquiry, with who and when.
"""

import csv
import io

import phonenumbers
from django.conf import settings
from django.db.models import Q
from wagtail.log_actions import log

from .models import Enquiry
from .spreadsheet import neutralise

EXPORT_FIELDS = [
    "id",
    "created_at",
    "status",
    "name",
    "email",
    "phone",
    "preferred_language",
    "treatment",
    "patient_age",
    "message",
    "site_language",
    "consent_text",
    "consent_version",
    "consent_given_at",
    "marketing_consent",
    "marketing_consent_at",
    "notified_at",
]


def normalise_phone(text):
    """The number in E.164 form, or "" if it is not a valid number."""
    try:
        number = phonenumbers.parse(text, settings.ENQUIRY_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def matching(email="", phone=""):
    """Enquiries sent with this email address or this phone number."""
    condition = Q(pk__in=[])
    if email:
        condition |= Q(email__iexact=email.strip())
    if phone:
        condition |= Q(phone=phone)
    return Enquiry.objects.filter(condition).select_related("treatment")


def _cell(enquiry, field):
    value = getattr(enquiry, field)
    if field == "treatment":
        value = value.title if value is not None else ""
    elif field == "phone":
        value = str(value) if value else ""
    elif value is None:
        value = ""
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return neutralise(str(value))


def export_csv(enquiries, user):
    """The enquiries as CSV text; each one logged as exported by ``user``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_FIELDS)
    for enquiry in enquiries:
        writer.writerow([_cell(enquiry, field) for field in EXPORT_FIELDS])
        log(enquiry, "enquiries.export", user=user)
    return buffer.getvalue()


def erase(enquiries, user):
    """Delete the enquiries; log each one first. Returns how many."""
    count = 0
    for enquiry in list(enquiries):
        log(enquiry, "enquiries.erase", user=user)
        enquiry.delete()
        count += 1
    return count
