from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard import SeoWorstPagesPanel
from .views import SeoAuditRefreshView, SeoAuditReportView


@hooks.register("register_admin_urls")
def register_seo_report_url():
    return [
        path(
            "reports/seo-audit/",
            SeoAuditReportView.as_view(),
            name="seo_audit_report",
        ),
        path(
            "reports/seo-audit/audit-again/",
            SeoAuditRefreshView.as_view(),
            name="seo_audit_refresh",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_seo_report_menu_item():
    return MenuItem(
        _("SEO & trust audit"),
        reverse("seo_audit_report"),
        icon_name="search",
        order=100,
    )


@hooks.register("construct_homepage_panels")
def add_seo_worst_pages_panel(request, panels):
    panels.append(SeoWorstPagesPanel())


@hooks.register("register_permissions")
def register_run_seo_audit_permission():
    """Settings › Groups can give "Can run the SEO & trust audit again"."""
    return Permission.objects.filter(
        content_type__app_label="seo", codename="run_seo_audit"
    )
