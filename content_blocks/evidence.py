"""Medical evidence: a doctor's words, anonymised cases and the sources cited."""

import re

from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .levels import ITEM_LEVELS

PUBMED_ID = re.compile(r"^\d{1,9}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class DoctorQuoteBlock(blocks.StructBlock):
    """A quotation attributed to a doctor kept once, as a snippet."""

    quote = blocks.TextBlock(label=_("Quote"))
    doctor = SnippetChooserBlock("doctors.Doctor")

    class Meta:
        icon = "openquote"
        template = "blocks/doctor_quote_block.html"
        description = _("A doctor's words, attributed to their profile.")
        preview_value = {
            "quote": (
                "Cell-based treatment should not be seen as a miracle on its own. "
                "Intensive rehabilitation afterwards is what helps a child put "
                "any new connections to use."
            ),
            # Never a real doctor: the preview's words are nobody's.
            "doctor": None,
        }


class CaseStudyBlock(blocks.StructBlock):
    """An anonymised patient case: the narrative plus structured facts."""

    label = blocks.CharBlock(max_length=60, help_text=_('For example "Case A".'))
    heading_level = blocks.ChoiceBlock(
        choices=ITEM_LEVELS, default="h4", search_index=False
    )
    patient_age = blocks.CharBlock(
        required=False, max_length=60, help_text=_('For example "5 years".')
    )
    classification = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text=_('A recognised scale, for example "GMFCS Level 4".'),
    )
    intervention = blocks.TextBlock(required=False)
    outcome = blocks.TextBlock(required=False)
    narrative = blocks.TextBlock(help_text=_("The case as told, with no names."))
    anonymised = blocks.BooleanBlock(
        required=True,
        default=True,
        help_text=_(
            "Confirm that nothing in this case identifies the patient "
            "(no name, initials, photo, exact dates or place)."
        ),
    )

    class Meta:
        icon = "user"
        template = "blocks/case_study_block.html"
        description = _("An anonymised patient case.")
        preview_value = {
            "label": "Case A",
            "heading_level": "h4",
            "patient_age": "5 years",
            "classification": "GMFCS Level 4",
            "intervention": "3 sessions of stem cells and intranasal exosomes",
            "outcome": "Less spasticity; a few steps taken with support",
            "narrative": (
                "A child who could sit only with support and could not walk. "
                "After the sessions and rehabilitation, spasticity was reduced "
                "and the child took a few steps with support. "
                "One patient's course; results differ from child to child."
            ),
            "anonymised": True,
        }


class IdentifierBlock(blocks.CharBlock):
    """An identifier that is the same in every language (a PubMed ID, a DOI).

    wagtail-localize copies it from the source page at each sync and never
    offers it for translation (an empty list of segments).
    """

    def get_translatable_segments(self, value):
        return []


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=500)
    source = blocks.CharBlock(
        required=False, max_length=255, help_text=_("Journal or database.")
    )
    url = blocks.URLBlock(required=False, label=_("URL"))
    pubmed_id = IdentifierBlock(
        required=False, max_length=9, label=_("PubMed ID"), help_text=_("Digits only.")
    )
    doi = IdentifierBlock(
        required=False, max_length=255, label=_("DOI"), help_text=_("10.xxxx/…")
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        pubmed_id = (value.get("pubmed_id") or "").strip()
        doi = (value.get("doi") or "").strip()
        if pubmed_id and not PUBMED_ID.match(pubmed_id):
            errors["pubmed_id"] = ErrorList([_("A PubMed ID is digits only.")])
        if doi and not DOI.match(doi):
            errors["doi"] = ErrorList([_("A DOI starts with 10. and a slash.")])
        if not (value.get("url") or pubmed_id or doi):
            errors["url"] = ErrorList(
                [_("Give a URL, a PubMed ID or a DOI so readers can find the source.")]
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ReferencesBlock(blocks.StructBlock):
    """A numbered list of sources."""

    items = blocks.ListBlock(ReferenceBlock(), min_num=1, label=_("References"))

    class Meta:
        icon = "list-ol"
        template = "blocks/references_block.html"
        description = _("Scientific sources, numbered in order.")
        preview_value = {
            "items": [
                {
                    "title": (
                        "Mesenchymal Stem Cell Therapy in Cerebral Palsy: "
                        "A Meta-Analysis"
                    ),
                    "source": "PubMed",
                    "url": "",
                    "pubmed_id": "31515568",
                    "doi": "",
                },
                {
                    "title": (
                        "Exosomes as a Novel Therapeutic Approach for Cerebral Palsy"
                    ),
                    "source": "Frontiers in Neurology",
                    "url": "",
                    "pubmed_id": "",
                    "doi": "10.3389/fneur.2020.00079",
                },
            ]
        }
