"""``seo.messages`` remembers each text per catalog: the active language still
decides, whatever was asked before, and a page's checks read their labels
and messages in the language that is active when they run."""

from django.utils.translation import override

from seo.checks import run_checks
from seo.content import PageContent
from seo.messages import gettext, ngettext, one_catalog

NO_PRICES = "No prices, discounts or campaigns."
NO_PRICES_TR = "Fiyat, indirim ya da kampanya yok."
LINKED = (
    "%(linked)s of %(total)s sentence (%(share)s%%) contains a transition word",
    "%(linked)s of %(total)s sentences (%(share)s%%) contain a transition word",
)


def test_the_active_language_decides_each_time():
    for _round in range(2):
        with override("en"):
            assert gettext(NO_PRICES) == NO_PRICES
        with override("tr"):
            assert gettext(NO_PRICES) == NO_PRICES_TR
            with one_catalog():
                assert gettext(NO_PRICES) == NO_PRICES_TR
                assert gettext(NO_PRICES).msgid == NO_PRICES


def test_plural_forms_follow_the_count_and_the_language():
    with override("en"):
        assert ngettext(*LINKED, 1).startswith("%(linked)s of %(total)s sentence (")
        assert ngettext(*LINKED, 2).startswith("%(linked)s of %(total)s sentences (")
    with override("tr"):
        assert ngettext(*LINKED, 2).startswith("%(total)s cümlenin")
        assert ngettext(*LINKED, 2).count == 2


def test_check_labels_and_summaries_are_in_the_active_language():
    content = PageContent(title="Stem cells", paragraphs=["Stem cells are cells."])

    def labelled(language):
        with override(language):
            return {
                result.name: (result.label, str(result.summary))
                for result in run_checks(content)
            }

    english, turkish, again = labelled("en"), labelled("tr"), labelled("en")

    assert english["description_length"][0] == "Meta description length"
    assert turkish["description_length"][0] == "Meta açıklaması uzunluğu"
    assert english["claims.price_offer"][1] == NO_PRICES
    assert turkish["claims.price_offer"][1] == NO_PRICES_TR
    assert again == english
