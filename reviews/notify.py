"""Who is told about which pages due for review, and the message they get."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from wagtail.users.models import UserProfile

from seo.config import get_config

from .sections import reviewer_groups


@dataclass
class Notice:
    """One message: a recipient and the due pages it lists."""

    user: object
    pages: list = field(default_factory=list)


def edit_url(page):
    """The page's editor, as an absolute link for an email."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=(page.pk,))


def _reachable(user):
    return user is not None and user.is_active and bool(user.email)


def reviewer_pool():
    """Every active member, with an email address, of the groups that approve
    medical reviews ("Medical Reviewers")."""
    return list(
        get_user_model()
        .objects.filter(groups__in=reviewer_groups(), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def recipients_for(page, pool):
    """The page's reviewer's account if it can be reached, else the pool."""
    doctor = page.medical_reviewer
    user = doctor.user if doctor is not None else None
    return [user] if _reachable(user) else pool


def plan(pages):
    """[(page, recipients)] and the notices, one per recipient, in order."""
    pool = reviewer_pool()
    routed, notices = [], {}
    for page in pages:
        recipients = recipients_for(page, pool)
        routed.append((page, recipients))
        for user in recipients:
            notices.setdefault(user.pk, Notice(user)).pages.append(page)
    return routed, list(notices.values())


def message_for(notice, today):
    """The email to ``notice.user``, in the admin language they chose."""
    language = UserProfile.get_for_user(notice.user).get_preferred_language()
    with translation.override(language):
        return _message(notice, today)


def _message(notice, today):
    count = len(notice.pages)
    subject = ngettext(
        "%(count)d treatment page is due for medical review",
        "%(count)d treatment pages are due for medical review",
        count,
    ) % {"count": count}
    body = render_to_string(
        "reviews/email/review_due.txt",
        {
            "user": notice.user,
            "name": notice.user.get_full_name() or notice.user.get_username(),
            "pages": [(page, edit_url(page)) for page in notice.pages],
            "max_age_days": get_config().REVIEW_MAX_AGE_DAYS,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "today": today,
        },
    )
    return EmailMessage(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {subject}",
        body=body,
        to=[notice.user.email],
    )
