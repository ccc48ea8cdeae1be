"""The SEO and trust audit report in the Wagtail admin (Reports menu).

It reads the stored audit (``seo.audit_store``), a page of rows at a time;
it never audits. "Audit again" queues a full audit in the background.
"""

from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, FilteredRelation, Q
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page, Site

from .audit import default_site, site_pages
from .audit_store import site_finding, tag_filter
from .checks import CHECKS
from .findings import SEVERITY_LABELS, CountsFindings, Finding
from .models import SiteAuditResult
from .site_checks import SITE_CHECKS
from .tasks import request_full_audit

PAGE_SIZE = 50
# A site-wide finding can name thousands of pages (orphans, missing
# descriptions); the report shows the first ones, seo_audit prints them all.
SITE_URLS_SHOWN = 20
# And a large site can have thousands of them (a duplicate title per pair).
SITE_FINDINGS_SHOWN = 50
RUN_AUDIT_PERMISSION = "seo.run_seo_audit"


class AuditFilterForm(forms.Form):
    severity = forms.ChoiceField(
        required=False,
        choices=[("", _("Any severity")), *SEVERITY_LABELS.items()],
    )
    check = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [(check.name, check.label) for check in CHECKS]
        names.append(("robots", _("Robots (noindex)")))
        names.extend(SITE_CHECKS)
        self.fields["check"].choices = [("", _("Any check"))] + names


@dataclass
class ReportRow(CountsFindings):
    """One live page of the report: its stored audit, or none yet."""

    page_id: int
    title: str
    url: str
    audited: bool
    score: int | None = None
    findings: list = field(default_factory=list)
    computed_at: datetime | None = None
    revision_id: int | None = None
    language: str = ""

    @property
    def findings_html(self):
        """The findings as list items, built here rather than in a template
        loop (50 rows of a dozen findings each were most of the report's cost);
        every value is escaped as the template would."""
        items = []
        for f in self.findings:
            target = f" <code>{escape(f.target)}</code>" if f.target else ""
            items.append(
                f'<li class="seo-finding seo-finding--{escape(f.severity)}">'
                f"<strong>{escape(str(f.severity_label))}</strong> · "
                f"{escape(f.check)}{target}: {escape(f.message)}</li>"
            )
        return mark_safe("".join(items))  # noqa: S308 - every part escaped above

    @property
    def findings_text(self):
        """All findings on one line each, for spreadsheet exports."""
        if not self.audited:
            return gettext("Not audited yet.")
        return "\n".join(
            f"[{f.severity}] {f.check}: {f.message}" for f in self.findings
        )


DETAILS = (
    "pk",
    "title",
    "audit_id",
    "audit_score",
    "audit_title",
    "audit_url",
    "audit_findings",
    "audit_computed_at",
    "audit_revision_id",
    "audit_language",
)


def page_rows(site, severity="", check="", fields=DETAILS):
    """The live pages of ``site`` (every language tree) with their stored
    audit, worst first; pages not audited yet come first. With a filter, only
    audited pages that have a matching finding."""
    rows = (
        site_pages(site)
        .alias(
            audit=FilteredRelation(
                "seo_audit_results", condition=Q(seo_audit_results__site=site)
            )
        )
        .annotate(
            audit_id=F("audit__id"),
            audit_score=F("audit__score"),
            audit_title=F("audit__title"),
            audit_url=F("audit__url"),
            audit_findings=F("audit__findings"),
            audit_computed_at=F("audit__computed_at"),
            audit_revision_id=F("audit__revision_id"),
            audit_language=F("audit__language"),
        )
        .order_by(F("audit_score").asc(nulls_first=True), "audit_url", "path")
    )
    tag = tag_filter(severity, check)
    if tag:
        rows = rows.filter(audit__tags__contains=tag)
    return rows.values(*fields)


def page_of_rows(site, page_ids):
    """``page_rows`` values of ``page_ids``, in that order.

    The report pages through the ids alone and then reads the details of 50
    pages: sorting every page's findings along with it is what made the
    report slow at 10,000 pages.
    """
    found = {
        value["pk"]: value
        for value in page_rows(site).filter(pk__in=page_ids).order_by()
    }
    return [found[pk] for pk in page_ids if pk in found]


def report_rows(values, request, severity="", check=""):
    """``ReportRow``s of ``page_rows`` values, findings narrowed to the filters."""
    values = list(values)
    missing = [value["pk"] for value in values if value["audit_id"] is None]
    urls = {}
    if missing:
        for page in Page.objects.filter(pk__in=missing):
            urls[page.pk] = page.get_url(request) or ""
    rows = []
    for value in values:
        if value["audit_id"] is None:
            rows.append(
                ReportRow(value["pk"], value["title"], urls.get(value["pk"], ""), False)
            )
            continue
        findings = [
            Finding.from_dict(finding)
            for finding in value["audit_findings"] or []
            if (not severity or finding["severity"] == severity)
            and (not check or finding["check"] == check)
        ]
        rows.append(
            ReportRow(
                value["pk"],
                value["audit_title"],
                value["audit_url"],
                True,
                value["audit_score"],
                findings,
                value["audit_computed_at"],
                value["audit_revision_id"],
                value["audit_language"],
            )
        )
    return rows


def audit_pending(site_result):
    """Whether a full audit was asked for and has not finished since."""
    if site_result is None or site_result.requested_at is None:
        return False
    done = site_result.full_audit_at
    return done is None or site_result.requested_at > done


class SeoAuditReportView(
    SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Every live page with its stored findings and score, worst first.

    Filters narrow the findings shown (and the pages: a page with no finding
    left is hidden); the CSV/XLSX export follows the same filters. Pages not
    audited yet are listed first, as such, when no filter is set.
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
        try:
            site = default_site()
        except Site.DoesNotExist:
            site = None
        site_result = (
            SiteAuditResult.objects.filter(site=site).first() if site else None
        )
        values = page_rows(site, severity, check) if site else Page.objects.none()
        ids = (
            page_rows(site, severity, check, fields=("pk",)).values_list(
                "pk", flat=True
            )
            if site
            else Page.objects.none()
        )
        if self.is_export:
            rows = report_rows(values, request, severity, check)
            return self.as_spreadsheet(rows, request.GET.get("export"))
        paginator = Paginator(ids, PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("p"))
        # Filtered as stored; only those shown are translated (a large site
        # stores thousands: a duplicate title per pair of pages).
        matching = [
            data
            for data in (site_result.findings if site_result else [])
            if (not severity or data["severity"] == severity)
            and (not check or data["check"] == check)
        ]
        site_findings = [site_finding(d) for d in matching[:SITE_FINDINGS_SHOWN]]
        query = request.GET.copy()
        query.pop("p", None)
        context = self.get_context_data(
            pages=report_rows(
                page_of_rows(site, list(page_obj.object_list)) if site else [],
                request,
                severity,
                check,
            ),
            page_obj=page_obj,
            paginator=paginator,
            site_result=site_result,
            site_findings=[
                (
                    dict(SITE_CHECKS).get(finding.check, finding.check),
                    finding,
                    finding.urls[:SITE_URLS_SHOWN],
                    max(0, len(finding.urls) - SITE_URLS_SHOWN),
                )
                for finding in site_findings
            ],
            more_site_findings=max(0, len(matching) - SITE_FINDINGS_SHOWN),
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            can_audit_again=request.user.has_perm(RUN_AUDIT_PERMISSION),
            audit_pending=audit_pending(site_result),
        )
        return self.render_to_response(context)


class SeoAuditRefreshView(View):
    """ "Audit again": queue a full audit of the default site (POST only)."""

    http_method_names = ["post"]

    def post(self, request):
        if not request.user.has_perm(RUN_AUDIT_PERMISSION):
            # A 403, not Wagtail's redirect for PermissionDenied: nothing was
            # queued, and a script calling this should know.
            return HttpResponseForbidden(
                gettext("You may not run the SEO & trust audit again.")
            )
        try:
            site = default_site()
        except Site.DoesNotExist:
            return redirect("seo_audit_report")
        request_full_audit(site)
        messages.success(
            request,
            gettext(
                "A full audit has been queued. It runs in the background; the "
                "report shows each page's new result as it is stored."
            ),
        )
        return redirect("seo_audit_report")
