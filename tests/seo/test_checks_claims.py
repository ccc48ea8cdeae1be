"""Claims checks: guarantees, uncited figures and safety, superiority, patients
who could be identified, before/after, testimonials, prices, Turkish notices."""

import json
from datetime import date
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from clinic.models import ClinicSettings
from seo import audit_store
from seo.checks import CLAIMS, GROUPS, run_checks
from seo.checks import claims as checks
from seo.config import get_config
from seo.content import PageContent, Passage, extract
from seo.findings import ERROR, INFO, WARNING
from tests.conftest import SEED_URL

CONFIG = get_config()
REFERENCE = {"title": "A trial", "url": "https://pubmed.ncbi.nlm.nih.gov/1/"}
CLAIM_IDS = [
    "claims.guarantee",
    "claims.statistic_uncited",
    "claims.safety_uncited",
    "claims.superlative",
    "claims.case_identifiable",
    "claims.before_after",
    "claims.testimonial",
    "claims.price_offer",
]


def page(*passages, language="en", **fields):
    """A page of the given passages: (text, kind) pairs or plain paragraphs."""
    built = []
    for number, passage in enumerate(passages, start=1):
        text, kind = passage if isinstance(passage, tuple) else (passage, "paragraph")
        built.append(Passage(text, f"body[{number}] ({kind})", kind))
    return PageContent(title="T", language=language, passages=built, **fields)


def findings(check, content, config=CONFIG):
    function = {
        "claims.guarantee": checks.check_guarantee,
        "claims.statistic_uncited": checks.check_statistic_uncited,
        "claims.safety_uncited": checks.check_safety_uncited,
        "claims.superlative": checks.check_superlative,
        "claims.case_identifiable": checks.check_case_identifiable,
        "claims.before_after": checks.check_before_after,
        "claims.testimonial": checks.check_testimonial,
        "claims.price_offer": checks.check_price_offer,
        "claims.required_notice": checks.check_required_notice,
    }[check]
    found, _summary = function(content, config)
    assert all(finding.check == check for finding in found)
    return found


def only(check, content, config=CONFIG):
    (finding,) = findings(check, content, config)
    return finding


# The registry ---------------------------------------------------------------


def test_claims_is_a_group_of_its_own_run_on_every_page():
    assert GROUPS[-1] == CLAIMS == "claims"
    results = run_checks(page("Plain words about care."), CONFIG)
    claims = [r for r in results if r.group == CLAIMS]
    assert [r.name for r in claims] == CLAIM_IDS
    assert all(r.status == "good" and r.findings == () for r in claims)
    assert all(r.summary for r in claims)


def test_required_notice_runs_on_turkish_medical_pages_only():
    def names(content):
        return [r.name for r in run_checks(content, CONFIG) if r.group == CLAIMS]

    assert "claims.required_notice" in names(
        page("Metin.", language="tr", is_medical=True)
    )
    assert "claims.required_notice" in names(
        page("Metin.", language="tr-TR", is_medical=True)
    )
    assert "claims.required_notice" not in names(page("Metin.", language="tr"))
    assert "claims.required_notice" not in names(page("Text.", is_medical=True))


# Guarantees -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "term"),
    [
        ("Our treatment is guaranteed to help every child.", "en", "guaranteed"),
        ("We offer a permanent cure for cerebral palsy.", "en", "permanent cure"),
        ("Results with 100% success in our clinic.", "en", "100% success"),
        ("It is a risk-free procedure.", "en", "risk-free"),
        ("Kök hücre tedavisi kesin çözümdür.", "tr", "kesin çözümdür"),
        ("Bu yöntem bir mucizedir.", "tr", "mucizedir"),
        ("Garantili sonuç veriyoruz.", "tr", "Garantili"),
        ("%100 başarı sağlıyoruz.", "tr", "%100"),
        ("Çocuğunuz tamamen iyileşir.", "tr", "tamamen iyileşir"),
        # Turkish capitals: "I" is the capital of "ı", "İ" of "i".
        ("KALICI ÇÖZÜM SUNUYORUZ.", "tr", "KALICI ÇÖZÜM"),
        ("MUCİZE TEDAVİ.", "tr", "MUCİZE"),
    ],
)
def test_a_guarantee_is_an_error_naming_the_sentence(text, language, term):
    finding = only("claims.guarantee", page(text, language=language))
    assert finding.severity == ERROR
    assert finding.target == "body[1] (paragraph)"
    assert f"“{text.rstrip('.')}" in finding.message
    assert f"(“{term}”)" in finding.message
    assert "results vary from person to person" in finding.message


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Stem cells should not be seen as a miracle on their own.", "en"),
        ("There is no guarantee of any result.", "en"),
        ("This isn't a permanent cure.", "en"),
        ("Kök hücre tedavisi tek başına mucize olarak görülmemelidir.", "tr"),
        ("Bu tedavi kesin çözüm değildir.", "tr"),
        ("Sonuç garanti edilemez.", "tr"),
        ("Hiçbir garanti verilmez.", "tr"),
    ],
)
def test_a_denied_guarantee_is_at_most_information(text, language):
    content = page(text, language=language)
    finding = only("claims.guarantee", content)
    assert finding.severity == INFO
    assert "only to deny it" in finding.message
    result = next(r for r in run_checks(content, CONFIG) if r.name == finding.check)
    assert result.status == "good"


# Turkish denies with the verb, the clause's last word, however far it is from
# the phrase: the seed page's sentence, and each negative verb form.
TURKISH_SEED_DENIAL = (
    "Kök hücre tedavisi, hasarlı beyin dokusunu onarmayı amaçlayan etkili bir "
    "destekleyici yöntemdir; ancak tıp literatüründe hastalığı tamamen ortadan "
    "kaldıran kesin bir çözüm olarak henüz tanımlanmamıştır."
)


@pytest.mark.parametrize(
    "text",
    [
        TURKISH_SEED_DENIAL,
        "Eksozom tedavisinin mucizevi etkileri klinik çalışmalarda bugüne kadar "
        "gösterilmemiştir.",
        "Kök hücre tedavisi her hastada tam iyileşme sağlayan bir yöntem değildir.",
        "Mucize tedavi diye bir şey yoktur.",
        "Kök hücre tedavisi tamamen iyileşme sağlayan bir yöntem olarak sunulamaz.",
        "Bu tedavinin kalıcı çözüm sunduğu bilimsel olarak henüz gösterilemiyor.",
        "Yapılan çalışmalar kök hücrenin kesin bir tedavi olduğunu şimdiye dek "
        "ortaya koymadı.",
        "Kalıcı bir çözüm olarak sunduğumuz bir yöntem bulunmamaktadır.",
    ],
)
def test_a_turkish_guarantee_denied_by_the_verb_is_information(text):
    content = page(text, language="tr")
    finding = only("claims.guarantee", content)
    assert finding.severity == INFO
    assert "only to deny it" in finding.message


@pytest.mark.parametrize(
    ("text", "term"),
    [
        # The denial belongs to a word between: the phrase is still asserted.
        ("Mucizevi tedavimizin hiçbir yan etkisi yoktur.", "Mucizevi"),
        ("Kesin çözüm sunan tedavimiz asla başarısız olmaz.", "Kesin çözüm"),
        (
            "Garantili sonuç veren tedavimizden kimse memnuniyetsiz ayrılmaz.",
            "Garantili",
        ),
        # A negative verb in another clause denies nothing here.
        ("Kalıcı bir çözüm sunuyoruz, ameliyata gerek yoktur.", "Kalıcı bir çözüm"),
        ("Tedavimiz kesin bir çözümdür ve hiçbir riski yoktur.", "kesin bir çözümdür"),
        # A positive verb, or a negative word that is no verb, at the end.
        (
            "Tedavimiz kalıcı bir çözüm olarak her hastada uygulanır.",
            "kalıcı bir çözüm",
        ),
        ("Mucize tedavimiz yürüyemeyen çocukları yürütür.", "Mucize"),
    ],
)
def test_a_turkish_guarantee_the_verb_does_not_deny_is_an_error(text, term):
    finding = only("claims.guarantee", page(text, language="tr"))
    assert finding.severity == ERROR
    assert f"(“{term}”)" in finding.message


def test_a_turkish_safety_claim_denied_by_the_verb_is_no_claim():
    denied = "Bu yöntemin her hasta için güvenli olduğu henüz kanıtlanmadı."
    assert findings("claims.safety_uncited", page(denied, language="tr")) == []
    asserted = "Bu yöntem her hasta için güvenlidir ve ağrı yapmaz."
    assert only("claims.safety_uncited", page(asserted, language="tr"))


def test_negation_in_another_clause_does_not_excuse_a_guarantee():
    content = page("Surgery is not needed, and results are guaranteed.")
    assert only("claims.guarantee", content).severity == ERROR
    content = page(
        "Kesin çözüm sunan tedavimiz hiçbir zaman ağrı yapmaz.", language="tr"
    )
    assert only("claims.guarantee", content).severity == ERROR


def test_no_doubt_is_not_a_negation():
    content = page("There is no doubt this is a miracle.")
    assert only("claims.guarantee", content).severity == ERROR


def test_a_question_promises_nothing():
    content = page(
        (
            "Is stem cell therapy a definitive solution for cerebral palsy?",
            "faq_question",
        )
    )
    assert findings("claims.guarantee", content) == []


def test_a_guarantee_in_the_doctors_quote_is_still_the_pages_claim():
    quoted = ("“This therapy is a miracle,” says our doctor.", "quote")
    finding = only("claims.guarantee", page(quoted))
    assert finding.severity == ERROR
    assert finding.target == "body[1] (quote)"
    denied = ("Cell therapy should not be seen as a miracle on its own.", "quote")
    assert only("claims.guarantee", page(denied)).severity == INFO


def test_a_guarantee_in_a_table_cell_names_the_cell():
    table = ("Methods compared\nIntravenous\nGuaranteed improvement", "table")
    finding = only("claims.guarantee", page(table))
    assert finding.target == "body[1] (table)"
    assert "“Guaranteed improvement”" in finding.message


def test_allowed_phrases_are_not_claims():
    assert (
        findings("claims.superlative", page("The best time to start is early.")) == []
    )
    tr = page("Tedaviyi en iyi şekilde planlıyoruz.", language="tr")
    assert findings("claims.superlative", tr) == []


# Figures and safety need a citation -----------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "figure"),
    [
        ("We saw a 30% reduction in spasticity.", "en", "30%"),
        ("Improvement in 8 out of 10 patients.", "en", "8 out of 10 patients"),
        ("Our success rate is 92 percent.", "en", "success rate is 92 percent"),
        ("The recovery rate reached 9/10.", "en", "recovery rate reached 9"),
        ("Spastisitede %30 azalma görüldü.", "tr", "%30"),
        ("Yüzde 80 hastada iyileşme oldu.", "tr", "Yüzde 80"),
        ("10 hastadan 8'inde yürüme gelişti.", "tr", "10 hastadan 8"),
    ],
)
def test_an_uncited_figure_is_a_warning(text, language, figure):
    finding = only("claims.statistic_uncited", page(text, language=language))
    assert finding.severity == WARNING
    assert f"(“{figure}”)" in finding.message
    assert "add its source to the references and cite it as [n]" in finding.message


def test_a_figure_cited_in_the_same_passage_passes():
    text = "We saw a 30% reduction in spasticity. The trial was small [1]."
    assert (
        findings("claims.statistic_uncited", page(text, references=[REFERENCE])) == []
    )
    # In another paragraph the citation does not count.
    other = page(
        text.split(" The")[0], "The trial was small [1].", references=[REFERENCE]
    )
    finding = only("claims.statistic_uncited", other)
    assert "cite its source as [n] in the same paragraph" in finding.message


def test_a_marker_without_a_matching_reference_is_no_citation():
    text = "We saw a 30% reduction in spasticity [3]."
    content = page(text, references=[REFERENCE, REFERENCE])
    assert only("claims.statistic_uncited", content).severity == WARNING


def test_a_citation_anywhere_in_a_case_study_covers_its_figures():
    case = "A child of five.\nA 30% reduction in spasticity [1].\n30% less spasticity"
    content = page((case, "case_study"), references=[REFERENCE])
    assert findings("claims.statistic_uncited", content) == []
    uncited = page((case.replace(" [1]", ""), "case_study"))
    # The same figure in the narrative and the outcome is one finding.
    finding = only("claims.statistic_uncited", uncited)
    assert "add its source to the references" in finding.message  # none yet
    assert finding.target == "body[1] (case_study)"


def test_numbers_that_are_not_figures_pass():
    text = "Sessions 45-60 days apart, 2 to 4 sessions, GMFCS Level 4, ages 2-7."
    assert findings("claims.statistic_uncited", page(text)) == []


@pytest.mark.parametrize(
    ("text", "language", "term"),
    [
        ("The treatment is safe for children.", "en", "safe"),
        ("There are no serious side effects.", "en", "no serious side effects"),
        ("It does not carry a significant risk.", "en", "not carry a significant risk"),
        ("Tedavi güvenlidir.", "tr", "güvenlidir"),
        ("Bu uygulamanın yan etkisi yoktur.", "tr", "yan etkisi yoktur"),
        ("Hiçbir yan etkisi bulunmamaktadır.", "tr", "Hiçbir yan etkisi"),
    ],
)
def test_an_uncited_safety_assurance_is_a_warning(text, language, term):
    finding = only("claims.safety_uncited", page(text, language=language))
    assert finding.severity == WARNING
    assert f"(“{term}”)" in finding.message


def test_safety_cited_or_denied_passes():
    cited = page(
        ("Generally safe in trials [1].", "faq_answer"), references=[REFERENCE]
    )
    assert findings("claims.safety_uncited", cited) == []
    assert findings("claims.safety_uncited", page("It is not safe during fever.")) == []
    tr = page("Güvenli olduğu kanıtlanmamıştır.", language="tr")
    assert findings("claims.safety_uncited", tr) == []


def test_safety_inside_a_table_is_found():
    table = ("Method\nAdvantage\nIntravenous (IV)\nLow risk.", "table")
    finding = only("claims.safety_uncited", page(table))
    assert "“Low risk.”" in finding.message
    assert "in the same table" not in finding.message


# Superiority, before/after, testimonials, prices ----------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We are the best clinic in Istanbul.", "en"),
        ("The only treatment that works.", "en"),
        ("Number one for stem cells.", "en"),
        ("Türkiye'nin en iyi kliniğiyiz.", "tr"),
        ("Bu hastalığın tek tedavisi budur.", "tr"),
        ("Bölgenin bir numaralı merkezi.", "tr"),
    ],
)
def test_superiority_is_a_warning(text, language):
    assert only("claims.superlative", page(text, language=language)).severity == WARNING


def test_tek_alone_is_not_superiority():
    content = page("Tedavi tek seansta yapılır.", language="tr")
    assert findings("claims.superlative", content) == []
    assert findings("claims.superlative", page("He is not the only clinic.")) == []


def test_before_and_after_images_and_captions_are_errors():
    image = ("Before and after\nSix months of rehabilitation", "image")
    finding = only("claims.before_after", page(image))
    assert finding.severity == ERROR
    assert finding.target == "body[1] (image)"
    text = page("See our before and after photos.")
    assert only("claims.before_after", text).severity == ERROR
    tr = page("Tedavi öncesi ve sonrası fotoğrafları.", language="tr")
    assert only("claims.before_after", tr).severity == ERROR


def test_before_and_after_treatment_in_plain_text_is_no_image():
    content = page("Spasticity is measured before and after treatment.")
    assert findings("claims.before_after", content) == []
    tr = page("Tedavi öncesi ve sonrası fizik tedavi önemlidir.", language="tr")
    assert findings("claims.before_after", tr) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Thank you doctor, our son walks now!", "en"),
        ("5 stars, highly recommended.", "en"),
        ("Doktorumuza çok teşekkür ederiz.", "tr"),
        ("Tedaviden çok memnun kaldık.", "tr"),
    ],
)
def test_testimonials_are_errors(text, language):
    assert only("claims.testimonial", page(text, language=language)).severity == ERROR


def test_a_turkish_thank_you_quoted_on_an_english_page_is_found():
    content = page("A mother wrote: “Hocam, çok teşekkür ederiz!”")
    assert only("claims.testimonial", content).severity == ERROR
    # Turkish lists are not read on English sentences ("lider" is Turkish).
    assert findings("claims.superlative", page("Our lider programme.")) == []
    assert findings("claims.superlative", page("Lider klinik.", language="tr"))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Treatment costs €4,500 per session.", "en"),
        ("Book a free consultation today.", "en"),
        ("A 20% discount this month.", "en"),
        ("Seans fiyatı 50.000 TL.", "tr"),
        ("Bahar kampanyası: ücretsiz muayene.", "tr"),
        ("Tüm tedavilerde indirim.", "tr"),
    ],
)
def test_prices_and_offers_are_warnings(text, language):
    assert only("claims.price_offer", page(text, language=language)).severity == WARNING


# Identifiable patients ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "what"),
    [
        ("Emma, a 5-year-old, took her first steps.", "en", "a name: “Emma”"),
        ("Our patient Oliver walks now.", "en", "a name: “Oliver”"),
        (
            "Treated on 12 March 2024 at our clinic.",
            "en",
            "an exact date: “12 March 2024”",
        ),
        ("The child was first seen on 03/04/2024.", "en", "an exact date"),
        ("A boy from Leicester started walking.", "en", "a town: “Leicester”"),
        ("She attends Hillside Primary School.", "en", "a school"),
        ("Hastamız Ayşe Hanım yürümeye başladı.", "tr", "a name"),
        ("Konya'dan gelen hastamız yürüdü.", "tr", "a town: “Konya'dan”"),
        ("Tedavi 5 Mart 2024 tarihinde başladı.", "tr", "an exact date: “5 Mart 2024”"),
        ("Atatürk İlkokulu öğrencisi.", "tr", "a school"),
    ],
)
def test_a_case_that_identifies_the_patient_is_an_error(text, language, what):
    content = page((text, "case_study"), language=language)
    finding = only("claims.case_identifiable", content)
    assert finding.severity == ERROR
    assert what in finding.message


def test_an_anonymised_case_and_the_doctors_name_pass():
    case = (
        "Case A: In a 5-year-old patient with GMFCS Level 4, spasticity fell after "
        "3 sessions. Prof. Dr. Erdinç Özek followed the child in Spring 2024.",
        "case_study",
    )
    assert findings("claims.case_identifiable", page(case)) == []
    tr = page(
        ("Vaka A: 5 yaşındaki hastamız Dr. Ahmet Yılmaz ile çalıştı.", "case_study")
    )
    assert findings("claims.case_identifiable", tr) == []


def test_a_patient_story_outside_a_case_study_is_read_too():
    content = page("Our patient Oliver took his first steps in May.")
    assert "“Oliver”" in only("claims.case_identifiable", content).message
    # A paragraph that tells no patient's story is not read for names.
    assert (
        findings("claims.case_identifiable", page("Oliver Sacks wrote on this.")) == []
    )


def test_the_clinics_own_city_does_not_identify_anyone():
    case = ("A girl from Istanbul started walking.", "case_study")
    assert only("claims.case_identifiable", page(case)).severity == ERROR
    at_home = page(case, clinic_places=["İSTANBUL"])
    assert findings("claims.case_identifiable", at_home) == []


# Required notice (Turkish pages) --------------------------------------------


def turkish_medical_page(**fields):
    values = {
        "is_medical": True,
        "disclaimer": "Tedavi sonuçları kişiden kişiye farklılık gösterebilir.",
        "last_reviewed": date(2026, 3, 1),
        "reviewer": "Prof. Dr. Erdinç Özek",
        "contact": "+90 212 000 00 00",
    }
    values.update(fields)
    return page("Kök hücre tedavisi.", language="tr", **values)


def test_a_turkish_page_with_every_notice_passes():
    assert findings("claims.required_notice", turkish_medical_page()) == []


def test_each_missing_notice_is_a_warning_saying_which():
    content = turkish_medical_page(
        disclaimer="", last_reviewed=None, reviewer="", contact=""
    )
    found = findings("claims.required_notice", content)
    assert [f.severity for f in found] == [WARNING] * 3
    assert [f.target for f in found] == [
        "medical_disclaimer",
        "last_reviewed",
        "medical_reviewer",
    ]
    assert "results vary from person to person" in found[0].message
    assert "last-update date" in found[1].message
    assert "medical reviewer" in found[2].message
    assert "phone or e-mail" in found[2].message
    only_contact = turkish_medical_page(contact="")
    finding = only("claims.required_notice", only_contact)
    assert finding.target == "contact"
    assert "medical reviewer" not in finding.message


def test_the_results_vary_notice_may_be_in_the_page_text():
    content = turkish_medical_page(disclaimer="Genel bilgidir.")
    assert only("claims.required_notice", content).target == "medical_disclaimer"
    content = page(
        "Sonuçlar KİŞİDEN KİŞİYE değişir.",
        language="tr",
        is_medical=True,
        last_reviewed=date(2026, 3, 1),
        reviewer="Dr. A",
        contact="x@example.org",
    )
    assert findings("claims.required_notice", content) == []


# Word lists from settings -----------------------------------------------------


def test_extra_terms_from_settings_extend_the_lists():
    text = "Sektörün lider kliniği biziz."
    assert only("claims.superlative", page(text, language="tr"))  # "lider"
    config = get_config(
        CLAIMS_EXTRA_TERMS={"tr": {"superlative": ["öncü"]}, "en": {"price": ["fee*"]}}
    )
    content = page("Bölgenin öncü merkezi.", language="tr")
    assert findings("claims.superlative", content) == []
    assert only("claims.superlative", content, config).severity == WARNING
    assert only("claims.price_offer", page("Our fees are low."), config)


def test_extra_term_files_extend_the_lists_and_add_languages(tmp_path):
    extra = tmp_path / "claims-de.json"
    extra.write_text(
        json.dumps(
            {"language": "de", "guarantee": ["garantiert"], "stopwords": ["und", "der"]}
        ),
        encoding="utf-8",
    )
    config = get_config(CLAIMS_TERM_FILES=(str(extra),))
    german = page("Der Erfolg ist garantiert.", language="de")
    assert only("claims.guarantee", german, config).severity == ERROR
    assert findings("claims.guarantee", german) == []


def test_an_unknown_list_in_settings_is_a_configuration_error():
    config = get_config(CLAIMS_EXTRA_TERMS={"en": {"guarantees": ["sure thing"]}})
    with pytest.raises(ImproperlyConfigured, match="unknown list 'guarantees'"):
        checks.check_guarantee(page("Text."), config)


# The seed page, through the real extract ------------------------------------


@pytest.fixture
def seed_content(demo):
    site = demo.get_site()
    return extract(demo, ClinicSettings.for_site(site), site)


def faq_target(content, question_start):
    (item,) = [i for i in content.faq if i["question"].startswith(question_start)]
    return item["target"]


def case_target(content, label):
    (case,) = [c for c in content.case_studies if c["label"] == label]
    return case["target"]


def test_seed_page_case_a_figure_is_an_uncited_statistic(seed_content):
    found = findings("claims.statistic_uncited", seed_content)
    (finding,) = [f for f in found if f.target == case_target(seed_content, "Case A")]
    assert finding.severity == WARNING
    assert "30% reduction in spasticity" in finding.message
    assert "(“30%”)" in finding.message


def test_seed_page_side_effects_answer_is_an_uncited_safety_claim(seed_content):
    target = faq_target(seed_content, "Are there any side effects")
    found = findings("claims.safety_uncited", seed_content)
    (finding,) = [f for f in found if f.target == target]
    assert finding.severity == WARNING
    assert "generally safe" in finding.message
    # The table's "low risk" is a safety claim too, in a table cell.
    assert any("(“low risk”)" in f.message and "(table)" in f.target for f in found)


def test_seed_page_miracle_is_no_guarantee_error(seed_content):
    found = findings("claims.guarantee", seed_content)
    assert found, "the denied mentions are noted"
    assert {f.severity for f in found} == {INFO}
    miracle = [f for f in found if "should not be seen as a miracle" in f.message]
    assert len(miracle) == 1
    assert "(doctor_quote)" in miracle[0].target


def test_turkish_seed_page_denies_its_guarantees(demo):
    turkish = demo.get_translations().get(locale__language_code="tr").specific
    site = turkish.get_site()
    content = extract(turkish, ClinicSettings.for_site(site), site)
    found = findings("claims.guarantee", content)
    assert {f.severity for f in found} == {INFO}
    assert any("henüz tanımlanmamıştır" in f.message for f in found)
    assert any("mucize olarak görülmemelidir" in f.message for f in found)


def test_seed_page_has_no_claims_errors(seed_content):
    results = [r for r in run_checks(seed_content, CONFIG) if r.group == CLAIMS]
    assert ERROR not in {f.severity for r in results for f in r.findings}
    assert [r.name for r in results] == CLAIM_IDS  # English: no required notice


def test_seo_audit_json_contains_the_claims_check_ids(demo):
    out = StringIO()
    call_command("seo_audit", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    (seed,) = [p for p in data["pages"] if p["url"] == SEED_URL]
    checks_found = {f["check"] for f in seed["findings"]}
    assert {
        "claims.guarantee",
        "claims.statistic_uncited",
        "claims.safety_uncited",
    } <= checks_found
    text = StringIO()
    call_command("seo_audit", stdout=text)
    assert "warning claims.statistic_uncited [body[" in text.getvalue()


def test_the_report_lists_and_filters_claims_findings(demo, admin_client):
    audit_store.refresh_all()  # the report reads the stored audit
    url = reverse("seo_audit_report")
    response = admin_client.get(url, {"check": "claims.safety_uncited"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    options = [o["value"] for o in soup.select("select[name=check] option")]
    assert set(CLAIM_IDS) | {"claims.required_notice"} <= set(options)
    rows = soup.select("table.seo-audit-pages tbody tr")
    # Only the seed page and its Turkish translation make safety claims.
    assert len(rows) == 2
    (text,) = [
        row.get_text(" ", strip=True)
        for row in rows
        if SEED_URL in row.get_text(" ", strip=True)
    ]
    assert text.count("claims.safety_uncited") == 2
    assert "generally safe" in text
