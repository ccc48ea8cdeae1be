"""The site search page, and the suggestions the header's search box shows."""

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from .analytics import RESULT_COUNT_HEADER
from .engine import popular_pages, run_search
from .query import QueryPlan, clean_query

SUGGESTIONS = 8
# Fewer characters than this get no suggestions (every page would match).
SUGGEST_MIN_CHARS = 2


def _page_number(raw):
    """A positive page number, or 1 for anything that is not one."""
    try:
        number = int(raw)
    except (TypeError, ValueError, OverflowError):
        return 1
    return number if number > 0 else 1


def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    locale = Locale.get_active()
    language = get_language()
    page_number = _page_number(request.GET.get("page"))
    outcome = run_search(
        query,
        request=request,
        locale=locale,
        language=language,
        page_number=page_number,
        per_page=settings.SEARCH_RESULTS_PER_PAGE,
    )
    popular = []
    if not outcome.count and not outcome.promotions:
        popular = popular_pages(locale, language)
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": outcome.results,
            "outcome": outcome,
            "popular_pages": popular,
            "query_truncated": truncated,
            "query_max_length": settings.SEARCH_QUERY_MAX_LENGTH,
        },
    )
    if outcome.plan and "page" not in request.GET:
        # A first search, counted by search.middleware (also when cached).
        found = outcome.count + len(outcome.promotions) if outcome.found else 0
        response[RESULT_COUNT_HEADER] = str(found)
    return response


def suggest(request):
    """Pages whose title starts with what is typed, as JSON, for the search box.

    {"query": "...", "suggestions": [{"title": "...", "url": "..."}]}. The
    JavaScript shows them as a list under the box; the form works without.
    """
    query, _truncated = clean_query(request.GET.get("q", ""))
    plan = QueryPlan(query, get_language())
    suggestions = []
    if plan and len(query) >= SUGGEST_MIN_CHARS:
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .autocomplete(plan.backend_query())
        )
        suggestions = [
            {"title": page.title, "url": page.get_url(request)}
            for page in pages[:SUGGESTIONS]
        ]
    return JsonResponse({"query": query, "suggestions": suggestions})
