"""Delete enquiries older than ENQUIRY_RETENTION_DAYS (run it daily from cron)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.log_actions import log

from enquiries.models import Enquiry


class Command(BaseCommand):
    help = (
        "Delete enquiries received more than ENQUIRY_RETENTION_DAYS days ago "
        "(default 365), each recorded in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of ENQUIRY_RETENTION_DAYS.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count, delete nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        days = settings.ENQUIRY_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention must be at least one day.")
        cutoff = timezone.now() - timedelta(days=days)
        old = Enquiry.objects.filter(created_at__lt=cutoff).order_by("pk")
        if dry_run:
            self.stdout.write(f"{old.count()} enquiries older than {days} days.")
            return
        count = 0
        for enquiry in old.iterator():
            log(enquiry, "enquiries.purge")
            enquiry.delete()
            count += 1
        self.stdout.write(f"Deleted {count} enquiries older than {days} days.")
