"""Keep the header's cached contact link and the form's consent text in step."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from clinic.memo import forget_all

from .contact_link import forget
from .models import ConsentText, ContactPage


def connect():
    for signal in (page_published, page_unpublished, post_page_move, post_delete):
        signal.connect(
            forget, sender=ContactPage, dispatch_uid=f"enquiries-{id(signal)}"
        )
    # The consent text shown with every form (enquiries/consent.py).
    for signal in (post_save, post_delete):
        signal.connect(
            forget_all,
            sender=ConsentText,
            dispatch_uid=f"enquiries-consent-{id(signal)}",
        )
