"""The "Search analytics" report: what visitors search for, and what fails."""

import datetime

import django_filters
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from . import analytics
from .models import NoResultsDailyHits

PERIODS = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 365 days")),
]
DEFAULT_PERIOD = "30"
# Who may see the report: superusers, and whoever may tune the search (edit
# promoted results or synonyms), since this is what they tune it with.
PERMISSIONS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "search.add_searchsynonym",
    "search.change_searchsynonym",
)


def can_see_search_analytics(user):
    return user.is_superuser or any(user.has_perm(perm) for perm in PERMISSIONS)


def _keep(queryset, name, value):
    """The period is applied by the view's annotations, not as a filter."""
    return queryset


class SearchAnalyticsFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=PERIODS, method=_keep, empty_label=None
    )
    no_results = django_filters.BooleanFilter(
        label=_("Only searches that found nothing"),
        method="filter_no_results",
        widget=django_filters.widgets.BooleanWidget(),
    )

    def filter_no_results(self, queryset, name, value):
        return queryset.filter(no_results__gt=0) if value else queryset

    class Meta:
        model = Query
        fields = []


def _total(model, since):
    return Coalesce(
        Subquery(
            model.objects.filter(query=OuterRef("pk"), date__gte=since)
            .values("query")
            .annotate(total=Sum("hits"))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


class SearchAnalyticsReportView(ReportView):
    """Searches per normalised query over a period, and how many found nothing.

    Sort by "No results" (or tick the filter) to see what visitors look for
    and do not find: each is a page to write, a synonym to add or a result
    to promote. Counts only: nothing about who searched is stored.
    """

    page_title = _("Search analytics")
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = SearchAnalyticsFilterSet
    default_ordering = "-searches"
    index_url_name = "search_analytics"
    index_results_url_name = "search_analytics_results"
    columns = [
        Column("query_string", label=_("Query"), sort_key="query_string"),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("no_results", label=_("No results"), sort_key="no_results"),
    ]
    list_export = ["query_string", "searches", "no_results"]
    export_headings = {
        "query_string": _("Query"),
        "searches": _("Searches"),
        "no_results": _("No results"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_see_search_analytics(request.user):
            return permission_denied(request)
        # The searches still counted in Redis, in the figures too.
        analytics.flush_pending()
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "search-analytics"

    @property
    def period_days(self):
        period = self.request.GET.get("period", DEFAULT_PERIOD)
        return int(period if period in dict(PERIODS) else DEFAULT_PERIOD)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        data.setdefault("period", DEFAULT_PERIOD)
        kwargs["data"] = data
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_ordering(self):
        if not self.is_explicitly_ordered and self.request.GET.get("no_results") in (
            "true",
            "True",
            "1",
        ):
            return "-no_results"
        return super().get_ordering()

    def get_base_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=self.period_days - 1)
        return Query.objects.annotate(
            searches=_total(QueryDailyHits, since),
            no_results=_total(NoResultsDailyHits, since),
        ).filter(searches__gt=0)
