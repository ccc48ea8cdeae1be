"""The dashboard panel "Lowest SEO and trust scores", for page editors."""

from wagtail.admin.ui.components import Component

from .dashboard_summary import audit_summary
from .page_access import can_edit_pages

SEO_WORST_LIMIT = 5


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
        summary = audit_summary(request.user, SEO_WORST_LIMIT)
        return {**summary, "request": request}
