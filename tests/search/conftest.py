"""Pages to search for, made through Wagtail's publishing like an editor's."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.contrib.search_promotions.models import QueryDailyHits
from wagtail.models import Locale

from search.models import NoResultsDailyHits
from treatments.models import TreatmentIndexPage, TreatmentPage


def results(response):
    """(result hrefs in order, parsed page) of a search results page."""
    soup = BeautifulSoup(response.content, "html.parser")
    items = soup.select("main ol.search-results > li")
    return [li.find("a")["href"] for li in items], soup


def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def index_page(demo):
    return TreatmentIndexPage.objects.get(locale=Locale.get_default())


@pytest.fixture
def make_page(index_page):
    """make_page(title, body=[(type, value)...], ...) → a published page."""

    def make(
        title,
        *,
        body=(),
        summary="General information.",
        condition="Other",
        parent=None,
        publish=True,
        **fields,
    ):
        page = TreatmentPage(
            title=title,
            condition_name=condition,
            summary=summary,
            body=[{"type": kind, "value": value} for kind, value in body],
            live=publish,
            **fields,
        )
        (parent or index_page).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return page

    return make


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


@pytest.fixture
def turkish(demo):
    """The Turkish home and treatments index (published), under /tr/."""
    locale = Locale.objects.get(language_code="tr")
    index = demo.get_parent()
    for page in (index.get_parent(), index):
        # The demo content may have made them already.
        translation = page.get_translation_or_none(locale)
        if translation is None:
            translation = page.copy_for_translation(locale)
        if not translation.live:
            translation.save_revision().publish()
    return translation.specific


def searches(query_string):
    """How many searches for ``query_string`` the database has counted."""
    return sum(
        QueryDailyHits.objects.filter(query__query_string=query_string).values_list(
            "hits", flat=True
        )
    )


def misses(query_string):
    """How many of them found nothing."""
    return sum(
        NoResultsDailyHits.objects.filter(query__query_string=query_string).values_list(
            "hits", flat=True
        )
    )
