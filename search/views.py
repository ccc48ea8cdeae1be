"""The site search page."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

from .query import clean_query, search_terms


def _page_number(raw):
    """A positive page number, or 1 for anything that is not one."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return number if number > 0 else 1


def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    results = None
    terms = search_terms(query)
    if terms:
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(terms)
        )
        paginator = Paginator(pages, settings.SEARCH_RESULTS_PER_PAGE)
        try:
            results = paginator.page(_page_number(request.GET.get("page")))
        except (EmptyPage, PageNotAnInteger):
            results = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": results,
            "query_truncated": truncated,
            "query_max_length": settings.SEARCH_QUERY_MAX_LENGTH,
        },
    )
