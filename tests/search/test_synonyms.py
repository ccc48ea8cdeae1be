"""Editors' synonyms: "CP" finds "cerebral palsy", and the other way round."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.search.query import And, Or, Phrase, PlainText

from search.models import SearchSynonym
from search.query import QueryPlan, SynonymTable

from .conftest import paragraph, results


def found(client, query):
    return results(client.get("/search/", {"q": query}))[0]


@pytest.fixture
def dbs_pages(make_page):
    phrase = make_page(
        "Neuromodulation", body=[paragraph("Deep brain stimulation implants.")]
    )
    abbreviation = make_page(
        "Programming", body=[paragraph("DBS programming of the implants.")]
    )
    apart = make_page(
        "Apart",
        body=[paragraph("Deep sleep rests the brain; stimulation wakes it.")],
    )
    return phrase, abbreviation, apart


def test_synonyms_expand_the_query_both_ways(client, dbs_pages):
    phrase, abbreviation, apart = dbs_pages
    assert found(client, "DBS") == [abbreviation.url]
    assert found(client, "deep brain stimulation") in (
        [phrase.url, apart.url],
        [apart.url, phrase.url],
    )

    SearchSynonym.objects.create(term="DBS", equivalents="deep brain stimulation")
    assert sorted(found(client, "DBS")) == sorted([phrase.url, abbreviation.url])
    # The phrase is a phrase: a page with the words apart is not a DBS page.
    assert sorted(found(client, "deep brain stimulation")) == sorted(
        [phrase.url, abbreviation.url]
    )
    # Other words of the query must still match.
    assert found(client, "dbs programming") == [abbreviation.url]
    assert found(client, "DBS implants") in (
        [phrase.url, abbreviation.url],
        [abbreviation.url, phrase.url],
    )


def test_synonyms_are_highlighted_in_excerpts(client, dbs_pages):
    phrase, _abbreviation, _apart = dbs_pages
    SearchSynonym.objects.create(term="DBS", equivalents="deep brain stimulation")
    response = client.get("/search/", {"q": "dbs"})
    soup = results(response)[1]
    item = next(
        li
        for li in soup.select("main ol.search-results > li")
        if li.a["href"] == phrase.url
    )
    marks = [m.text for m in item.select(".search-results__excerpt mark")]
    assert marks == ["Deep", "brain", "stimulation"]


def test_a_new_synonym_applies_to_a_cached_search_at_once(client, dbs_pages):
    phrase, abbreviation, _apart = dbs_pages
    assert found(client, "DBS") == [abbreviation.url]
    SearchSynonym.objects.create(term="DBS", equivalents="deep brain stimulation")
    response = client.get("/search/", {"q": "DBS"})
    assert response["X-Wagtail-Cache"] == "miss"
    assert sorted(results(response)[0]) == sorted([phrase.url, abbreviation.url])


def test_query_plan():
    table = SynonymTable(
        [
            SearchSynonym(term="CP", equivalents="cerebral palsy").phrases(),
            SearchSynonym(
                term="MSC", equivalents="mesenchymal stem cells\nMSCs"
            ).phrases(),
        ]
    )
    plan = QueryPlan("Cerebral Palsy MSC therapy", "en", table)
    query = plan.backend_query()
    assert isinstance(query, And)
    palsy, msc, therapy = query.subqueries
    assert [type(q) for q in palsy.subqueries] == [Phrase, PlainText]
    assert palsy.subqueries[0].query_string == "cerebral palsy"
    assert palsy.subqueries[1].query_string == "cp"
    assert isinstance(msc, Or)
    assert [q.query_string for q in msc.subqueries] == [
        "msc",
        "mesenchymal stem cells",
        "mscs",
    ]
    assert isinstance(therapy, PlainText) and therapy.query_string == "therapy"
    assert plan.normalised == "cerebral palsy msc therapy"
    assert "mesenchymal" in plan.highlight_keys
    assert [part.correctable for part in plan.parts] == [False, False, True]


def test_synonym_validation():
    with pytest.raises(ValidationError) as error:
        SearchSynonym(term="CP", equivalents=" , cp ,").full_clean()
    assert "equivalents" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        SearchSynonym(term="!!", equivalents="x").full_clean()
    assert "term" in error.value.message_dict
    synonym = SearchSynonym(term="MSC", equivalents="mesenchymal stem cells; MSCs")
    synonym.full_clean()
    assert synonym.phrases() == [
        ("msc",),
        ("mesenchymal", "stem", "cells"),
        ("mscs",),
    ]


def test_editors_manage_synonyms_in_the_admin(admin_client, demo):
    add_url = reverse("wagtailsnippets_search_searchsynonym:add")
    response = admin_client.post(
        add_url, {"term": "CP", "equivalents": "cerebral palsy, serebral palsi"}
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get()
    assert synonym.phrases() == [
        ("cp",),
        ("cerebral", "palsy"),
        ("serebral", "palsi"),
    ]
    listing = admin_client.get(reverse("wagtailsnippets_search_searchsynonym:list"))
    assert "cerebral palsy, serebral palsi" in listing.content.decode()
    settings_menu = admin_client.get("/admin/")
    assert "Search synonyms" in settings_menu.content.decode()

    refused = admin_client.post(add_url, {"term": "CP", "equivalents": "cp"})
    assert refused.status_code == 200
    assert SearchSynonym.objects.count() == 1
