"""The editor's "SEO & trust checks" preview mode, rendered by Wagtail's preview."""

from bs4 import BeautifulSoup

from seo.editor import PREVIEW_MODE


def preview(page):
    response = page.make_preview_request(preview_mode=PREVIEW_MODE)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def checks_by_label(soup):
    return {
        li.select_one(".check__label").get_text(strip=True): (
            li.select_one(".check__status").get_text(strip=True),
            li.get_text(" ", strip=True),
        )
        for li in soup.select("li.check")
    }


def test_treatment_pages_offer_the_checks_mode_instead_of_wagtail_seos(demo):
    modes = dict(demo.preview_modes)
    assert PREVIEW_MODE in modes
    assert "wagtail-seo" not in modes
    assert "" in modes


def test_seed_page_preview_shows_snippet_and_grouped_checks(demo):
    soup = preview(demo)
    desktop = soup.select_one(".serp--desktop")
    assert desktop.select_one(".serp__title").text == demo.seo_title
    assert desktop.select_one(".serp__description").text == demo.search_description
    assert desktop.select_one(".serp__url").text == (
        "127.0.0.1:8000 › treatments › stem-cell-therapy-for-cerebral-palsy"
    )
    assert soup.select_one(".serp--mobile") is not None
    assert [h2.text for h2 in soup.select("h2")][1:] == [
        "Search engines",
        "Readability",
        "Medical trust",
        "Claims",
    ]
    checks = checks_by_label(soup)
    assert checks["SEO title length"][0] == "Good"
    status, text = checks["Figures cite their source"]
    assert status == "Improve"
    assert "30% reduction in spasticity" in text
    assert checks["Safety claims cite their source"][0] == "Improve"
    # The denied "miracle" is a note, not a problem.
    status, text = checks["Guarantees and absolute promises"]
    assert status == "Note"
    assert "should not be seen as a miracle" in text
    assert checks["Prices and offers"][0] == "Good"
    status, text = checks["References point to articles"]
    assert status == "Improve"
    assert "thelancet.com/journals/laneur/home" in text
    assert checks["FAQ rich results"][0] == "Note"
    score = int(soup.select_one(".score")["data-score"])
    assert 0 < score < 100


def test_unsaved_edits_show_up_before_saving(demo):
    """The preview reads the page as edited, not as stored."""
    demo.search_description = ""
    demo.medical_reviewer = None
    demo.summary = "Guaranteed results: the best clinic for cerebral palsy."
    soup = preview(demo)
    checks = checks_by_label(soup)
    assert checks["Meta description length"][0] == "Problem"
    assert checks["Medical reviewer"][0] == "Problem"
    assert checks["Guarantees and absolute promises"][0] == "Problem"
    assert checks["Claims of superiority"][0] == "Improve"
    demo.refresh_from_db()
    assert demo.search_description and demo.medical_reviewer_id


def test_preview_of_a_new_page_as_the_editor_types(admin_client, demo):
    """Wagtail's preview endpoint: the form is posted, then the mode rendered.

    This is what the preview panel does while an editor types in the add form.
    """
    from django.urls import reverse

    from tests.treatments.test_admin import page_form_data

    index = demo.get_parent()
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("treatments", "treatmentpage", index.pk),
    )
    data = page_form_data(
        "Exosome therapy",
        "exosome-therapy",
        [("heading", {"text": "What exosomes do", "level": "h3"})],
        search_description="Short.",
        focus_keyphrase="exosome therapy",
    )
    posted = admin_client.post(url, data)
    assert posted.status_code == 200
    assert posted.json()["is_valid"] is True
    response = admin_client.get(url, {"mode": PREVIEW_MODE})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    checks = checks_by_label(soup)
    assert checks["Meta description length"][0] == "Improve"
    assert "Medical reviewer" in checks
    assert checks["Heading order"][0] == "Improve"
    assert soup.select_one(".serp--desktop .serp__url").text.endswith(
        "treatments › exosome-therapy"
    )


def test_hostile_title_is_escaped_in_the_preview(demo):
    demo.seo_title = "<script>alert(1)</script>"
    soup = preview(demo)
    assert soup.find("script") is None
    assert soup.select_one(".serp__title").text.startswith("<script>")
