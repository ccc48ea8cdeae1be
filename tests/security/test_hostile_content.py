"""Markup typed into any field is shown as text, never run, wherever it appears.

Every text field an editor or a visitor controls gets a payload that would run
script if it reached the page unescaped: in element content, in an attribute,
in a ``<title>`` or ``<meta>``, in the JSON-LD. Each field's payload carries a
marker, so the tests also check that the field really reached the page (as
text or as an attribute value): an inert page that lost the field would prove
nothing.

Checked on the treatment page, the treatment list, the home page, the search
results page and the search page's echo of the query, and in the admin: the
page listing, the page editor, the doctor snippet and the clinic settings.
"""

import json
from html import escape

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from wagtail.test.utils.form_data import rich_text

from clinic.models import ClinicSettings, ClinicText
from content_blocks.tables import table_value
from doctors.models import Doctor
from tests.conftest import SEED_URL
from tests.security.policy import EXECUTABLE_SCRIPT_TYPES
from tests.treatments.test_admin import page_form_data
from treatments.models import TreatmentIndexPage, TreatmentPage

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
# For columns too short for the whole payload.
SHORT = "<img src=x onerror=alert(3)>"


def hostile(marker, payload=PAYLOAD):
    return f"{marker}{payload}"


def rich(marker):
    """Rich text as Wagtail's editor stores typed text: escaped, in a paragraph."""
    return f"<p>{escape(hostile(marker))}</p>"


# --- what "inert" means ------------------------------------------------------


def executable_scripts(soup):
    return [
        script
        for script in soup.find_all("script")
        if (script.get("type") or "").lower() in EXECUTABLE_SCRIPT_TYPES
    ]


def handler_attributes(soup):
    return [
        (element.name, attribute)
        for element in soup.find_all(True)
        for attribute in element.attrs
        if attribute.lower().startswith("on")
    ]


def assert_inert(soup):
    """No element the payload would have made exists in the parsed page."""
    assert handler_attributes(soup) == []
    assert soup.find("img", src="x") is None
    for script in soup.find_all("script"):
        assert "alert(" not in (script.get("src") or "")
        if script in executable_scripts(soup):
            assert "alert(" not in script.get_text()
    for data_block in soup.find_all("script", type=True):
        # Data blocks may hold the payload, but never an end tag for themselves.
        assert "</script" not in data_block.get_text().lower()


def assert_expected_scripts(soup, json_ld=1):
    """Exactly ``json_ld`` JSON-LD data blocks; any other script is a file of
    this site's own (``/static/``) with nothing inline."""
    scripts = soup.find_all("script")
    data = [s for s in scripts if s.get("type") == "application/ld+json"]
    assert len(data) == json_ld
    for script in scripts:
        if script not in data:
            assert script.get("src", "").startswith("/static/"), script
            assert script.get_text().strip() == ""
    return data


def everything_shown(soup):
    """All text and attribute values of the page, and every JSON-LD string."""
    parts = [soup.get_text(" ")]
    for element in soup.find_all(True):
        for value in element.attrs.values():
            parts.extend(value if isinstance(value, list) else [value])
    for script in soup.find_all("script", type="application/ld+json"):
        parts.extend(json_strings(json.loads(script.string)))
    return "\n".join(str(part) for part in parts)


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def get_soup(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


# --- the hostile site ----------------------------------------------------------

PAGE_FIELDS = {
    "title": "PageTitle",
    "seo_title": "SeoTitle",
    "search_description": "SearchDescription",
    "condition_name": "ConditionName",
    "summary": "Summary",
}

BLOCK_TEXT = {
    "heading": "HeadingText",
    "paragraph": "ParagraphText",
    "table_cell": "TableCell",
    "table_caption": "TableCaption",
    "quote": "DoctorQuote",
    "case_label": "CaseLabel",
    "case_age": "CaseAge",
    "case_classification": "CaseClassification",
    "case_intervention": "CaseIntervention",
    "case_outcome": "CaseOutcome",
    "case_narrative": "CaseNarrative",
    "faq_question": "FaqQuestion",
    "faq_answer": "FaqAnswer",
    "reference_title": "ReferenceTitle",
    "reference_source": "ReferenceSource",
    "reference_pubmed": "ReferencePubmed",
    "reference_doi": "ReferenceDoi",
    "callout_heading": "CalloutHeading",
    "callout_text": "CalloutText",
    "image_alt": "ImageAlt",
    "image_caption": "ImageCaption",
}

DOCTOR_FIELDS = {"name": "DoctorName", "specialty": "DoctorSpecialty"}
CLINIC_FIELDS = {
    "name": "ClinicName",
    "street_address": "ClinicStreet",
    "locality": "ClinicLocality",
    "region": "ClinicRegion",
}


def hostile_body(doctor, image):
    m = {key: hostile(marker) for key, marker in BLOCK_TEXT.items()}
    return [
        ("heading", {"text": m["heading"], "level": "h2"}),
        ("paragraph", rich(BLOCK_TEXT["paragraph"])),
        (
            "table",
            table_value(
                ["Column", "Other"],
                [[m["table_cell"], "plain"]],
                caption=m["table_caption"],
            ),
        ),
        ("doctor_quote", {"quote": m["quote"], "doctor": doctor.pk}),
        (
            "case_study",
            {
                "label": m["case_label"][:60],
                "heading_level": "h3",
                "patient_age": m["case_age"],
                "classification": m["case_classification"],
                "intervention": m["case_intervention"],
                "outcome": m["case_outcome"],
                "narrative": m["case_narrative"],
                "anonymised": True,
            },
        ),
        (
            "faq",
            {
                "heading": "",
                "items": [{"question": m["faq_question"], "answer": rich("FaqAnswer")}],
            },
        ),
        (
            "references",
            {
                "items": [
                    {
                        "title": m["reference_title"],
                        "source": m["reference_source"],
                        "url": "https://example.org/article?x=%22%3E",
                        "pubmed_id": m["reference_pubmed"],
                        "doi": m["reference_doi"],
                    }
                ]
            },
        ),
        (
            "callout",
            {
                "kind": "warning",
                "heading": m["callout_heading"],
                "heading_level": "h3",
                "text": rich("CalloutText"),
            },
        ),
        (
            "image",
            {
                "image": image.pk,
                "alt_text": m["image_alt"][:125],
                "caption": m["image_caption"],
            },
        ),
    ]


@pytest.fixture
def image(db):
    return Image.objects.create(title="Scan", file=get_test_image_file())


@pytest.fixture
def hostile_site(demo, image):
    return make_hostile(demo, image)


def make_hostile(demo, image):
    """Every text field of the seed page, its doctor and the clinic, hostile."""
    doctor = Doctor.objects.get(locale__language_code="en")
    doctor.honorific = SHORT
    for field, marker in DOCTOR_FIELDS.items():
        setattr(doctor, field, hostile(marker))
    doctor.bio = hostile("DoctorBio")
    doctor.save()

    clinic = ClinicSettings.objects.get()
    for field, marker in CLINIC_FIELDS.items():
        setattr(clinic, field, hostile(marker))
    clinic.postal_code = SHORT
    clinic.phone = SHORT
    clinic.email = f"mail{SHORT}@example.org"
    clinic.medical_disclaimer = rich("Disclaimer")
    clinic.extra_structured_data = json.dumps({"slogan": hostile("ExtraJson")})
    clinic.save()
    # Pages show the clinic text's disclaimer in their language when there is
    # one (the demo has one per language), the settings' copy only without.
    ClinicText.objects.filter(locale__language_code="en").update(
        medical_disclaimer=rich("Disclaimer")
    )

    for field, marker in PAGE_FIELDS.items():
        setattr(demo, field, hostile(marker))
    demo.medical_reviewer = doctor
    demo.body = [
        {"type": block_type, "value": value}
        for block_type, value in hostile_body(doctor, image)
    ]
    demo.save_revision().publish()
    demo.refresh_from_db()
    stored = [block.block_type for block in demo.body]
    assert stored == [name for name, _ in hostile_body(doctor, image)]
    return demo


def test_treatment_page(client, hostile_site):
    soup = get_soup(client, SEED_URL)
    assert_inert(soup)
    (script,) = assert_expected_scripts(soup)
    assert "<" not in script.string
    shown = everything_shown(soup)
    markers = [
        *PAGE_FIELDS.values(),
        *BLOCK_TEXT.values(),
        *DOCTOR_FIELDS.values(),
        *CLINIC_FIELDS.values(),
        "Disclaimer",
        "ExtraJson",
    ]
    for marker in markers:
        expected = hostile(marker)
        if marker == "CaseLabel":
            expected = expected[:60]
        if marker == "ImageAlt":
            expected = expected[:125]
        assert expected in shown, marker
    for short in (SHORT, f"mail{SHORT}@example.org"):
        assert short in shown


def test_head_holds_the_payload_as_text(client, hostile_site):
    soup = get_soup(client, SEED_URL)
    assert soup.title.string == hostile("SeoTitle")
    assert soup.find("meta", attrs={"name": "description"})["content"] == hostile(
        "SearchDescription"
    )
    assert soup.find("meta", property="og:title")["content"] == hostile("SeoTitle")
    assert soup.h1.get_text() == hostile("PageTitle")
    (script,) = assert_expected_scripts(soup)
    graph = json.loads(script.string)["@graph"]
    strings = set(json_strings(graph))
    for marker in ("PageTitle", "SearchDescription", "ConditionName", "FaqQuestion"):
        assert hostile(marker) in strings, marker


@pytest.mark.parametrize("url", ["/", "/treatments/"])
def test_other_pages_showing_the_same_content(client, hostile_site, url):
    soup = get_soup(client, url)
    assert_inert(soup)
    assert_expected_scripts(soup)
    shown = everything_shown(soup)
    assert hostile("ClinicName") in shown
    if url == "/treatments/":
        assert hostile("PageTitle") in shown
        assert hostile("Summary") in shown


def test_search_results(client, hostile_site):
    soup = get_soup(client, "/search/", q="pagetitle")
    assert_inert(soup)
    assert_expected_scripts(soup, json_ld=0)
    results = soup.select("ol.search-results h2 a")
    assert [a.get_text() for a in results] == [hostile("PageTitle")]
    result_text = soup.select_one("ol.search-results li").get_text()
    assert hostile("SearchDescription") in result_text


def test_search_query_is_echoed_as_text(client, demo):
    soup = get_soup(client, "/search/", q=hostile("Query"))
    assert_inert(soup)
    assert_expected_scripts(soup, json_ld=0)
    assert hostile("Query") in soup.h1.get_text()
    assert soup.select_one("#search-page-q")["value"] == hostile("Query")
    assert hostile("Query") in soup.title.string


# --- the admin ---------------------------------------------------------------


def admin_pages(page):
    site = Site.objects.get(is_default_site=True)
    doctor = Doctor.objects.get(locale__language_code="en")
    return {
        "listing": reverse("wagtailadmin_explore", args=(page.get_parent().pk,)),
        "edit": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        "doctors": reverse("wagtailsnippets_doctors_doctor:list"),
        "doctor": reverse("wagtailsnippets_doctors_doctor:edit", args=(doctor.pk,)),
        "clinic": reverse(
            "wagtailsettings:edit", args=("clinic", "clinicsettings", site.pk)
        ),
    }


def structure(soup):
    """What does not depend on field values: scripts and handlers."""
    return (
        [(s.get("src"), s.get("type"), s.get("id")) for s in soup.find_all("script")],
        handler_attributes(soup),
    )


def test_admin_listing_and_edit_views(admin_client, demo, image):
    """Same scripts as with harmless text, and the payload shown as text."""
    before = {
        name: structure(get_soup(admin_client, url))
        for name, url in admin_pages(demo).items()
    }
    page = make_hostile(demo, image)
    for name, url in admin_pages(page).items():
        soup = get_soup(admin_client, url)
        assert_inert(soup)
        assert structure(soup) == before[name], name
        shown = everything_shown(soup)
        expected = {
            "listing": "PageTitle",
            "edit": "PageTitle",
            "doctors": "DoctorName",
            "doctor": "DoctorName",
            "clinic": "ClinicName",
        }[name]
        assert hostile(expected) in shown, name
    edit = get_soup(admin_client, admin_pages(page)["edit"])
    assert hostile("PageTitle") in edit.title.get_text()


def test_doctor_preview_shows_the_bio_as_text(hostile_site):
    doctor = Doctor.objects.get(locale__language_code="en")
    response = doctor.make_preview_request()
    soup = BeautifulSoup(response.content, "html.parser")
    assert_inert(soup)
    assert soup.h1.get_text() == f"{SHORT} {hostile('DoctorName')}"
    assert hostile("DoctorBio") in soup.get_text()


def test_payload_typed_in_the_admin_editor(admin_client, client, demo):
    """Through the real edit form, as an editor's browser posts it."""
    data = page_form_data(
        hostile("FormTitle"),
        demo.slug,
        [
            ("heading", {"text": hostile("FormHeading"), "level": "h2"}),
            ("paragraph", rich_text(rich("FormParagraph"))),
        ],
        summary=hostile("FormSummary"),
        seo_title=hostile("FormSeoTitle"),
        search_description=hostile("FormDescription"),
    )
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(demo.pk,)), data
    )
    assert response.status_code == 302
    page = TreatmentPage.objects.get(pk=demo.pk)
    assert page.title == hostile("FormTitle")
    assert [block.block_type for block in page.body] == ["heading", "paragraph"]
    assert "<script>" not in page.body.raw_data[1]["value"]

    soup = get_soup(client, page.url)
    assert_inert(soup)
    assert_expected_scripts(soup)
    assert soup.h1.get_text() == hostile("FormTitle")
    assert soup.title.string == hostile("FormSeoTitle")
    body_text = soup.select_one(".article__body").get_text()
    assert hostile("FormHeading") in body_text
    assert hostile("FormParagraph") in body_text

    edit = get_soup(admin_client, reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert_inert(edit)
    assert hostile("FormTitle") in edit.title.get_text()
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    listing = get_soup(admin_client, reverse("wagtailadmin_explore", args=(index.pk,)))
    assert_inert(listing)
    assert hostile("FormTitle") in listing.get_text()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>"])
def test_script_urls_are_refused_by_the_doctor_form(admin_client, demo, url):
    doctor = Doctor.objects.get(locale__language_code="en")
    response = admin_client.post(
        reverse("wagtailsnippets_doctors_doctor:edit", args=(doctor.pk,)),
        {
            "honorific": doctor.honorific,
            "name": doctor.name,
            "specialty": "",
            "photo": "",
            "bio": "",
            "profile_url": url,
            "user": "",
        },
    )
    assert response.status_code == 200
    assert "profile_url" in response.context["form"].errors
    doctor.refresh_from_db()
    assert doctor.profile_url != url
