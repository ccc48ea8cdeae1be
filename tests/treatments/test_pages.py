"""Every page type renders with the content that matters, in a fixed number of
queries that does not grow with the number of blocks."""

import copy

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home.models import HomePage
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage

# Measured on the seed page (bakerydemo's StreamField page needs 19), the same
# on SQLite and PostgreSQL, with one query to find the /doctors/ page that the
# reviewer byline and the doctor quote link to (looked up once per request,
# however many doctors the page shows), and one for the ancestors, which
# Wagtail's view restriction check, the visible breadcrumbs and the JSON-LD
# BreadcrumbList share (ClinicSeoMixin.lineage). The treatment and its medical
# reviewer are read in one query (TreatmentIndexPage.route), where Wagtail
# reads the treatment twice and the reviewer once more. The menu, the language
# switcher, the disclaimer and the enquiry form's texts come from clinic.memo,
# and the request's Wagtail Site from the shared cache (site_lookup).
SEED_PAGE_QUERIES = 12


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    """These tests measure rendering; the page cache has its own tests."""
    settings.WAGTAIL_CACHE = False


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_home_page_renders_intro_featured_treatment_and_contact(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert (
        soup.h1.get_text(strip=True)
        == HomePage.objects.get(locale__language_code="en").title
    )
    featured = soup.select("main .card-list a")
    assert [a["href"] for a in featured] == [SEED_URL]
    contact = soup.select_one("main .contact-block")
    assert "Prof. Dr. Erdinç Özek" in contact.get_text()
    nav = [a.get_text(strip=True) for a in soup.select("header nav.site-nav a")]
    assert nav == ["Home", "Treatments", "Our doctors"]


def test_treatment_index_lists_its_live_treatments_only(client, demo):
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    draft = TreatmentPage(
        title="Unpublished therapy", condition_name="X", summary="Draft", live=False
    )
    index.add_child(instance=draft)
    response = client.get("/treatments/")
    assert response.status_code == 200
    links = [a.get_text(strip=True) for a in soup_of(response).select("main h2 a")]
    assert links == ["Stem Cell Therapy for Cerebral Palsy"]


def add_treatments(index, count):
    for number in range(1, count + 1):
        index.add_child(
            instance=TreatmentPage(
                title=f"Therapy {number:02d}",
                condition_name="Condition",
                summary=f"Summary {number:02d}",
            )
        )


def test_treatment_index_pages_its_listing_and_reads_no_bodies(client, demo):
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    add_treatments(index, 30)  # and the seed page: 31, over two pages of 24
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/treatments/")
    # Read now: the next request empties the log the capture reads from.
    listing = [q["sql"] for q in queries if "treatments_treatmentpage" in q["sql"]]
    second = client.get("/treatments/?page=2")

    assert first.status_code == second.status_code == 200
    first_titles = [a.get_text(strip=True) for a in soup_of(first).select("main h2 a")]
    second_titles = [
        a.get_text(strip=True) for a in soup_of(second).select("main h2 a")
    ]
    assert len(first_titles) == TreatmentIndexPage.per_page
    assert first_titles + second_titles == sorted(
        TreatmentPage.objects.live()
        .filter(locale__language_code="en")
        .values_list("title", flat=True)
    )
    assert soup_of(first).select_one("nav.pagination a[rel=next]")["href"] == (
        "?page=2"
    )
    assert soup_of(second).select_one("nav.pagination a[rel=prev]")["href"] == (
        "?page=1"
    )
    canonical = soup_of(second).select_one("link[rel=canonical]")["href"]
    assert canonical.endswith("/treatments/?page=2")
    assert (
        soup_of(first)
        .select_one("link[rel=canonical]")["href"]
        .endswith("/treatments/")
    )
    assert listing
    assert not any('"body"' in sql for sql in listing)


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1"])
def test_a_listing_page_that_is_not_there_is_a_404(client, demo, page):
    add_treatments(TreatmentIndexPage.objects.get(locale__language_code="en"), 30)

    response = client.get(f"/treatments/?page={page}")

    assert response.status_code == 404


def test_treatment_page_shows_breadcrumbs_disclaimer_and_footer(client, demo):
    soup = soup_of(client.get(SEED_URL))
    crumbs = soup.select("nav.breadcrumbs li")
    assert [li.get_text(strip=True) for li in crumbs] == [
        "Home",
        "Treatments",
        "Stem Cell Therapy for Cerebral Palsy",
    ]
    assert crumbs[-1].find(attrs={"aria-current": "page"})
    assert "does not replace a consultation" in soup.select_one(".disclaimer").text
    assert "Prof. Dr. Erdinç Özek" in soup.select_one("footer address").text
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("header form[role=search]")["action"] == "/search/"


def test_canonical_and_social_metadata(client, demo):
    soup = soup_of(client.get(SEED_URL))
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "http://127.0.0.1:8000" + SEED_URL
    assert soup.find("meta", property="og:url")["content"] == canonical
    assert soup.find("meta", property="og:title")["content"] == soup.title.string
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    # No empty tags for things that are not set.
    assert soup.find("meta", property="og:image") is None
    assert soup.find("meta", attrs={"name": "twitter:site"}) is None


def test_turkish_locale_is_served_under_its_prefix(client, demo):
    from wagtail.models import Locale

    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "tr"}
    response = client.get("/tr/")
    assert response.status_code == 200
    assert soup_of(response).html["lang"] == "tr"


def test_seed_page_query_count(client, demo):
    assert count_queries(client, SEED_URL) == SEED_PAGE_QUERIES


def seed_page_statements(client):
    client.get(SEED_URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SEED_URL).status_code == 200
    return [query["sql"] for query in queries]


def test_the_seed_page_reads_its_ancestors_and_its_reviewer_once(client, demo):
    statements = seed_page_statements(client)
    ancestors = [
        sql
        for sql in statements
        if 'FROM "wagtailcore_page" WHERE' in sql and '"path" IN' in sql
    ]
    assert len(ancestors) == 1
    reviewer_alone = [sql for sql in statements if 'FROM "home_doctor" WHERE' in sql]
    # The doctor quote's doctor, read by the StreamField; the reviewer came
    # with the page.
    assert len(reviewer_alone) == 1 and '"id" IN' in reviewer_alone[0]
    assert demo.medical_reviewer_id is not None


def restriction_ids(page):
    return {
        "ours": set(page.get_view_restrictions().values_list("pk", flat=True)),
        "wagtail's": set(Page.get_view_restrictions(page).values_list("pk", flat=True)),
    }


def test_view_restrictions_are_wagtails_and_still_apply(client, demo):
    """The ancestors come from the page's lineage; what applies is unchanged."""
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    alias = demo.create_alias(update_slug="seed-page-alias")
    assert alias.alias_of_id == demo.pk
    for page in (demo, alias):
        ids = restriction_ids(page)
        assert ids["ours"] == ids["wagtail's"] == set()

    on_index = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    on_source = PageViewRestriction.objects.create(
        page=demo, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for page in (demo, alias):
        page = Page.objects.get(pk=page.pk).specific
        ids = restriction_ids(page)
        assert ids["ours"] == ids["wagtail's"] == {on_index.pk, on_source.pk}

    response = client.get(SEED_URL)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={SEED_URL}"


def test_the_lineage_is_read_again_after_a_move(demo):
    page = TreatmentPage.objects.get(pk=demo.pk)
    before = [ancestor.pk for ancestor in page.lineage]
    home = HomePage.objects.get(locale__language_code="en")
    other = TreatmentIndexPage(title="Other treatments", slug="other-treatments")
    home.add_child(instance=other)
    page.move(other, pos="last-child")
    after = [ancestor.pk for ancestor in page.lineage]
    assert before[-2] != other.pk
    assert after[-2:] == [other.pk, page.pk]


# A search on PostgreSQL runs three statements where SQLite runs two (match,
# visible pages, rank: search.backends.ranking; count, results), and sets and
# restores the planner's settings around them (planner_settings): 3 more.
POSTGRES_SEARCH_EXTRA_QUERIES = 3


@pytest.mark.parametrize("url", ["/", "/treatments/", "/search/?q=stem"])
def test_other_pages_stay_within_a_small_query_budget(client, demo, url):
    budget = 16
    if url.startswith("/search/") and connection.vendor == "postgresql":
        budget += POSTGRES_SEARCH_EXTRA_QUERIES
    assert count_queries(client, url) <= budget


def test_query_count_does_not_grow_with_blocks_or_faq_entries(client, demo):
    before = count_queries(client, SEED_URL)
    raw = list(demo.body.raw_data)
    extra = copy.deepcopy(raw)
    for block in extra:
        block.pop("id", None)
        if block["type"] == "faq":
            block["value"]["items"] = block["value"]["items"] * 5
    demo.body = raw + extra + extra
    demo.save_revision().publish()
    demo.refresh_from_db()
    assert len(demo.body) == 3 * len(raw)
    faq_entries = sum(len(b.value["items"]) for b in demo.body if b.block_type == "faq")
    assert faq_entries == 6 + 2 * 30
    assert count_queries(client, SEED_URL) == before
