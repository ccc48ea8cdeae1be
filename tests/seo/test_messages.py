"""Findings remember their msgid and parameters, so a stored finding is shown
in the reader's language, not in the language of whoever audited the site."""

import copy
import json
import pickle

from django.utils.translation import override

from seo import link_problems, site_checks
from seo.findings import WARNING, Finding
from seo.messages import Message, gettext, ngettext, render
from seo.site_checks import PageFacts, SiteFinding

MISSING_TR = "Sayfanın meta açıklaması yok."


def test_a_message_is_the_translated_text_and_keeps_its_msgid():
    with override("tr"):
        message = gettext("No meta description.")
    assert isinstance(message, str)
    assert message == "Meta açıklaması yok."
    assert message.msgid == "No meta description."
    assert message.params is None


def test_formatting_keeps_the_params_and_renders_as_before():
    with override("en"):
        message = gettext("The text has %(count)s words.") % {"count": 12}
    assert message == "The text has 12 words."
    assert isinstance(message, Message)
    assert message.params == {"count": 12}
    assert message.as_dict() == {
        "msgid": "The text has %(count)s words.",
        "params": {"count": 12},
    }


def test_a_stored_message_is_shown_in_the_readers_language():
    with override("en"):
        finding = Finding(
            "text_length",
            WARNING,
            gettext("The text has %(count)s words.") % {"count": 12},
            "body",
        )
        stored = json.loads(json.dumps(finding.as_stored_dict()))
    assert stored["message"] == "The text has 12 words."
    with override("tr"):
        shown = Finding.from_dict(stored)
        assert shown.message == "Metin 12 sözcük."
        # And back: the Turkish finding, stored, reads in English again.
        again = json.loads(json.dumps(shown.as_stored_dict()))
    with override("en"):
        assert Finding.from_dict(again).message == "The text has 12 words."


def test_plural_forms_are_chosen_again_from_the_count():
    with override("tr"):
        one = ngettext(
            "%(count)s image, all with descriptive alt text.",
            "%(count)s images, all with descriptive alt text.",
            1,
        ) % {"count": 1}
    data = {"message": str(one), **one.as_dict()}
    assert data["count"] == 1
    assert data["plural"] == "%(count)s images, all with descriptive alt text."
    with override("en"):
        assert render(data) == "1 image, all with descriptive alt text."


def test_nested_messages_are_translated_too():
    with override("en"):
        finding = site_checks.broken_outbound_links(
            [("https://gone.example/x", 404, ["/a/"])]
        )[0]
        stored = json.loads(json.dumps(finding.as_stored_dict()))
    assert stored["message"] == (
        "https://gone.example/x does not answer (404 Not Found). "
        "Update or remove the link."
    )
    with override("tr"):
        shown = SiteFinding.from_dict(stored)
    assert shown.message == (
        "https://gone.example/x yanıt vermiyor (404 Bulunamadı). "
        "Bağlantıyı güncelleyin ya da kaldırın."
    )
    assert shown.urls == ("/a/",)


def test_a_row_of_the_previous_release_shows_its_text():
    """Stored before msgids were: no msgid, the text as it was written."""
    old = {
        "check": "missing_descriptions",
        "severity": "warning",
        "message": "2 page(s) have no meta description.",
        "urls": ["/a/", "/b/"],
    }
    with override("tr"):
        finding = SiteFinding.from_dict(old)
    assert finding.message == "2 page(s) have no meta description."
    assert finding.as_dict() == old
    page_finding = {"check": "x", "severity": "info", "message": "Old.", "target": ""}
    with override("tr"):
        assert Finding.from_dict(page_finding).as_dict() == page_finding


def test_a_msgid_that_no_longer_fits_its_params_falls_back_to_the_text():
    for broken in (
        {"msgid": "The text has %(count)s words.", "params": {"other": 1}},
        {"msgid": "%(count)d words", "params": {"count": "many"}},
        {"msgid": 42},
    ):
        data = {"message": "Stored text.", **broken}
        with override("tr"):
            assert render(data) == "Stored text.", broken


def test_messages_survive_pickling_and_copying():
    with override("tr"):
        message = gettext("The text has %(count)s words.") % {"count": 3}
    pickled = pickle.loads(pickle.dumps(message))  # noqa: S301 (our own bytes)
    for copied in (pickled, copy.deepcopy(message)):
        assert copied == message
        assert copied.msgid == message.msgid
        assert copied.params == {"count": 3}


def _facts(count, **kwargs):
    return [
        PageFacts(page_id=n, url=f"/p{n}/", title=f"Page {n}", **kwargs)
        for n in range(count)
    ]


def test_site_findings_use_plural_forms_in_english():
    with override("en"):
        one = site_checks.missing_descriptions(_facts(1))[0]
        two = site_checks.missing_descriptions(_facts(2))[0]
        hidden = site_checks.sitemap_exclusions(_facts(3, in_sitemap=False))[0]
        orphan = site_checks.orphans(_facts(2, listed_by_parent=False))[0]
    assert one.message.startswith("1 page has no meta description.")
    assert two.message.startswith("2 pages have no meta description.")
    assert hidden.message.startswith("3 live pages are left out of the sitemap")
    assert orphan.message.startswith("2 pages have no internal link pointing to them.")


def test_site_findings_use_plural_forms_in_turkish():
    with override("tr"):
        one = site_checks.missing_descriptions(_facts(1))[0]
        two = site_checks.missing_descriptions(_facts(2))[0]
        dupes = site_checks.duplicate_titles(
            [PageFacts(n, f"/p{n}/", "Aynı", description="x") for n in range(3)]
        )[0]
    assert one.message.startswith("1 sayfanın meta açıklaması yok.")
    assert two.message.startswith("2 sayfanın meta açıklaması yok. Her biri için")
    assert dupes.message.startswith("3 sayfa aynı SEO başlığını paylaşıyor: “Aynı”.")
    assert dupes.urls == ("/p0/", "/p1/", "/p2/")


def test_redirect_and_broken_link_findings_are_translated():
    with override("tr"):
        loop = site_checks.redirect_chains([("/a/", "/b/"), ("/b/", "/a/")])[0]
        chain = site_checks.redirect_chains([("/a/", "/b/"), ("/b/", "/c/")])[0]
        broken = site_checks.broken_internal_links(
            [("/a/", 10, "body[2] (paragraph)"), ("/a/", 11, "body[3] (paragraph)")],
            live_ids={1},
        )[0]
    assert loop.message == "Yönlendirme döngüsü: /a/ → /b/ → /a/. Döngüyü kırın."
    assert chain.message == (
        "Yönlendirme zinciri: /a/ → /b/ → /c/. /a/ adresini doğrudan /c/ "
        "adresine yönlendirin."
    )
    assert broken.message.startswith(
        "/a/ silinmiş ya da yayından kaldırılmış 2 sayfaya bağlantı veriyor"
    )
    assert "body[2] (paragraph) → 10; body[3] (paragraph) → 11" in broken.message


def test_site_check_labels_are_translated():
    with override("tr"):
        labels = {name: str(label) for name, label in site_checks.SITE_CHECKS}
    assert labels["orphan_pages"] == "Yetim sayfalar"
    assert labels["broken_outbound_links"] == "Bozuk dış bağlantılar"


def test_link_checker_reasons_read_in_turkish():
    with override("tr"):
        assert link_problems.problem(None, "timed out after 10 s") == (
            "10 sn sonra zaman aşımına uğradı"
        )
        assert link_problems.problem(None, "connection refused") == (
            "bağlantı reddedildi"
        )
        assert link_problems.problem(None, "TLS error (wrong version number)") == (
            "TLS hatası (wrong version number)"
        )
        assert link_problems.problem(404, "") == "404 Bulunamadı"
        assert link_problems.problem(418, "") == "418 I'm a Teapot"
        assert link_problems.problem(599, "") == "HTTP 599"
        # A reason the checker no longer gives is shown as it was stored.
        assert link_problems.problem(None, "mystery") == "mystery"
    with override("en"):
        assert link_problems.problem(404, "") == "404 Not Found"
        assert link_problems.problem(None, "timed out after 10 s") == (
            "timed out after 10 s"
        )


def test_every_reason_is_stored_untranslated_and_read_back():
    """What the checker stores matches one of the reasons, whatever the
    worker's language, so it can be translated for the reader."""
    params = {"seconds": "2.5", "detail": "certificate has expired", "count": 5}
    for msgid in link_problems.REASONS:
        with override("tr"):
            stored = link_problems.reason(
                msgid, **{k: v for k, v in params.items() if f"%({k})" in msgid}
            )
            shown = link_problems.reason_message(stored)
        assert stored == msgid % params
        assert isinstance(shown, Message)
        assert shown.msgid == msgid
        assert shown != stored, msgid


def _stored_and_read(finding, language):
    """A finding stored as JSON (as the worker stores it), read in ``language``."""
    stored = json.loads(json.dumps(finding.as_stored_dict()))
    with override(language):
        return str(render(stored))


def test_a_review_date_is_written_the_readers_way():
    """The date in a stored finding is formatted when read, not when audited."""
    import datetime
    from types import SimpleNamespace

    from seo.checks.trust import check_review_date
    from seo.config import get_config

    page = SimpleNamespace(last_reviewed=datetime.date(2025, 3, 4))
    with override("en"):
        findings, _summary = check_review_date(
            page, get_config(), today=datetime.date(2026, 12, 2)
        )
    (finding,) = findings
    assert "(04 March 2025)" in finding.message
    assert "(04 Mart 2025)" in _stored_and_read(finding, "tr")
    assert "(04 March 2025)" in _stored_and_read(finding, "en")


def test_the_missing_parts_of_a_notice_are_joined_in_the_readers_language():
    from seo.messages import Joined

    with override("en"):
        message = gettext(
            "The responsible editor's contact is incomplete: add %(missing)s."
        ) % {
            "missing": Joined(
                gettext(" and "),
                [
                    gettext("the responsible doctor (medical reviewer)"),
                    gettext("the clinic's phone or e-mail (Settings › Clinic)"),
                ],
            )
        }
    finding = Finding("claims.required_notice", WARNING, message)
    assert "(medical reviewer) and the clinic's phone" in finding.message
    turkish = _stored_and_read(finding, "tr")
    assert "sorumlu hekim (tıbbi inceleyen) ve " in turkish
    assert " and " not in turkish
