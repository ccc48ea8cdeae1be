"""The "Due for medical review" report (Reports menu), with CSV/XLSX export."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView

from doctors.models import Doctor
from seo.page_access import EDITOR_ACTIONS, editable_by
from treatments.models import TreatmentPage

from .due import days_overdue, due_for_review


class ReviewDueFilterSet(WagtailFilterSet):
    medical_reviewer = django_filters.ModelChoiceFilter(
        label=_("Reviewer"),
        queryset=lambda request: Doctor.objects.order_by("name"),
    )
    never_reviewed = django_filters.BooleanFilter(
        label=_("Never reviewed"),
        field_name="last_reviewed",
        lookup_expr="isnull",
    )

    class Meta:
        model = TreatmentPage
        fields = ["medical_reviewer", "never_reviewed"]


class ReviewDueReportView(PageReportView):
    """Live treatment pages whose medical review is missing or too old."""

    page_title = _("Due for medical review")
    header_icon = "time"
    results_template_name = "reviews/admin/review_due_results.html"
    index_url_name = "reviews_due_report"
    index_results_url_name = "reviews_due_report_results"
    filterset_class = ReviewDueFilterSet
    any_permission_required = EDITOR_ACTIONS
    list_export = [
        "title",
        "full_url",
        "medical_reviewer",
        "last_reviewed",
        "days_overdue",
        "status_string",
    ]
    export_headings = {
        "title": _("Title"),
        "full_url": _("URL"),
        "medical_reviewer": _("Reviewer"),
        "last_reviewed": _("Last reviewed"),
        "days_overdue": _("Days overdue"),
        "status_string": _("Status"),
    }

    def get_filename(self):
        return f"due-for-medical-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        pages = due_for_review().prefetch_workflow_states().annotate_approved_schedule()
        self.queryset = editable_by(pages, self.request.user)
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            page.days_overdue = days_overdue(page, today)
        return object_list
