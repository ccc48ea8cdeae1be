from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard import SeoWorstPagesPanel
from .views import SeoAuditReportView


@hooks.register("register_admin_urls")
def register_seo_report_url():
    return [
        path(
            "reports/seo-audit/",
            SeoAuditReportView.as_view(),
            name="seo_audit_report",
        )
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
