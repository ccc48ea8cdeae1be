"""Who may see what: editors versus administrators, visitors versus drafts.

An editor (Wagtail's default "Editors" group) edits pages but never reaches
users, groups, sites or the site settings. Anonymous visitors never see a
draft, a preview or a private page, in the page itself, in search results or
in the sitemap.
"""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from clinic.models import ClinicSettings
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage

DENIED = "Sorry, you do not have permission to access this area."


def admin_only_urls(editor):
    site = Site.objects.get(is_default_site=True)
    editors = Group.objects.get(name="Editors")
    return [
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=(editor.pk,)),
        reverse("wagtailusers_users:delete", args=(editor.pk,)),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=(editors.pk,)),
        reverse("wagtailsettings:edit", args=("clinic", "clinicsettings", site.pk)),
        reverse("wagtailsettings:edit", args=("wagtailseo", "seosettings", site.pk)),
        reverse("wagtailsites:index"),
        reverse("wagtailsites:add"),
        reverse("wagtailsites:edit", args=(site.pk,)),
        reverse("login_lockouts:index"),
    ]


def assert_denied(response):
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert DENIED in messages


def test_editor_cannot_reach_users_groups_sites_or_settings(client, editor, demo):
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    for url in admin_only_urls(editor):
        assert_denied(client.get(url))


def test_administrator_can_reach_them(client, superuser, editor, demo):
    client.force_login(superuser)
    for url in admin_only_urls(editor):
        assert client.get(url).status_code == 200, url


def test_editor_cannot_promote_themself(client, editor, demo):
    client.force_login(editor)
    url = reverse("wagtailusers_users:edit", args=(editor.pk,))
    assert_denied(
        client.post(
            url,
            {
                "username": "editor",
                "email": "editor@example.com",
                "is_superuser": "on",
                "is_active": "on",
                "groups": [Group.objects.get(name="Moderators").pk],
            },
        )
    )
    editor.refresh_from_db()
    assert editor.is_superuser is False
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


def test_editor_cannot_change_the_clinic_settings(client, editor, demo):
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)
    before = ClinicSettings.for_site(site).name
    url = reverse("wagtailsettings:edit", args=("clinic", "clinicsettings", site.pk))
    assert_denied(client.post(url, {"name": "Taken over"}))
    assert ClinicSettings.for_site(site).name == before


def test_editor_cannot_create_users(client, editor, demo):
    client.force_login(editor)
    assert_denied(
        client.post(
            reverse("wagtailusers_users:add"),
            {
                "username": "intruder",
                "email": "intruder@example.com",
                "password1": "a long enough password 1",
                "password2": "a long enough password 1",
                "is_superuser": "on",
            },
        )
    )
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_editor_menu_shows_no_administration(client, editor, demo):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for path in ("/admin/users/", "/admin/groups/", "/admin/sites/"):
        assert path not in html


# --- drafts, previews and private pages -------------------------------------


@pytest.fixture
def index(demo):
    return TreatmentIndexPage.objects.get(locale__language_code="en")


def new_page(index, slug, publish=True, **fields):
    page = TreatmentPage(
        title=fields.pop("title", slug.replace("-", " ").title()),
        slug=slug,
        condition_name="Condition",
        summary=fields.pop("summary", f"Summary of {slug}"),
        **fields,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page


def search(client, query):
    """The addresses of the pages the search page lists."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(a["href"] for a in soup.select("ol.search-results h2 a"))


def sitemap_locations(client):
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in tree.findall("s:url/s:loc", namespace)]


def test_a_draft_change_to_a_live_page_is_not_shown(client, demo):
    demo.title = "Unpublished zebra headline"
    demo.summary = "Unpublished zebra summary"
    demo.save_revision()
    response = client.get(SEED_URL)
    assert response.status_code == 200
    assert "zebra" not in response.content.decode()
    assert search(client, "zebra") == ""
    assert SEED_URL in search(client, "cerebral palsy")


def test_a_never_published_page_is_not_found(client, index):
    page = new_page(index, "secret-draft", publish=False, summary="Quokka plans")
    assert page.live is False
    assert client.get("/treatments/secret-draft/").status_code == 404
    assert "secret-draft" not in search(client, "quokka")
    assert not any("secret-draft" in url for url in sitemap_locations(client))


def test_previews_require_login(client, demo):
    demo.title = "Draft for the preview"
    demo.save_revision()
    revision = demo.get_latest_revision()
    for url in (
        reverse("wagtailadmin_pages:preview_on_edit", args=(demo.pk,)),
        reverse("wagtailadmin_pages:view_draft", args=(demo.pk,)),
        reverse("wagtailadmin_pages:revisions_view", args=(demo.pk, revision.pk)),
        reverse("wagtailadmin_pages:edit", args=(demo.pk,)),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url
        assert "Draft for the preview" not in response.content.decode()


@pytest.fixture
def login_only(index):
    page = new_page(index, "staff-only", summary="Narwhal protocol for staff")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    return page


@pytest.fixture
def password_only(index):
    page = new_page(index, "password-only", summary="Axolotl protocol, protected")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="opensesame"
    )
    return page


def test_login_restricted_page_needs_a_login(client, editor, login_only):
    response = client.get(login_only.url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={login_only.url}"
    assert "Narwhal" not in client.get(login_only.url, follow=True).content.decode()
    client.force_login(editor)
    allowed = client.get(login_only.url)
    assert allowed.status_code == 200
    assert "Narwhal protocol" in allowed.content.decode()
    assert allowed["X-Wagtail-Cache"] == "skip"


def test_password_restricted_page_needs_the_password(client, password_only):
    response = client.get(password_only.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Axolotl" not in html
    assert 'name="password"' in html
    restriction = PageViewRestriction.objects.get(page=password_only)
    form_url = reverse(
        "wagtailcore_authenticate_with_password",
        args=(restriction.pk, password_only.pk),
    )
    wrong = client.post(form_url, {"password": "guess", "return_url": "/"})
    assert "Axolotl" not in wrong.content.decode()
    client.post(form_url, {"password": "opensesame", "return_url": password_only.url})
    unlocked = client.get(password_only.url)
    assert "Axolotl protocol" in unlocked.content.decode()
    # Never stored in the shared page cache for the next visitor.
    assert "private" in unlocked["Cache-Control"]
    assert unlocked["X-Wagtail-Cache"] == "skip"
    assert "Axolotl" not in Client().get(password_only.url).content.decode()


def test_private_pages_are_not_in_search_results_or_the_sitemap(
    client, login_only, password_only
):
    assert "staff-only" not in search(client, "narwhal")
    assert "password-only" not in search(client, "axolotl")
    locations = sitemap_locations(client)
    assert not any("staff-only" in url or "password-only" in url for url in locations)
    # The restriction is what hides them: the same search finds a public page.
    assert "/treatments/stem-cell-therapy-for-cerebral-palsy/" in " ".join(locations)


def test_the_restriction_is_what_hides_them(client, login_only):
    assert "staff-only" not in search(client, "narwhal")
    PageViewRestriction.objects.filter(page=login_only).delete()
    assert "staff-only" in search(client, "narwhal")
    assert client.get(login_only.url).status_code == 200


def test_making_a_cached_page_private_takes_it_off_the_cache(client, index):
    page = new_page(index, "soon-private", summary="Okapi protocol")
    assert client.get(page.url).status_code == 200
    assert client.get(page.url)["X-Wagtail-Cache"] == "hit"
    assert "soon-private" in search(client, "okapi")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(page.url)
    assert response.status_code == 302
    assert "Okapi" not in response.content.decode()
    assert "soon-private" not in search(client, "okapi")
    assert not any("soon-private" in url for url in sitemap_locations(client))
