"""The JSON-LD graph matches the page, and no field can break out of it."""

import json
from html import escape

import pytest
from bs4 import BeautifulSoup

from clinic.models import ClinicSettings
from doctors.models import Doctor
from seo.jsonld import dumps, script_tag
from tests.conftest import SEED_URL

HOSTILE = '</script><script>alert("x")</script><!-- & <b>'


# The site's own script file (the search box's suggestions), on every page.
SITE_SCRIPTS = {"/static/js/search-suggest.js"}


def injectable_scripts(soup):
    """Every <script> element but the site's own script files."""
    return [s for s in soup.find_all("script") if s.get("src") not in SITE_SCRIPTS]


def graph_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)["@graph"]


def strings_in(node):
    """Every string value anywhere in a JSON structure."""
    if isinstance(node, dict):
        return [text for value in node.values() for text in strings_in(value)]
    if isinstance(node, list):
        return [text for value in node for text in strings_in(value)]
    return [node] if isinstance(node, str) else []


def nodes(graph, node_type):
    return [node for node in graph if node["@type"] == node_type]


def test_dumps_escapes_markup_characters():
    text = dumps({"name": HOSTILE})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == {"name": HOSTILE}


def test_script_tag_contains_exactly_one_script_element():
    html = str(script_tag({"name": HOSTILE}))
    soup = BeautifulSoup(html, "html.parser")
    assert len(injectable_scripts(soup)) == 1
    assert json.loads(soup.script.string)["name"] == HOSTILE


def test_seed_page_graph_matches_the_page(client, demo):
    graph = graph_of(client.get(SEED_URL))
    page_url = "http://127.0.0.1:8000" + SEED_URL
    (webpage,) = nodes(graph, "MedicalWebPage")
    assert webpage["url"] == page_url
    assert webpage["name"] == "Stem Cell Therapy for Cerebral Palsy"
    assert webpage["description"] == demo.search_description
    assert webpage["lastReviewed"] == demo.last_reviewed.isoformat()
    assert webpage["about"] == {"@type": "MedicalCondition", "name": "Cerebral palsy"}
    assert len(webpage["citation"]) == 3
    assert webpage["citation"][0]["identifier"][0] == {
        "@type": "PropertyValue",
        "propertyID": "PMID",
        "value": "31515568",
    }
    (physician,) = nodes(graph, "Physician")
    assert physician["name"] == "Prof. Dr. Erdinç Özek"
    assert webpage["reviewedBy"] == {"@id": physician["@id"]}
    (faq,) = nodes(graph, "FAQPage")
    assert len(faq["mainEntity"]) == 6
    assert faq["mainEntity"][4]["name"] == "Are there any side effects?"
    (breadcrumbs,) = nodes(graph, "BreadcrumbList")
    assert [item["position"] for item in breadcrumbs["itemListElement"]] == [1, 2, 3]
    assert breadcrumbs["itemListElement"][-1]["item"] == page_url
    (clinic,) = nodes(graph, "MedicalClinic")
    assert clinic["url"] == "http://127.0.0.1:8000/"
    (website,) = nodes(graph, "WebSite")
    assert website["potentialAction"]["target"]["urlTemplate"] == (
        "http://127.0.0.1:8000/search/?q={search_term_string}"
    )


def test_clinic_node_comes_from_clinic_settings(client, demo):
    clinic = ClinicSettings.objects.get()
    clinic.phone = "+90 212 000 00 00"
    clinic.street_address = "1 Example Street"
    clinic.locality = "Istanbul"
    clinic.country = "TR"
    clinic.profile_urls = "https://example.org/clinic\n\nhttps://example.net/c"
    clinic.save()
    (node,) = nodes(graph_of(client.get("/")), "MedicalClinic")
    assert node["telephone"] == "+90 212 000 00 00"
    assert node["address"]["streetAddress"] == "1 Example Street"
    assert node["address"]["addressCountry"] == "TR"
    assert node["sameAs"] == ["https://example.org/clinic", "https://example.net/c"]


@pytest.mark.parametrize(
    ("field", "in_graph"),
    [
        ("title", True),
        ("seo_title", False),
        ("search_description", True),
        ("condition_name", True),
    ],
)
def test_hostile_page_fields_stay_inert(client, demo, field, in_graph):
    setattr(demo, field, HOSTILE)
    demo.save_revision().publish()
    response = client.get(SEED_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<script>alert("x")' not in body
    soup = BeautifulSoup(body, "html.parser")
    assert len(injectable_scripts(soup)) == 1
    assert (HOSTILE in strings_in(graph_of(response))) is in_graph
    if field == "seo_title":
        assert soup.title.string == HOSTILE


def list_item(block, index):
    """The value of item ``index`` of a list in ``block``'s raw data, which
    the body stores as ``{"type": "item", "value": ..., "id": ...}``."""
    return block["value"]["items"][index]["value"]


def test_hostile_blocks_clinic_and_doctor_stay_inert(client, demo):
    doctor = Doctor.objects.get(locale__language_code="en")
    doctor.name = HOSTILE
    doctor.save()
    clinic = ClinicSettings.objects.get()
    clinic.name = HOSTILE
    clinic.save()
    raw = list(demo.body.raw_data)
    for block in raw:
        if block["type"] == "faq":
            list_item(block, 0)["question"] = HOSTILE
        if block["type"] == "references":
            list_item(block, 0)["title"] = HOSTILE
    demo.body = raw
    demo.save_revision().publish()
    response = client.get(SEED_URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(injectable_scripts(soup)) == 1
    graph = graph_of(response)
    assert nodes(graph, "FAQPage")[0]["mainEntity"][0]["name"] == HOSTILE
    assert nodes(graph, "Physician")[0]["name"].endswith(HOSTILE)
    assert nodes(graph, "MedicalClinic")[0]["name"] == HOSTILE
    assert soup.select_one("main .faq summary").get_text() == HOSTILE


def test_hostile_text_in_every_field_that_reaches_json_ld(client, demo):
    """Every editor-controlled string in the graph, hostile at once."""
    clinic = ClinicSettings.objects.get()
    for name in ("name", "email", "street_address", "locality", "region"):
        setattr(clinic, name, f"{name}{HOSTILE}")
    clinic.phone = "+90</script><b>"  # the column holds 40 characters
    clinic.postal_code = "</script>"
    clinic.country = "<>"
    clinic.extra_structured_data = json.dumps({"slogan": HOSTILE})
    clinic.save()
    doctor = Doctor.objects.get(locale__language_code="en")
    doctor.specialty = f"specialty{HOSTILE}"
    doctor.profile_url = f"https://example.org/{HOSTILE}"
    doctor.save()
    raw = list(demo.body.raw_data)
    for block in raw:
        if block["type"] == "faq":
            # Rich text is stored as the editor stores it: typed text escaped.
            list_item(block, 1)["answer"] = f"<p>answer{escape(HOSTILE)}</p>"
        if block["type"] == "references":
            list_item(block, 2).update(
                source=f"source{HOSTILE}", pubmed_id=HOSTILE, doi=HOSTILE
            )
    demo.body = raw
    demo.title = f"title{HOSTILE}"
    demo.condition_name = f"condition{HOSTILE}"
    demo.search_description = f"description{HOSTILE}"
    demo.save_revision().publish()

    response = client.get(SEED_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<script>alert("x")' not in body
    soup = BeautifulSoup(body, "html.parser")
    (script,) = injectable_scripts(soup)
    assert "</" not in script.string and "<" not in script.string
    strings = strings_in(graph_of(response))
    for expected in (
        f"name{HOSTILE}",
        "+90</script><b>",
        f"street_address{HOSTILE}",
        HOSTILE,  # the extra JSON's slogan, PubMed ID and DOI
        f"specialty{HOSTILE}",
        f"https://example.org/{HOSTILE}",
        f"source{HOSTILE}",
        f"title{HOSTILE}",
        f"condition{HOSTILE}",
        f"description{HOSTILE}",
        "</script>",
    ):
        assert expected in strings, expected
    assert f"answer{HOSTILE}" in strings
