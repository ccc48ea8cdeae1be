from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from treatments.models import TreatmentIndexPage

from .targets import can_import_under
from .views import import_brief


@hooks.register("register_admin_urls")
def register_import_brief_url():
    return [
        path("briefs/import/<int:parent_id>/", import_brief, name="briefs_import"),
    ]


def _import_button(page, user, priority):
    if isinstance(page.specific_deferred, TreatmentIndexPage) and can_import_under(
        user, page.specific_deferred
    ):
        yield Button(
            _("Import a brief"),
            reverse("briefs_import", args=[page.pk]),
            icon_name="doc-full-inverse",
            attrs={"data-import-brief": ""},
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_import_button(page, user, view_name=None, next_url=None):
    yield from _import_button(page, user, priority=16)


@hooks.register("register_page_listing_more_buttons")
def page_listing_import_button(page, user, next_url=None):
    yield from _import_button(page, user, priority=16)
