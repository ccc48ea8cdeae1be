"""Email each reviewer the live treatment pages whose medical review is due."""

from django.core.mail import get_connection
from django.core.management.base import BaseCommand
from django.utils import timezone

from reviews.due import due_for_review
from reviews.notify import edit_url, message_for, plan


class Command(BaseCommand):
    help = (
        "Email every reviewer one message listing their treatment pages due for "
        "medical review (the page's doctor's account, or every active member of "
        "the medical reviewers' group when the page has none). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent, and send nothing.",
        )

    def handle(self, *args, dry_run, **options):
        today = timezone.localdate()
        routed, notices = plan(due_for_review(today))
        for page, recipients in routed:
            reviewed = page.last_reviewed.isoformat() if page.last_reviewed else "never"
            to = ", ".join(user.email for user in recipients) or "nobody to notify"
            self.stdout.write(
                f"{page.title} (last reviewed {reviewed}) {edit_url(page)} -> {to}"
            )
        messages = [message_for(notice, today) for notice in notices]
        if not dry_run and messages:
            with get_connection() as connection:
                connection.send_messages(messages)
        verb = "would be sent (dry run)" if dry_run else "sent"
        summary = f"{len(routed)} page(s) due for review; {len(messages)} email(s)"
        self.stdout.write(self.style.SUCCESS(f"{summary} {verb}."))
