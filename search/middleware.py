"""Counts searches, including the ones the page cache answers.

Search result pages stay in wagtail-cache's page cache (a popular query is
served from it), so the search view alone would count only the first visitor
of each query per publish. This middleware sits between the cache's fetching
and storing halves: it sees every response, fresh or cached, and the search
view marks first result pages with ``X-Search-Results: <count>``.
"""

from django.utils.translation import get_language

from .analytics import RESULT_COUNT_HEADER, record_search
from .query import QueryPlan, clean_query


class SearchAnalyticsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        count = response.get(RESULT_COUNT_HEADER)
        if count is not None and request.method == "GET":
            query, _truncated = clean_query(request.GET.get("q", ""))
            plan = QueryPlan(query, get_language())
            record_search(query, plan.normalised, found=count != "0")
        return response
