"""The results page: count, title, URL trail, highlighted excerpt, paging,
promoted results, and what an empty search offers instead."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from home.models import HomePage
from search.excerpt import excerpt
from tests.conftest import SEED_URL

from .conftest import paragraph, results


def test_a_result_shows_title_url_trail_and_highlighted_excerpt(client, demo):
    hrefs, soup = results(client.get("/search/", {"q": "baclofen"}))
    assert hrefs == [SEED_URL]
    item = soup.select_one("main ol.search-results > li")
    assert item.h2.a.text == demo.title
    assert item.select_one("cite").text == "http://127.0.0.1:8000" + SEED_URL
    assert item.select_one(".search-results__trail").text == "In: Home › Treatments"
    marks = item.select(".search-results__excerpt mark")
    assert [mark.text for mark in marks] == ["baclofen"]
    text = item.select_one(".search-results__excerpt").text
    assert "medications to reduce spasticity (such as baclofen)" in text
    assert text.startswith("… ")
    assert soup.select_one(".result-count").text == "1 result"


def test_excerpts_are_escaped_before_words_are_marked(client, make_page):
    make_page(
        "Escaping",
        body=[paragraph("&lt;script&gt;alert(1)&lt;/script&gt; quoll &amp; more")],
    )
    response = client.get("/search/", {"q": "quoll"})
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    _hrefs, soup = results(response)
    excerpt_html = str(soup.select_one(".search-results__excerpt"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>quoll</mark> &amp; more" in (
        excerpt_html
    )


def test_excerpt_unit():
    html = excerpt(
        ["Nothing here.", "Cells <b>and</b> a cell, then çocuklar."],
        {"cell", "cocuk"},
    )
    assert html == (
        "<mark>Cells</mark> &lt;b&gt;and&lt;/b&gt; a "
        "<mark>cell</mark>, then <mark>çocuklar</mark>."
    )
    assert excerpt(["No match at all."], {"zebra"}) == ""
    long_text = " ".join(f"word{n}" for n in range(100)) + " zebra end"
    cut = excerpt([long_text], {"zebra"}, words=5, before=2)
    assert cut == "… word98 word99 <mark>zebra</mark> end"


def test_pagination_links_are_stable_and_bad_page_numbers_are_safe(
    client, make_page, settings
):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    pages = [make_page(f"Serval {n}") for n in range(5)]
    first, soup = results(client.get("/search/", {"q": "serval"}))
    assert soup.select_one(".result-count").text == "5 results"
    assert soup.select_one("nav.pagination a[rel=next]")["href"] == "?q=serval&page=2"
    second, soup2 = results(client.get("/search/?q=serval&page=2"))
    assert soup2.select_one("ol.search-results")["start"] == "3"
    assert soup2.select_one("nav.pagination a[rel=prev]")["href"] == "?q=serval&page=1"
    third, _soup = results(client.get("/search/?q=serval&page=3"))
    assert len(first) == 2 and len(second) == 2 and len(third) == 1
    assert sorted(first + second + third) == sorted(page.url for page in pages)
    # The same URL gives the same results.
    assert results(client.get("/search/?q=serval&page=2"))[0] == second
    for bad in ("0", "-1", "x", "2.5", "9" * 5000, "1e9999"):
        response = client.get("/search/", {"q": "serval", "page": bad})
        assert response.status_code == 200
        assert len(results(response)[0]) in (1, 2)


def test_promoted_results_come_first_marked_and_not_twice(client, make_page):
    organic = make_page("Margay therapy")
    pinned = make_page("Margay guide")
    query = Query.get("margay")
    SearchPromotion.objects.create(
        query=query, page=pinned, sort_order=0, description="Start here."
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/margay",
        external_link_text="Margay society",
        sort_order=1,
    )
    for typed in ("margay", "MARGAY", "  Margay "):
        hrefs, soup = results(client.get("/search/", {"q": typed}))
        promoted = soup.select(".search-promoted li")
        assert [li.a["href"] for li in promoted] == [
            pinned.url,
            "https://example.org/margay",
        ]
        assert all("Recommended" in li.text for li in promoted)
        assert "Start here." in promoted[0].text
        assert hrefs == [organic.url]


def test_promoted_drafts_and_private_pages_are_not_shown(client, make_page):
    from wagtail.models import PageViewRestriction

    draft = make_page("Kinkajou draft", publish=False)
    private = make_page("Kinkajou private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    query = Query.get("kinkajou")
    SearchPromotion.objects.create(query=query, page=draft, sort_order=0)
    SearchPromotion.objects.create(query=query, page=private, sort_order=1)
    hrefs, soup = results(client.get("/search/", {"q": "kinkajou"}))
    assert soup.select(".search-promoted li") == []
    assert hrefs == []


def test_promotions_apply_to_a_cached_search_at_once(client, make_page):
    pinned = make_page("Fossa guide")
    first = client.get("/search/", {"q": "fossa"})
    assert results(first)[1].select(".search-promoted li") == []
    SearchPromotion.objects.create(query=Query.get("fossa"), page=pinned)
    second = client.get("/search/", {"q": "fossa"})
    assert second["X-Wagtail-Cache"] == "miss"
    promoted = results(second)[1].select(".search-promoted li a")
    assert [a["href"] for a in promoted] == [pinned.url]


def test_a_promotion_shows_the_pages_translation(client, demo, turkish):
    locale = Locale.objects.get(language_code="tr")
    page_tr = demo.get_translation_or_none(locale) or demo.copy_for_translation(locale)
    page_tr = page_tr.specific
    page_tr.title = "Serebral Palside Kök Hücre Tedavisi"
    page_tr.save_revision().publish()
    SearchPromotion.objects.create(query=Query.get("palsi"), page=demo)
    _hrefs, soup = results(client.get("/tr/search/", {"q": "palsi"}))
    assert [a["href"] for a in soup.select(".search-promoted li a")] == [page_tr.url]


def test_no_results_suggests_popular_and_featured_pages(client, demo, make_page):
    popular = make_page("Ocelot therapy")
    Query.get("ocelot").add_hit()
    Query.get("ocelot").add_hit()
    response = client.get("/search/", {"q": "xyzzyplugh"})
    _hrefs, soup = results(response)
    assert "No pages match “xyzzyplugh”" in soup.select_one(".empty-state").text
    links = [a["href"] for a in soup.select(".popular-pages a")]
    # The most searched query's first result, then the featured treatment.
    assert links == [popular.url, SEED_URL]
    home = HomePage.objects.get(locale=Locale.get_default())
    assert [f.treatment_id for f in home.featured_treatments.all()] == [demo.pk]


def test_popular_pages_never_show_unpublished_pages(client, demo, make_page):
    popular = make_page("Civet therapy")
    Query.get("civet").add_hit()
    client.get("/search/", {"q": "nothingmatches"})
    popular.unpublish()
    # The list of popular pages is cached; unpublishing is still honoured.
    assert cache.get(f"search:popular:{Locale.get_default().pk}") == [
        popular.pk,
        demo.pk,
    ]
    _hrefs, soup = results(client.get("/search/", {"q": "stillnothing"}))
    links = [a["href"] for a in soup.select(".popular-pages a")]
    assert popular.url not in links and links == [SEED_URL]


def test_an_empty_search_suggests_popular_pages_too(client, demo):
    response = client.get("/search/")
    soup = results(response)[1]
    assert "Type a word above" in soup.main.text
    assert [a["href"] for a in soup.select(".popular-pages a")] == [SEED_URL]


def test_pages_with_some_of_the_words_when_none_has_all(client, make_page):
    both = make_page("Margay and ocelot", body=[paragraph("Margay, ocelot.")])
    one = make_page("Margay", body=[paragraph("Only the margay.")])
    make_page("Unrelated", body=[paragraph("Nothing here.")])
    hrefs, soup = results(client.get("/search/", {"q": "margay ocelot qqzzxx"}))
    assert hrefs == [both.url, one.url]
    note = soup.select_one(".search-note").text
    assert "No page contains all of “margay ocelot qqzzxx”" in note
    # With every word found, no note.
    hrefs, soup = results(client.get("/search/", {"q": "margay ocelot"}))
    assert hrefs == [both.url] and soup.select_one(".search-note") is None


def search_landmark_names(soup):
    """The accessible name of each search landmark (aria-label, else the text
    of the elements aria-labelledby names), in page order."""
    names = []
    for form in soup.select("[role=search], search"):
        name = form.get("aria-label", "")
        if not name and form.get("aria-labelledby"):
            name = " ".join(
                soup.find(id=ref).get_text(" ", strip=True)
                for ref in form["aria-labelledby"].split()
            )
        names.append(" ".join(name.split()))
    return names


@pytest.mark.parametrize(
    ("url", "status"), [("/search/?q=stem", 200), ("/search/", 200), ("/nix/", 404)]
)
def test_every_search_landmark_has_a_name_of_its_own(client, demo, url, status):
    """The header's search and the page's own are told apart (axe-core's
    landmark-unique; tests/browser/test_accessibility.py runs axe itself)."""
    response = client.get(url)
    assert response.status_code == status
    names = search_landmark_names(BeautifulSoup(response.content, "html.parser"))
    assert len(names) == 2
    assert all(names) and len(set(names)) == len(names), names
    assert names[0] == "Site search"
