"""Search analytics: counts per normalised query and day, nothing personal."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import NoResultsDailyHits

from .conftest import misses, results, searches


def test_every_search_is_counted_also_from_the_page_cache(client, demo):
    first = client.get("/search/", {"q": "baclofen"})
    second = client.get("/search/", {"q": "baclofen"})
    assert first["X-Wagtail-Cache"] == "miss"
    assert second["X-Wagtail-Cache"] == "hit"
    assert second["X-Search-Results"] == "1"
    assert searches("baclofen") == 2
    assert misses("baclofen") == 0
    daily = QueryDailyHits.objects.get(query__query_string="baclofen")
    assert daily.date == timezone.localdate()


def test_queries_are_counted_in_normalised_form(client, demo, turkish):
    for typed in ("Stem  CELL!", "stem cell", "  STEM, cell "):
        client.get("/search/", {"q": typed})
    assert searches("stem cell") == 3
    assert Query.objects.filter(query_string__icontains="stem").count() == 1
    client.get("/tr/search/", {"q": "İSTANBUL IŞIK"})
    assert searches("istanbul ışık") == 1


def test_searches_that_find_nothing_are_counted_apart(client, demo):
    client.get("/search/", {"q": "xyzzy"})
    client.get("/search/", {"q": "xyzzy"})  # from the page cache
    client.get("/search/", {"q": "spastisity"})  # only the correction finds
    assert (searches("xyzzy"), misses("xyzzy")) == (2, 2)
    assert (searches("spastisity"), misses("spastisity")) == (1, 1)


def test_what_is_not_counted(client, demo, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 1
    client.get("/search/")
    client.get("/search/", {"q": "   "})
    client.get("/search/", {"q": "<>!?"})
    client.get("/search/", {"q": "stem", "page": "2"})
    client.get("/search/suggest/", {"q": "stem"})
    client.get("/search/", {"q": "jane.doe@example.com"})
    client.get("/search/", {"q": "call me on 0532 123 45 67"})
    assert list(Query.objects.values_list("query_string", flat=True)) == []


def test_nothing_about_the_visitor_is_stored(client, demo, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x" * 12)
    client.force_login(user)
    client.get(
        "/search/",
        {"q": "baclofen"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Secret/1.0",
    )
    assert searches("baclofen") == 1
    for model in (Query, QueryDailyHits, NoResultsDailyHits):
        names = {f.name for f in model._meta.get_fields() if f.concrete}
        assert names <= {"id", "query", "query_string", "date", "hits"}, model
    stored = " ".join(
        str(value)
        for model in (Query, QueryDailyHits, NoResultsDailyHits)
        for row in model.objects.values()
        for value in row.values()
    )
    for secret in ("203.0.113.9", "visitor", "Secret"):
        assert secret not in stored


def test_a_failure_to_count_does_not_fail_the_search(client, demo, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Query.objects, "get_or_create", broken)
    hrefs, _soup = results(client.get("/search/", {"q": "baclofen"}))
    assert hrefs == ["/treatments/stem-cell-therapy-for-cerebral-palsy/"]
    assert not QueryDailyHits.objects.exists()


@pytest.fixture
def counted(client, demo):
    for query, times in (("baclofen", 3), ("xyzzy", 2), ("exosome", 1)):
        for _ in range(times):
            client.get("/search/", {"q": query})


def report_rows(response):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("table.listing tbody tr")
    ]


def test_the_report_lists_top_queries_and_those_without_results(admin_client, counted):
    url = reverse("search_analytics")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert report_rows(response) == [
        ["baclofen", "3", "0"],
        ["xyzzy", "2", "2"],
        ["exosome", "1", "0"],
    ]
    failing = admin_client.get(url, {"no_results": "true"})
    assert report_rows(failing) == [["xyzzy", "2", "2"]]
    csv = admin_client.get(url, {"export": "csv"})
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[:2] == [
        "Query,Searches,No results",
        "baclofen,3,0",
    ]
    reports_menu = admin_client.get("/admin/").content.decode()
    assert url in reports_menu


def test_the_report_period(admin_client, counted):
    old = Query.objects.get(query_string="exosome")
    QueryDailyHits.objects.filter(query=old).update(
        date=timezone.localdate() - timezone.timedelta(days=40)
    )
    url = reverse("search_analytics")
    assert [row[0] for row in report_rows(admin_client.get(url))] == [
        "baclofen",
        "xyzzy",
    ]
    longer = admin_client.get(url, {"period": "90"})
    assert [row[0] for row in report_rows(longer)] == ["baclofen", "xyzzy", "exosome"]


def test_who_may_see_the_report(client, counted):
    url = reverse("search_analytics")
    user = get_user_model().objects.create_user("editor", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(url).status_code == 302  # permission denied → dashboard
    assert url not in client.get("/admin/").content.decode()

    user.user_permissions.add(Permission.objects.get(codename="add_searchsynonym"))
    user = get_user_model().objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(url).status_code == 200


def test_old_counts_are_deleted_together(client, demo):
    client.get("/search/", {"q": "xyzzy"})
    client.get("/search/", {"q": "plugh"})
    long_ago = timezone.localdate() - timezone.timedelta(days=400)
    QueryDailyHits.objects.update(date=long_ago)
    NoResultsDailyHits.objects.update(date=long_ago)
    client.get("/search/", {"q": "xyzzy"})  # searched again today
    call_command("searchpromotions_garbage_collect", verbosity=0)
    assert list(Query.objects.values_list("query_string", flat=True)) == ["xyzzy"]
    assert list(NoResultsDailyHits.objects.values_list("date", "hits")) == [
        (timezone.localdate(), 1)
    ]
    assert (searches("xyzzy"), misses("xyzzy")) == (1, 1)
