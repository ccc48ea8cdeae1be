"""The dashboard panel of pages due for medical review.

Wagtail's own panels already show an editor the pages they submitted that
await review ("Your pages and snippets in a workflow") and a reviewer the
pages awaiting them ("Awaiting your review").
"""

from django.utils import timezone

from seo.dashboard import EditorPanel
from seo.page_access import editable_by

from .due import days_overdue, due_for_review

REVIEW_DUE_LIMIT = 10


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
