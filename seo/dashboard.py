"""The dashboard panel "Lowest SEO and trust scores", for page editors."""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from .dashboard_summary import SUMMARY_TIMEOUT, audit_summary
from .page_access import can_edit_pages, editable_by

SEO_WORST_LIMIT = 5
JUST_NOW = timedelta(minutes=1)


class EditorPanel(Component):
    """A panel shown only to users who can add, edit or publish pages."""

    def render_html(self, parent_context=None):
        if not can_edit_pages(parent_context["request"].user):
            return ""
        return super().render_html(parent_context)


class SeoWorstPagesPanel(EditorPanel):
    name = "seo_worst_pages"
    template_name = "seo/dashboard/seo_worst_pages.html"
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
