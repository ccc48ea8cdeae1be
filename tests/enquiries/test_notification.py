"""The clinic's notification email: through a real SMTP server and the worker.

An aiosmtpd server on loopback receives what Django sends; the tasks go
through django-tasks-db's queue and its real ``db_worker``.
"""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from enquiries.models import Enquiry, EnquirySettings
from tests.clinic_site.conftest import free_port
from tests.conftest import SEED_URL

from .conftest import SUBMIT_URL, open_form

# Transactional: the worker closes the database connection between tasks
# (close_old_connections), which a test's open transaction would not survive
# on PostgreSQL. The serialized rollback puts back what migrations made.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("quick_people"),
]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(
            (envelope.rcpt_tos, envelope.content.decode("utf-8", "replace"))
        )
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and Django's SMTP backend pointed at it."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def queue(settings):
    settings.TASKS = DB_TASKS


def ours():
    """The notification tasks in the queue (Wagtail queues tasks of its own)."""
    return DBTaskResult.objects.filter(task_path__endswith=".send_enquiry_notification")


def worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def submit(client, fields, commits, **changes):
    _response, hidden = open_form(client, SEED_URL)
    with commits(execute=True):
        response = client.post(SUBMIT_URL, {**fields, **hidden, **changes})
    assert response.status_code == 302
    return Enquiry.objects.latest("pk")


def test_the_worker_sends_a_link_and_no_health_details(
    demo, fields, smtp, queue, django_capture_on_commit_callbacks
):
    smtp.start()
    enquiry = submit(Client(), fields, django_capture_on_commit_callbacks)
    assert smtp.inbox.messages == []  # queued, not sent in the request
    assert ours().filter(status="READY").count() == 1

    worker()

    assert len(smtp.inbox.messages) == 1
    recipients, content = smtp.inbox.messages[0]
    assert recipients == ["enquiries@clinic.example"]
    assert f"/admin/enquiries/edit/{enquiry.pk}/" in content
    # The body, and the headers but for the Message-ID (random digits, which
    # may contain "532" by chance).
    headers, _blank, body = content.partition("\r\n\r\n")
    assert "A new enquiry has arrived" in body
    headers = "\r\n".join(
        line for line in headers.split("\r\n") if not line.startswith("Message-ID")
    )
    for private in ("Ay", "spastic", "diplegia", "ayse@example.com", "532"):
        assert private not in body
        assert private not in headers
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None
    assert enquiry.notification_attempts == 1
    assert enquiry.notification_error == ""
    worker()  # nothing left to do: no second email
    assert len(smtp.inbox.messages) == 1


def test_with_the_mail_server_down_the_enquiry_is_kept_and_retried_later(
    demo, fields, smtp, queue, django_capture_on_commit_callbacks
):
    # Not started: connections to the port are refused.
    enquiry = submit(Client(), fields, django_capture_on_commit_callbacks)
    assert Enquiry.objects.filter(pk=enquiry.pk).exists()

    worker()

    enquiry.refresh_from_db()
    assert enquiry.notified_at is None
    assert enquiry.notification_attempts == 1
    assert "ConnectionRefusedError" in enquiry.notification_error
    assert ours().filter(status="FAILED").count() == 1
    retry = ours().get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    worker()  # too early: the retry waits for its time
    assert ours().filter(status="READY").count() == 1

    smtp.start()
    DBTaskResult.objects.filter(pk=retry.pk).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )
    worker()

    assert len(smtp.inbox.messages) == 1
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None
    assert enquiry.notification_attempts == 2
    assert enquiry.notification_error == ""


def test_the_retries_stop_after_the_last_attempt(
    demo, fields, smtp, queue, settings, django_capture_on_commit_callbacks
):
    settings.ENQUIRY_NOTIFY_MAX_ATTEMPTS = 2
    submit(Client(), fields, django_capture_on_commit_callbacks)
    for _attempt in range(3):
        ours().filter(status="READY").update(
            run_after=timezone.now() - timedelta(seconds=1)
        )
        worker()
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_attempts == 2
    assert ours().filter(status="READY").count() == 0

    # The cron command sends what is left once the server is back.
    smtp.start()
    call_command("send_enquiry_notifications", stdout=None)
    assert len(smtp.inbox.messages) == 1
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None


def test_a_broken_mail_server_never_fails_the_request_even_without_a_worker(
    demo, fields, smtp, django_capture_on_commit_callbacks
):
    """The immediate backend (make run) sends in the request: a refusal is
    recorded on the enquiry and the visitor still gets the thank-you page."""
    enquiry = submit(Client(), fields, django_capture_on_commit_callbacks)
    assert enquiry.notified_at is None
    assert enquiry.notification_attempts == 1
    assert enquiry.notification_error


def test_without_a_notification_address_nothing_is_sent_and_it_says_why(
    demo, fields, smtp, queue, django_capture_on_commit_callbacks
):
    smtp.start()
    settings_row = EnquirySettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.notification_email = ""
    settings_row.save()
    submit(Client(), fields, django_capture_on_commit_callbacks)
    worker()
    enquiry = Enquiry.objects.get()
    assert smtp.inbox.messages == []
    assert "No notification address" in enquiry.notification_error
