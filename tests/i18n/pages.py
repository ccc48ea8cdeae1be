"""A small bilingual site made in code for the interface tests.

The tests compare the English and Turkish interface of the same pages, so the
pages' own text is ours: English on the English pages, Turkish (with no English
word in it) on the Turkish ones. They do not depend on the demo content, which
keeps English titles of English-language papers on its Turkish page.
"""

import datetime

from wagtail.models import Locale, Page, Site

from doctors.models import Doctor
from home.models import HomePage
from treatments.models import TreatmentIndexPage, TreatmentPage

REVIEWED = datetime.date(2026, 12, 2)

CONTENT = {
    "en": {
        "home": "Regenerative medicine at the clinic",
        "index": "Treatments",
        "title": "Stem cell therapy for cerebral palsy",
        "summary": "What the treatment is, who it may help and what to expect.",
        "specialty": "Paediatric neurology",
        "heading": "How the treatment works",
        "paragraph": "<p>The cells are given in several sessions [1].</p>",
        "case": ("Case A", "5 years", "GMFCS Level 4", "Three sessions", "Better"),
        "narrative": "A child who could sit only with support.",
        "question": "How many sessions are needed?",
        "answer": "<p>Usually two to four.</p>",
        "reference": "Mesenchymal stem cells in cerebral palsy",
    },
    "tr": {
        "home": "Klinikte rejeneratif tıp",
        "index": "Tedaviler",
        "title": "Serebral palside kök hücre tedavisi",
        "summary": "Tedavinin ne olduğu, kime yardımcı olabileceği ve sizi "
        "nelerin beklediği.",
        "specialty": "Çocuk nörolojisi",
        "heading": "Tedavi nasıl işler",
        "paragraph": "<p>Hücreler birkaç seansta verilir [1].</p>",
        "case": ("A vakası", "5 yaş", "GMFCS düzey 4", "Üç seans", "Daha iyi"),
        "narrative": "Yalnızca destekle oturabilen bir çocuk.",
        "question": "Kaç seans gerekir?",
        "answer": "<p>Genellikle iki ile dört.</p>",
        "reference": "Serebral palside mezenkimal kök hücreler",
    },
}


def _body(text):
    age_label, age, classification, intervention, outcome = text["case"]
    return [
        {"type": "heading", "value": {"text": text["heading"], "level": "h2"}},
        {"type": "paragraph", "value": text["paragraph"]},
        {
            "type": "case_study",
            "value": {
                "label": age_label,
                "heading_level": "h3",
                "patient_age": age,
                "classification": classification,
                "intervention": intervention,
                "outcome": outcome,
                "narrative": text["narrative"],
                "anonymised": True,
            },
        },
        {
            "type": "faq",
            "value": {
                "items": [{"question": text["question"], "answer": text["answer"]}]
            },
        },
        {
            "type": "references",
            "value": {
                "items": [
                    {
                        "title": text["reference"],
                        "source": "PubMed",
                        "url": "",
                        "pubmed_id": "12345678",
                        "doi": "",
                    }
                ]
            },
        },
    ]


def _publish(page):
    page.save_revision().publish()
    return page


def build_site(language_codes=("en", "tr")):
    """Home, /treatments/ and one treatment page in each language, live.

    The first language is the source; the others are translations of it made
    as Wagtail makes them (``copy_for_translation``), then given their own
    text. Languages without text of their own (Arabic in the RTL tests) keep
    the English text. Returns ``{language: treatment page}``.
    """
    source, *others = language_codes
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in language_codes
    }
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locales[source]).first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title=CONTENT["en"]["home"], slug="home", locale=locales[source]
            )
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    index = home.add_child(
        instance=TreatmentIndexPage(title=CONTENT["en"]["index"], slug="treatments")
    )
    doctor = Doctor.objects.create(
        honorific="Prof. Dr.",
        name="Ayşe Yılmaz",
        specialty=CONTENT["en"]["specialty"],
        locale=locales[source],
    )
    text = CONTENT["en"]
    page = index.add_child(
        instance=TreatmentPage(
            title=text["title"],
            slug="stem-cell-therapy",
            condition_name="Cerebral palsy",
            summary=text["summary"],
            body=_body(text),
            medical_reviewer=doctor,
            last_reviewed=REVIEWED,
        )
    )
    pages = {source: _publish(page)}
    for code in others:
        text = CONTENT.get(code, CONTENT["en"])
        for original in (home, index):
            translation = original.get_translation_or_none(locales[code])
            if translation is None:
                translation = original.copy_for_translation(locales[code])
            translation.title = text["home" if original is home else "index"]
            _publish(translation)
        doctor_translation = doctor.copy_for_translation(locales[code])
        doctor_translation.specialty = text["specialty"]
        doctor_translation.save()
        translation = page.copy_for_translation(locales[code]).specific
        translation.title = text["title"]
        translation.summary = text["summary"]
        translation.body = _body(text)
        translation.medical_reviewer = doctor_translation
        translation.last_reviewed = REVIEWED
        pages[code] = _publish(translation)
    return pages
