"""purge_enquiries: the retention period, applied from cron."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from enquiries.models import Enquiry

from .test_admin import make_enquiry

pytestmark = pytest.mark.django_db


def aged(days):
    enquiry = make_enquiry(message=f"{days} days old")
    Enquiry.objects.filter(pk=enquiry.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return enquiry


def run(*args):
    out = io.StringIO()
    call_command("purge_enquiries", *args, stdout=out)
    return out.getvalue()


def test_enquiries_older_than_the_retention_are_deleted_and_logged(settings):
    settings.ENQUIRY_RETENTION_DAYS = 365
    old, older = aged(366), aged(800)
    kept = [aged(364), aged(0)]
    assert "Deleted 2 enquiries older than 365 days." in run()
    assert set(Enquiry.objects.all()) == set(kept)
    purged = ModelLogEntry.objects.filter(action="enquiries.purge")
    assert sorted(int(entry.object_id) for entry in purged) == sorted(
        [old.pk, older.pk]
    )
    assert "Deleted 0 enquiries" in run()  # a second run finds nothing


def test_the_setting_and_the_option_set_the_period(settings):
    settings.ENQUIRY_RETENTION_DAYS = 30
    aged(31)
    aged(10)
    assert "1 enquiries older than 30 days." in run("--dry-run")
    assert Enquiry.objects.count() == 2
    run("--days", "5")
    assert Enquiry.objects.count() == 0


def test_a_retention_below_one_day_is_refused():
    aged(3)
    with pytest.raises(CommandError):
        run("--days", "0")
    assert Enquiry.objects.count() == 1
