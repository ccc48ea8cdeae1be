"""Send the notifications still unsent (run it every few minutes from cron).

The worker retries a failed notification by itself on a backend that can
defer tasks; this command is the safety net for everything else: a task that
could not be queued, a worker that was down, the attempts running out.
"""

from django.core.management.base import BaseCommand

from enquiries.notify import NotSent, send_notification, unsent


class Command(BaseCommand):
    help = "Email the clinic about every enquiry whose notification is unsent."

    def handle(self, *args, **options):
        sent = failed = 0
        for pk in list(unsent().values_list("pk", flat=True)):
            try:
                if send_notification(pk):
                    sent += 1
            except NotSent:
                failed += 1
        self.stdout.write(f"Sent {sent} notifications; {failed} failed.")
        if failed:
            self.stderr.write("Some notifications failed; they stay unsent.")
