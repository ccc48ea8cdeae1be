"""The SEO and trust audit report in the Wagtail admin (Reports menu)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .audit import run_audit
from .checks import CHECKS
from .findings import SEVERITIES
from .site_checks import SITE_CHECKS


class AuditFilterForm(forms.Form):
    severity = forms.ChoiceField(
        required=False,
        choices=[("", _("Any severity"))] + [(s, s.title()) for s in SEVERITIES],
    )
    check = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [(check.name, check.label) for check in CHECKS]
        names.append(("robots", _("Robots (noindex)")))
        names.extend(SITE_CHECKS)
        self.fields["check"].choices = [("", _("Any check"))] + names


class SeoAuditReportView(
    SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Every live page with its findings and score, worst first.

    Filters narrow the findings shown (and the pages: a page with no finding
    left is hidden); the CSV/XLSX export follows the same filters.
    """

    template_name = "seo/admin/audit_report.html"
    page_title = _("SEO & trust audit")
    header_icon = "search"
    list_export = ["title", "url", "score", "errors", "warnings", "findings_text"]
    export_headings = {
        "title": _("Title"),
        "url": _("URL"),
        "score": _("Score"),
        "errors": _("Errors"),
        "warnings": _("Warnings"),
        "findings_text": _("Findings"),
    }

    def get_filename(self):
        return "seo-audit"

    def get(self, request, *args, **kwargs):
        self.filter_form = AuditFilterForm(request.GET or None)
        severity = check = ""
        if self.filter_form.is_valid():
            severity = self.filter_form.cleaned_data["severity"]
            check = self.filter_form.cleaned_data["check"]
        report = run_audit()
        pages = [self._filtered(page, severity, check) for page in report.pages]
        if severity or check:
            pages = [page for page in pages if page.findings]
        site_findings = [
            finding
            for finding in report.site
            if (not severity or finding.severity == severity)
            and (not check or finding.check == check)
        ]
        if self.is_export:
            return self.as_spreadsheet(pages, request.GET.get("export"))
        context = self.get_context_data(
            pages=pages,
            site_findings=[
                (dict(SITE_CHECKS).get(finding.check, finding.check), finding)
                for finding in site_findings
            ],
            filter_form=self.filter_form,
            query_string=request.GET.urlencode(),
        )
        return self.render_to_response(context)

    @staticmethod
    def _filtered(page, severity, check):
        """A copy of ``page`` holding only the findings the filters keep."""
        from copy import copy

        kept = copy(page)
        kept.findings = [
            finding
            for finding in page.findings
            if (not severity or finding.severity == severity)
            and (not check or finding.check == check)
        ]
        return kept
