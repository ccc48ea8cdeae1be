"""The demo's Turkish pages: made through wagtail-localize, whole and live.

The Turkish seed page is compared with the English one as rendered, so a
block lost on the way (a table, the FAQ, a case) fails here; and its text is
checked against the English seed file, so a segment left in English does too.
"""

import datetime
import json

import polib
import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)

from clinic.models import ClinicText
from demo.seed import SEED_FILE
from demo.translate import PO_FILE, load_catalogue
from doctors.models import Doctor
from home.models import HomePage
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage

TURKISH_URL = "/tr/tedaviler/serebral-palside-kok-hucre-tedavisi/"
TURKISH_TITLE = "Serebral Palside Kök Hücre Tedavisi"


def text(node):
    return " ".join(node.get_text(" ", strip=True).split())


def page_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def turkish():
    return Locale.objects.get(language_code="tr")


@pytest.fixture
def turkish_page(demo, turkish):
    return TreatmentPage.objects.get(locale=turkish)


@pytest.fixture
def english_soup(client, demo):
    return page_soup(client, SEED_URL)


@pytest.fixture
def soup(client, turkish_page):
    return page_soup(client, TURKISH_URL)


def article(soup):
    return soup.select_one("main article")


def body_headings(soup):
    """The article's heading blocks: those the contents list links to."""
    anchors = {a["href"][1:] for a in soup.select(".toc a[href^='#']")}
    return [h for h in article(soup).find_all(["h2", "h3"]) if h.get("id") in anchors]


def test_turkish_home_index_and_page_are_live_at_turkish_urls(
    client, demo, turkish, turkish_page
):
    home = HomePage.objects.get(locale=turkish)
    index = TreatmentIndexPage.objects.get(locale=turkish)
    assert home.live and index.live and turkish_page.live
    assert not turkish_page.has_unpublished_changes
    english_home = HomePage.objects.get(locale__language_code="en")
    assert home.translation_key == english_home.translation_key
    assert index.translation_key == demo.get_parent().translation_key
    assert turkish_page.translation_key == demo.translation_key
    assert (home.url, index.url, turkish_page.url) == (
        "/tr/",
        "/tr/tedaviler/",
        TURKISH_URL,
    )
    assert turkish_page.slug == "serebral-palside-kok-hucre-tedavisi"
    home_soup = page_soup(client, "/tr/")
    assert home_soup.html["lang"] == "tr"
    assert text(home_soup.h1) == "Prof. Dr. Erdinç Özek ile rejeneratif tıp"
    # The featured treatment is the Turkish page, not the English one.
    assert home_soup.find("a", href=TURKISH_URL, string=TURKISH_TITLE)
    assert not home_soup.find("a", href=SEED_URL)
    index_soup = page_soup(client, "/tr/tedaviler/")
    assert text(index_soup.h1) == "Tedaviler"
    assert index_soup.find("a", href=TURKISH_URL)


def test_seo_title_description_and_h1_are_turkish(soup):
    assert soup.html["lang"] == "tr"
    assert soup.title.string == f"{TURKISH_TITLE} | Prof. Dr. Erdinç Özek"
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Serebral palside kök hücre tedavisi, kök hücrelerin")
    assert [text(h1) for h1 in soup.find_all("h1")] == [TURKISH_TITLE]


def test_same_headings_at_the_same_levels_as_the_english_page(soup, english_soup):
    turkish = [(h.name, text(h)) for h in body_headings(soup)]
    english = [(h.name, text(h)) for h in body_headings(english_soup)]
    assert [level for level, _ in turkish] == [level for level, _ in english]
    assert len(turkish) == 20
    assert turkish[0] == (
        "h2",
        "Serebral Palsi (SP) Nedir? Belirtileri ve Geleneksel Tedavi Yöntemleri",
    )
    assert ("h2", "Sıkça Sorulan Sorular") in turkish
    assert ("h2", "Bilimsel Kaynaklar") in turkish


def test_table_has_every_cell_in_turkish(soup, english_soup):
    table = article(soup).find("table")
    english_table = article(english_soup).find("table")
    cells = [text(cell) for cell in table.find_all(["th", "td"])]
    english_cells = [text(cell) for cell in english_table.find_all(["th", "td"])]
    assert len(cells) == len(english_cells) == 12
    assert cells[:4] == [
        "Uygulama Yöntemi",
        "Hedef Mekanizma",
        "Avantaj",
        "İntravenöz (IV)",
    ]
    assert not set(cells) & set(english_cells)
    assert text(table.caption) == "Uygulama yöntemlerinin karşılaştırması"


def test_doctor_quote_is_turkish_and_attributed_to_the_turkish_doctor(
    soup, turkish, turkish_page
):
    figure = article(soup).select_one("figure.doctor-quote")
    quote = text(figure.blockquote)
    assert quote.startswith("Serebral palsi tedavisinde kök hücre ve eksozom")
    assert "mucize olarak görülmemelidir" in quote
    assert text(figure.figcaption) == "Prof. Dr. Erdinç Özek"
    block = next(b for b in turkish_page.body if b.block_type == "doctor_quote")
    assert block.value["doctor"].locale == turkish
    assert block.value["doctor"] == Doctor.objects.get(locale=turkish)


def test_both_cases_in_turkish(soup):
    cases = article(soup).select(".case-study")
    assert [text(case.find("h4")) for case in cases] == ["Olgu A", "Olgu B"]
    facts = [text(dd) for dd in cases[0].select("dd")]
    assert "5 yaş" in facts
    assert "GMFCS Seviye 4" in facts
    assert "spastisitede %30 azalma" in text(cases[0])


def test_six_faq_entries_in_turkish(soup):
    details = article(soup).select(".faq details")
    assert len(details) == 6
    assert text(details[0].summary) == (
        "Kök hücre tedavisi serebral palsi için kesin bir çözüm müdür?"
    )
    assert "henüz tanımlanmamıştır" in text(details[0].select_one(".faq__answer"))


def test_three_references_keep_titles_ids_and_links(soup, english_soup):
    items = article(soup).select("ol.references > li")
    english_items = article(english_soup).select("ol.references > li")
    assert len(items) == len(english_items) == 3

    def links(item):
        return [a["href"] for a in item.find_all("a")]

    assert [links(i) for i in items] == [links(i) for i in english_items]
    assert "PMID 31515568" in text(items[0])
    assert "10.3389/fneur.2020.00079" in text(items[2])
    # Titles of English-language papers stay in English.
    assert "Mesenchymal Stem Cell Therapy in Cerebral Palsy: A Meta-Analysis" in (
        text(items[0])
    )


def test_reviewer_and_review_date_of_its_own(soup, turkish, turkish_page):
    assert turkish_page.medical_reviewer.locale == turkish
    assert turkish_page.medical_reviewer.full_name == "Prof. Dr. Erdinç Özek"
    assert turkish_page.last_reviewed == timezone.localdate()
    byline = soup.select_one("main .byline")
    assert "Prof. Dr. Erdinç Özek" in text(byline)
    assert byline.time["datetime"] == timezone.localdate().isoformat()


def test_disclaimer_is_the_clinic_text_in_turkish(soup, english_soup, turkish):
    english = "This page gives general information."
    turkish_text = "Bu sayfadaki bilgiler genel niteliktedir."
    assert turkish_text in text(soup) and english not in text(soup)
    assert english in text(english_soup) and turkish_text not in text(english_soup)
    clinic_text = ClinicText.objects.get(locale=turkish)
    source = TranslationSource.objects.get_for_instance(
        ClinicText.objects.get(locale=Locale.get_default())
    )
    assert clinic_text.translation_key == source.object_id
    assert Translation.objects.get(source=source, target_locale=turkish).enabled


def seed_body_lines():
    """The English seed's text lines after its SEO lines, but references."""
    lines = [
        line.strip()
        for line in SEED_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ][2:]
    start = lines.index("Scientific References") + 1
    return lines[:start]


def test_no_english_sentence_of_the_seed_on_the_turkish_page(soup):
    main = text(soup.select_one("main"))
    assert "Kök hücre" in main or "kök hücre" in main
    assert "mezenkimal kök hücreler" in main.lower()
    assert "kaba motor fonksiyon" in main.lower()
    checked = 0
    for line in seed_body_lines():
        if line.startswith("|"):
            pieces = [cell.strip() for cell in line.strip("|").split("|")]
        else:
            # "Case A: In a 5-year-old…", "Prof. Dr. …'s Advice: "…"" and
            # "Spastic CP: The most…": the part after the label too.
            pieces = [line, line.split(": ", 1)[-1].strip('"')]
        for piece in pieces:
            assert piece not in main, piece
            checked += 1
    assert checked > 60


def test_translation_exists_and_every_segment_is_translated(demo, turkish):
    default = Locale.get_default()
    for english in (
        demo,
        Doctor.objects.get(locale=default),
        ClinicText.objects.get(locale=default),
    ):
        source = TranslationSource.objects.get_for_instance(english)
        translation = Translation.objects.get(source=source, target_locale=turkish)
        assert translation.enabled
        total, translated = translation.get_progress()
        assert total == translated > 0
        untranslated = (
            StringSegment.objects.filter(source=source)
            .annotate_translation(turkish)
            .filter(translation__isnull=True)
        )
        assert not untranslated.exists()
        assert translation.get_status_display() == "Up to date"
        # Up to date with its source: syncing finds nothing new.
        extracted = source.last_updated_at
        fresh = type(english).objects.get(pk=english.pk)
        synced, created = TranslationSource.update_or_create_from_instance(fresh)
        assert (synced.pk, created) == (source.pk, False)
        assert synced.last_updated_at == extracted
    treatment_source = TranslationSource.objects.get_for_instance(demo)
    # The body's segments are there: headings, paragraphs, cells, FAQ.
    assert StringSegment.objects.filter(source=treatment_source).count() > 90


def test_segments_come_from_the_data_file(demo, turkish):
    catalogue = load_catalogue()
    source = TranslationSource.objects.get_for_instance(demo)
    translation = Translation.objects.get(source=source, target_locale=turkish)
    po = translation.export_po()
    assert len(po) > 90
    for entry in po:
        assert entry.msgstr == catalogue[entry.msgid], entry.msgid
    translations = StringTranslation.objects.filter(
        context__object_id=source.object_id, locale=turkish
    )
    assert set(translations.values_list("tool_name", flat=True)) == {"Demo content"}


def test_editing_the_english_source_marks_only_that_segment_untranslated(demo, turkish):
    """The workflow's sync: the changed paragraph, and only it, needs Turkish."""
    source = TranslationSource.objects.get_for_instance(demo)
    translation = Translation.objects.get(source=source, target_locale=turkish)
    body = json.loads(json.dumps(list(demo.body.raw_data)))
    index = next(i for i, b in enumerate(body) if b["type"] == "paragraph")
    old = "The primary focus is on the central nervous system."
    assert old in body[index]["value"]
    body[index]["value"] = body[index]["value"].replace(old, "A new sentence.")
    demo.body = body
    demo.save_revision().publish()
    source.update_from_db()
    total, translated = translation.get_progress()
    assert total - translated == 1


def counts():
    """What the demo's pages and their translations are made of."""
    pages = Page.objects.filter(
        content_type__app_label__in=["home", "treatments", "doctors"]
    )
    return {
        "pages": pages.count(),
        "revisions": Revision.page_revisions.filter(
            object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)]
        ).count(),
        "doctors": Doctor.objects.count(),
        "clinic_texts": ClinicText.objects.count(),
        "sources": TranslationSource.objects.count(),
        "translations": Translation.objects.count(),
        "strings": StringTranslation.objects.count(),
        "logs": TranslationLog.objects.count(),
    }


def test_second_run_changes_nothing_in_turkish(demo, turkish_page):
    before = counts()
    body = list(turkish_page.body.raw_data)
    call_command("load_demo_content", verbosity=0)
    assert counts() == before
    turkish_page.refresh_from_db()
    assert list(turkish_page.body.raw_data) == body


def test_keeps_the_turkish_review_date_and_restores_an_edited_translation(
    demo, turkish_page
):
    turkish_page.title = "Elle değiştirildi"
    turkish_page.last_reviewed = datetime.date(2025, 1, 2)
    turkish_page.save_revision().publish()
    demo.title = "Changed by hand"
    demo.save_revision().publish()
    call_command("load_demo_content", verbosity=0)
    turkish_page.refresh_from_db()
    assert turkish_page.title == TURKISH_TITLE
    assert turkish_page.last_reviewed == datetime.date(2025, 1, 2)
    assert turkish_page.live
    before = counts()
    call_command("load_demo_content", verbosity=0)
    assert counts() == before


def test_a_changed_english_seed_without_turkish_stops_the_loader(db, tmp_path):
    seed = tmp_path / SEED_FILE.name
    changed = "Cerebral Palsy is a lifelong, non-progressive brain injury."
    seed.write_text(
        SEED_FILE.read_text(encoding="utf-8").replace(
            "Cerebral Palsy is a lifelong but non-progressive brain injury.", changed
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="has no Turkish for 1 segment") as error:
        call_command("load_demo_content", seed_file=str(seed), verbosity=0)
    assert changed in str(error.value)
    assert not TreatmentPage.objects.exists()


def test_a_data_file_without_an_entry_stops_the_loader(db, tmp_path, monkeypatch):
    po = polib.pofile(str(PO_FILE))
    po.remove(po.find("Kaç seans gerekir?", by="msgstr"))
    partial = tmp_path / PO_FILE.name
    po.save(str(partial))
    monkeypatch.setattr("demo.translate.PO_FILE", partial)
    with pytest.raises(CommandError, match="How many sessions are required"):
        call_command("load_demo_content", verbosity=0)
    assert not Page.objects.filter(locale__language_code="tr").exists()


def test_data_file_is_a_valid_po_file_with_every_entry_translated():
    po = polib.pofile(str(PO_FILE))
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries() and not po.obsolete_entries()
    assert len({entry.msgid for entry in po}) == len(po)
