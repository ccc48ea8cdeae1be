"""Doctor profiles: /doctors/ and /doctors/<slug>/, served from the Doctor snippet."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from doctors.models import Doctor, DoctorIndexPage
from home.models import HomePage
from tests.conftest import SEED_URL

PROFILE_URL = "/doctors/erdinc-ozek/"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def graph_of(soup):
    script = soup.find("script", type="application/ld+json")
    return json.loads(script.string)["@graph"]


@pytest.fixture
def doctor(demo):
    doctor = Doctor.objects.get(name="Erdinç Özek", locale__language_code="en")
    doctor.specialty = "Neonatology"
    doctor.bio = "Professor of paediatrics.\n\nHe leads the clinic's </script> team."
    doctor.save()
    return doctor


# The slug ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_doctor_gets_a_slug_from_the_name_unique_per_locale():
    english = Locale.get_default()
    turkish, _ = Locale.objects.get_or_create(language_code="tr")
    first = Doctor.objects.create(name="Ayşe Işık Yılmaz", locale=english)
    second = Doctor.objects.create(name="Ayşe Işık Yılmaz", locale=english)
    other_language = Doctor.objects.create(name="Ayşe Işık Yılmaz", locale=turkish)
    assert first.slug == "ayse-isik-yilmaz"
    assert second.slug == "ayse-isik-yilmaz-2"
    assert other_language.slug == "ayse-isik-yilmaz"
    kept = Doctor.objects.create(name="Someone", slug="chosen", locale=english)
    assert kept.slug == "chosen"


def test_the_admin_fills_a_blank_slug_and_refuses_a_taken_one(admin_client, demo):
    add_url = reverse("wagtailsnippets_doctors_doctor:add")
    form = {
        "honorific": "Dr.",
        "name": "Elif Kaya",
        "slug": "",
        "specialty": "",
        "bio": "",
    }
    response = admin_client.post(add_url, form)
    assert response.status_code == 302
    assert Doctor.objects.get(name="Elif Kaya").slug == "elif-kaya"

    refused = admin_client.post(add_url, {**form, "name": "Other", "slug": "elif-kaya"})
    assert refused.status_code == 200
    assert not Doctor.objects.filter(name="Other").exists()
    assert "Another doctor already has this slug" in refused.content.decode()


def test_demo_content_makes_one_doctors_page_and_stays_idempotent(demo):
    call_command("load_demo_content", verbosity=0)
    index = DoctorIndexPage.objects.get(locale__language_code="en")
    assert index.live and index.show_in_menus
    assert index.get_parent().specific_class is HomePage
    assert index.url == "/doctors/"
    assert Doctor.objects.get(locale__language_code="en").slug == "erdinc-ozek"


# The pages -----------------------------------------------------------------------


def test_doctors_index_lists_each_doctor_with_a_link(client, doctor):
    response = client.get("/doctors/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.h1.get_text() == "Our doctors"
    cards = soup.select("main .doctor-card")
    assert [c.h2.a["href"] for c in cards] == [PROFILE_URL]
    assert cards[0].select_one(".doctor-card__specialty").text == "Neonatology"
    assert len(soup.find_all("h1")) == 1


def test_profile_shows_the_doctor_and_the_pages_they_reviewed(client, doctor):
    response = client.get(PROFILE_URL)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.h1.get_text() == "Prof. Dr. Erdinç Özek"
    assert len(soup.find_all("h1")) == 1
    assert soup.select_one(".profile .lead").text == "Neonatology"
    about = soup.select_one("section[aria-labelledby=about-title]")
    assert [p.text for p in about.find_all("p")] == [
        "Professor of paediatrics.",
        "He leads the clinic's </script> team.",
    ]
    reviewed = soup.select("section[aria-labelledby=reviewed-title] li a")
    assert [a["href"] for a in reviewed] == [SEED_URL]
    crumbs = [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")]
    assert crumbs == ["Home", "Our doctors", "Prof. Dr. Erdinç Özek"]
    assert soup.select_one("nav.breadcrumbs li:last-child [aria-current=page]")
    # Its own title, description and canonical URL, not the index page's.
    assert soup.title.string == "Prof. Dr. Erdinç Özek, Neonatology"
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "http://127.0.0.1:8000" + PROFILE_URL
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Professor of paediatrics.")


def test_profile_photo_is_a_responsive_picture(client, doctor):
    doctor.photo = Image.objects.create(
        title="Portrait", file=get_test_image_file(size=(600, 800))
    )
    doctor.save()
    soup = soup_of(client.get(PROFILE_URL))
    img = soup.select_one(".profile__header picture img")
    assert img["class"] == ["profile__photo"]
    assert (img["width"], img["height"]) == ("240", "240")
    assert [s["type"] for s in img.parent.find_all("source")] == [
        "image/avif",
        "image/webp",
    ]
    listing = soup_of(client.get("/doctors/"))
    assert listing.select_one(".doctor-card img")["loading"] == "lazy"


def test_profile_has_escaped_physician_structured_data(client, doctor):
    response = client.get(PROFILE_URL)
    raw = response.content.decode()
    assert "He leads the clinic's </script> team" not in raw.split("<body")[0]
    graph = graph_of(soup_of(response))
    types = [node["@type"] for node in graph]
    assert "ProfilePage" in types and "Physician" in types
    physician = next(node for node in graph if node["@type"] == "Physician")
    assert physician["name"] == "Prof. Dr. Erdinç Özek"
    assert physician["medicalSpecialty"] == "Neonatology"
    assert physician["url"] == "http://127.0.0.1:8000" + PROFILE_URL
    profile = next(node for node in graph if node["@type"] == "ProfilePage")
    assert profile["url"] == physician["url"]
    assert profile["mainEntity"] == {"@id": physician["@id"]}
    crumbs = next(node for node in graph if node["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]][-1] == (
        "Prof. Dr. Erdinç Özek"
    )


def test_an_unknown_doctor_is_a_404(client, demo):
    response = client.get("/doctors/nobody/")
    assert response.status_code == 404
    assert soup_of(response).h1.get_text() == "Page not found"


def test_sitemap_lists_the_index_and_every_profile(client, doctor):
    body = client.get("/sitemap.xml").content.decode()
    assert "http://127.0.0.1:8000/doctors/</loc>" in body
    assert f"http://127.0.0.1:8000{PROFILE_URL}</loc>" in body


def test_a_hidden_doctors_page_takes_its_profiles_out_of_the_sitemap(client, doctor):
    index = DoctorIndexPage.objects.get(locale__language_code="en")
    index.robots_noindex = True
    index.save_revision().publish()
    body = client.get("/sitemap.xml").content.decode()
    assert "/doctors/" not in body


def test_saving_a_doctor_clears_the_cached_profile(client, doctor):
    first = client.get(PROFILE_URL)
    assert first["X-Wagtail-Cache"] == "miss"
    assert client.get(PROFILE_URL)["X-Wagtail-Cache"] == "hit"
    doctor.specialty = "Paediatric neurology"
    doctor.save()
    response = client.get(PROFILE_URL)
    assert response["X-Wagtail-Cache"] == "miss"
    assert "Paediatric neurology" in response.content.decode()


def test_treatment_page_falls_back_to_the_typed_profile_url_without_doctors_page(
    client, doctor, settings
):
    settings.WAGTAIL_CACHE = False
    DoctorIndexPage.objects.get(locale__language_code="en").unpublish()
    doctor.profile_url = "https://university.example/ozek"
    doctor.save()
    soup = soup_of(client.get(SEED_URL))
    assert soup.select_one(".byline a")["href"] == "https://university.example/ozek"


def test_a_profile_without_a_biography_still_has_a_description(client, demo):
    soup = soup_of(client.get(PROFILE_URL))
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Prof. Dr. Erdinç Özek: profile and the treatment")


def test_editors_preview_the_public_profile(admin_client, doctor):
    """Through the admin's preview: post the edit form, then load the preview."""
    url = reverse("wagtailsnippets_doctors_doctor:preview_on_edit", args=(doctor.pk,))
    form = {
        "honorific": doctor.honorific,
        "name": doctor.name,
        "slug": doctor.slug,
        "specialty": "Paediatric neurology",
        "bio": doctor.bio,
        "profile_url": "",
    }
    posted = admin_client.post(url, form)
    assert posted.status_code == 200
    assert posted.json()["is_valid"] is True
    soup = soup_of(admin_client.get(url))
    assert soup.h1.get_text() == "Prof. Dr. Erdinç Özek"
    # The unsaved change is shown, with the pages the doctor reviewed.
    assert soup.select_one(".profile .lead").text == "Paediatric neurology"
    reviewed = soup.select("section[aria-labelledby=reviewed-title] li a")
    assert [a["href"] for a in reviewed] == [SEED_URL]
