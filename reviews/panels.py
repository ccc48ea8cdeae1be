"""Dashboard panels: pages due for medical review, and the SEO audit's worst.

Wagtail's own panels already show an editor the pages they submitted that
await review ("Your pages and snippets in a workflow") and a reviewer the
pages awaiting them ("Awaiting your review").
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from .access import can_edit_pages, editable_by
from .due import days_overdue, due_for_review
from .seo_summary import SUMMARY_TIMEOUT, audit_summary

REVIEW_DUE_LIMIT = 10
SEO_WORST_LIMIT = 5
JUST_NOW = timedelta(minutes=1)


class EditorPanel(Component):
    """A panel shown only to users who can add, edit or publish pages."""

    def render_html(self, parent_context=None):
        if not can_edit_pages(parent_context["request"].user):
            return ""
        return super().render_html(parent_context)


class ReviewDuePanel(EditorPanel):
    name = "review_due"
    template_name = "reviews/dashboard/review_due.html"
    order = 230

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        pages = editable_by(due_for_review(), request.user)
        total = pages.count()
        shown = list(pages[:REVIEW_DUE_LIMIT])
        today = timezone.localdate()
        for page in shown:
            page.days_overdue = days_overdue(page, today)
        return {"pages": shown, "total": total, "request": request}


class SeoWorstPagesPanel(EditorPanel):
    name = "seo_worst_pages"
    template_name = "reviews/dashboard/seo_worst_pages.html"
    order = 240

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        summary = audit_summary()
        ids = [row["page_id"] for row in summary["pages"]]
        allowed = set(
            editable_by(Page.objects.filter(pk__in=ids), request.user).values_list(
                "pk", flat=True
            )
        )
        rows = [row for row in summary["pages"] if row["page_id"] in allowed]
        return {
            "rows": rows[:SEO_WORST_LIMIT],
            "audited": summary["total"],
            "computed_at": summary["computed_at"],
            "just_now": timezone.now() - summary["computed_at"] < JUST_NOW,
            "max_age_minutes": SUMMARY_TIMEOUT // 60,
            "request": request,
        }
