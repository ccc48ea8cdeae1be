"""A visitor's search, start to finish: what the search page shows.

One code path for every backend: the query is expanded with editors'
synonyms and Turkish spellings (``query.QueryPlan``), run on live, public
pages of the current locale, preceded by editors' promoted results. A query
that finds nothing is corrected with the site's vocabulary ("Did you mean"),
then loosened to pages with any of its words.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from home.models import HomePageFeaturedTreatment

from . import vocabulary
from .excerpt import excerpt
from .query import QueryPlan, SynonymTable
from .stored_text import stored_texts

# Words shorter than this are never "corrected" (CP, MS, IV are words here).
MIN_CORRECTABLE = 3
MAX_CORRECTIONS = 5
POPULAR_DAYS = 30
POPULAR_CACHE_SECONDS = 60 * 60


@dataclass
class Hit:
    page: Page
    url: str
    full_url: str
    trail: list
    excerpt: str
    summary: str


@dataclass
class Promotion:
    title: str
    url: str
    description: str
    page: Page = None


@dataclass
class Outcome:
    query: str
    plan: QueryPlan = None
    results: object = None  # a Paginator page of pages
    hits: list = field(default_factory=list)
    count: int = 0
    promotions: list = field(default_factory=list)
    suggestion: str = ""  # "Did you mean …?": the results shown are its
    partial: bool = False  # the results have some of the words, not all
    found: bool = False  # whether the query as typed found anything

    @property
    def first_page(self):
        return self.results is None or self.results.number == 1


def searchable_pages(locale):
    """Live pages of ``locale`` that anyone may see."""
    return Page.objects.live().public().filter(locale=locale).specific()


def run_search(query, *, request, locale, language, page_number, per_page):
    plan = QueryPlan(query, language, SynonymTable.load())
    outcome = Outcome(query=query, plan=plan)
    if not plan:
        return outcome
    outcome.promotions = promoted(plan, query, locale, request)
    promoted_ids = [p.page.pk for p in outcome.promotions if p.page]
    # A result shows the title, the excerpt (from the index's stored text)
    # and the summary: decoding ten pages' bodies would cost more than the
    # search itself.
    pages = searchable_pages(locale).defer_streamfields()
    if promoted_ids:
        pages = pages.exclude(id__in=promoted_ids)
    results = pages.search(plan.backend_query())
    count = results.count()
    outcome.found = bool(count or outcome.promotions)

    # "Did you mean" only when nothing matched: every word must match, so a
    # misspelt word almost always leaves the query with no result at all.
    correction = None if count else corrected_plan(plan, language)
    if correction:
        corrected_results = pages.search(correction.backend_query())
        corrected_count = corrected_results.count()
        if corrected_count:
            outcome.suggestion = " ".join(correction.words)
            results, count, plan = corrected_results, corrected_count, correction

    # Still nothing: pages with some of the words ("stem cells for my son"),
    # those with the most of them first.
    if not count and len(plan.parts) > 1:
        partial = pages.search(plan.backend_query(match_all=False))
        partial_count = partial.count()
        if partial_count:
            results, count = partial, partial_count
            outcome.partial = True

    outcome.count = count
    if count:
        paginator = Paginator(results, per_page)
        try:
            outcome.results = paginator.page(page_number)
        except (EmptyPage, PageNotAnInteger):
            outcome.results = paginator.page(paginator.num_pages)
        outcome.hits = hits(list(outcome.results), plan, request)
    if not outcome.first_page:
        outcome.promotions = []
    return outcome


def corrected_plan(plan, language):
    """The query with unknown words replaced by the closest known ones, or None.

    Only single words without synonyms are candidates, and only words that no
    page uses as written are replaced.
    """
    candidates = {
        index: part.words[0]
        for index, part in enumerate(plan.parts)
        if part.correctable
        and len(part.words[0]) >= MIN_CORRECTABLE
        and not part.words[0].isdigit()
    }
    if not candidates:
        return None
    unknown = set(vocabulary.unknown_words(list(candidates.values()), language))
    if not unknown:
        return None
    replacements = {}
    for index, word in list(candidates.items())[:MAX_CORRECTIONS]:
        if word in unknown:
            nearest = vocabulary.nearest_word(word, language)
            if nearest and nearest != word:
                replacements[index] = nearest
    if not replacements:
        return None
    return QueryPlan(plan.replaced(replacements), language, plan.synonym_table)


def promoted(plan, query, locale, request):
    """Editors' picks for this query (Wagtail's search promotions).

    A picked page is shown in the visitor's language: its translation in the
    current locale, if there is one; never a draft or a private page.
    """
    strings = {normalise_query_string(query), plan.normalised}
    picks = (
        SearchPromotion.objects.filter(query__query_string__in=strings)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    chosen = []
    for pick in picks:  # usually none: one query, and no page lookups
        page = pick.page
        if page is not None and page.locale_id != locale.pk:
            page = page.get_translation_or_none(locale)
            if page is None:
                continue
        chosen.append((pick, page))
    if not chosen:
        return []
    visible = searchable_pages(locale).in_bulk(
        [page.pk for _pick, page in chosen if page is not None]
    )
    promotions, seen = [], set()
    for pick, page in chosen:
        if page is None:
            if pick.external_link_url and pick.external_link_url not in seen:
                seen.add(pick.external_link_url)
                promotions.append(
                    Promotion(
                        pick.external_link_text or pick.external_link_url,
                        pick.external_link_url,
                        pick.description,
                    )
                )
        elif page.pk in visible and page.pk not in seen:
            seen.add(page.pk)
            page = visible[page.pk]
            promotions.append(
                Promotion(page.title, page.get_url(request), pick.description, page)
            )
    return promotions


def trails(pages):
    """For each page, the titles of the pages above it ("Home", "Treatments")."""
    steplen = Page.steplen
    paths = {
        page.pk: [page.path[: steplen * depth] for depth in range(2, page.depth)]
        for page in pages
    }
    wanted = {path for page_paths in paths.values() for path in page_paths}
    titles = dict(Page.objects.filter(path__in=wanted).values_list("path", "title"))
    home_length = steplen * 2
    return {
        pk: [
            _("Home") if len(path) == home_length else titles[path]
            for path in page_paths
            if path in titles
        ]
        for pk, page_paths in paths.items()
    }


def _texts(page, stored=None):
    """The texts an excerpt may come from, read only as far as needed.

    The text the search index holds for the page (``stored``) when there is
    one, else the page's indexed fields, computed again.
    """
    yield page.search_description
    if stored is not None:
        yield stored
        return
    for name, text in vocabulary.page_fields(page):
        if name != "title":
            yield text


def hits(pages, plan, request):
    wanted = plan.highlight_keys
    page_trails = trails(pages)
    texts = stored_texts(pages)
    found = []
    for page in pages:
        found.append(
            Hit(
                page=page,
                url=page.get_url(request),
                full_url=page.get_full_url(request),
                trail=page_trails.get(page.pk, []),
                excerpt=excerpt(_texts(page, texts.get(page.pk)), wanted),
                summary=page.search_description or getattr(page, "summary", ""),
            )
        )
    return found


def popular_pages(locale, language, limit=6):
    """Pages to suggest when a search finds nothing.

    The first result of each of the most searched queries of the last 30
    days, then the treatments the home page features. Only pages are shown,
    never what other visitors typed.
    """
    cache_key = f"search:popular:{locale.pk}"
    ids = cache.get(cache_key)
    if ids is None:
        ids = []
        since = timezone.localdate() - datetime.timedelta(days=POPULAR_DAYS)
        synonyms = SynonymTable.load()
        for query in Query.get_most_popular(date_since=since)[:10]:
            plan = QueryPlan(query.query_string, language, synonyms)
            if plan and len(ids) < limit:
                top = searchable_pages(locale).search(plan.backend_query())[:1]
                ids += [page.pk for page in top if page.pk not in ids]
        featured = HomePageFeaturedTreatment.objects.filter(
            page__locale=locale
        ).order_by("sort_order")
        ids += list(featured.values_list("treatment_id", flat=True))
        ids = list(dict.fromkeys(ids))[:limit]
        cache.set(cache_key, ids, POPULAR_CACHE_SECONDS)
    pages = searchable_pages(locale).defer_streamfields().in_bulk(ids)
    return [pages[pk] for pk in ids if pk in pages]
