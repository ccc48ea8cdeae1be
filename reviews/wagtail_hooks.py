from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from seo.page_access import can_edit_pages

from .approval import RECORD_REVIEW_ACTION
from .panels import ReviewDuePanel
from .translations import (
    ReviewedUpdateTranslationsView,
    submit_buttons,
    submit_translation,
    upload_pofile,
)
from .views import ReviewDueReportView


@hooks.register("register_admin_urls")
def register_review_due_report_urls():
    return [
        path(
            "reports/due-for-medical-review/",
            ReviewDueReportView.as_view(),
            name="reviews_due_report",
        ),
        path(
            "reports/due-for-medical-review/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="reviews_due_report_results",
        ),
    ]


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_pages(request.user)


@hooks.register("register_reports_menu_item")
def register_review_due_report_menu_item():
    return EditorMenuItem(
        _("Due for medical review"),
        reverse("reviews_due_report"),
        name="due-for-medical-review",
        icon_name="time",
        order=110,
    )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel())


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    @actions.register_action(RECORD_REVIEW_ACTION)
    class RecordReviewFormatter(LogFormatter):
        label = _("Medical review recorded")

        def format_message(self, log_entry):
            try:
                return _("Reviewed by %(doctor)s on %(date)s") % {
                    "doctor": log_entry.data["doctor"]["name"],
                    "date": log_entry.data["date"],
                }
            except (KeyError, TypeError):
                return _("Medical review recorded")


@hooks.register("register_admin_urls", order=-1)
def register_translation_review_urls():
    """Registered before wagtail-localize's URLs, so that its "Sync
    translated pages" and PO upload paths are answered by the views of
    ``reviews.translations`` (``reverse("wagtail_localize:...")`` still names
    them)."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ReviewedUpdateTranslationsView.as_view(),
            name="reviews_update_translations",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_pofile,
            name="reviews_upload_pofile",
        ),
        path(
            "reviews/translations/<int:page_id>/submit/",
            submit_translation,
            name="reviews_submit_translation",
        ),
    ]


hooks.register("register_page_listing_more_buttons", submit_buttons)
