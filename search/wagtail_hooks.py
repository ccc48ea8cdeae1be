"""Admin: "Search synonyms" (Settings menu) and "Search analytics" (Reports)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import SearchAnalyticsReportView, can_see_search_analytics
from .models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    menu_order = 910  # next to Wagtail's "Promoted search results"
    list_display = ["term", "equivalents"]
    search_fields = None


register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_urls")
def register_search_analytics_urls():
    return [
        path(
            "reports/search-analytics/",
            SearchAnalyticsReportView.as_view(),
            name="search_analytics",
        ),
        path(
            "reports/search-analytics/results/",
            SearchAnalyticsReportView.as_view(results_only=True),
            name="search_analytics_results",
        ),
    ]


class SearchAnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_search_analytics(request.user)


@hooks.register("register_reports_menu_item")
def register_search_analytics_menu_item():
    return SearchAnalyticsMenuItem(
        _("Search analytics"),
        reverse("search_analytics"),
        name="search-analytics",
        icon_name="search",
        order=1200,
    )
