"""StreamField blocks shared by every page type.

Each block has its own template in ``templates/blocks/`` named after the class,
an icon and a description for the block picker. Blocks that render a heading
let the editor choose its level: the heading outline is how screen-reader users
move through a long treatment page.
"""

import re

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

SECTION_LEVELS = [("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))]
ITEM_LEVELS = [("h3", "h3"), ("h4", "h4"), ("h5", "h5")]
INVALID_TABLE = "_unreadable"
PUBMED_ID = re.compile(r"^\d{1,9}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


CALLOUT_KINDS = [
    ("info", _("Information")),
    ("warning", _("Warning")),
    ("disclaimer", _("Disclaimer")),
]


def heading_anchor(text):
    """An id for a heading: its slug, Turkish and other letters kept."""
    return slugify(text or "", allow_unicode=True)[:80] or "section"


def anchored_blocks(stream):
    """(block, anchor) for each block of a stream; anchor is None but for headings.

    Anchors are unique within the page (a repeated heading gets ``-2``, ``-3``),
    so every section can be linked to.
    """
    seen = {}
    result = []
    for block in stream:
        anchor = None
        if block.block_type == "heading":
            base = heading_anchor(block.value.get("text"))
            seen[base] = seen.get(base, 0) + 1
            anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append((block, anchor))
    return result


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self):
        """The heading's id when it is rendered on its own (previews, tests)."""
        return heading_anchor(self.get("text"))


class CalloutValue(blocks.StructValue):
    @property
    def prefix(self):
        """The kind, in words, announced before the callout's content."""
        return dict(CALLOUT_KINDS).get(self.get("kind"), CALLOUT_KINDS[0][1])


class HeadingBlock(blocks.StructBlock):
    """A section heading; the editor picks h2 or h3 (the page title is the h1)."""

    text = blocks.CharBlock(max_length=255, label=_("Heading"))
    level = blocks.ChoiceBlock(choices=SECTION_LEVELS, default="h2", search_index=False)

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        value_class = HeadingValue
        description = _("A section or subsection heading.")
        preview_value = {"text": "How the treatment works", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Running text. Headings are left out on purpose: use a heading block."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "ol", "ul", "superscript"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        description = _("Paragraphs of text with links and lists.")
        preview_value = "<p>Regenerative medicine aims to repair tissue.</p>"


def _blank(cell):
    return cell is None or not str(cell).strip()


def trim_empty_cells(rows):
    """The table without the empty rows and columns left at its end.

    The editor starts with 4 rows and 3 columns; an editor who fills fewer
    would otherwise publish empty bands. Empty cells inside the table stay.
    """
    rows = [list(row or []) for row in rows]
    while rows and all(_blank(cell) for cell in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    while width and all(len(row) < width or _blank(row[width - 1]) for row in rows):
        width -= 1
    return [row[:width] for row in rows]


class DataTableBlock(TableBlock):
    """A data table whose first row is the header, with an optional caption.

    Cells are plain text (no HTML renderer) so pasted markup is shown, not run.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "table_options",
            {"renderer": "text", "startRows": 4, "startCols": 3, "contextMenu": True},
        )
        super().__init__(**kwargs)

    def value_from_form(self, value):
        """The editor always posts JSON; anything else becomes a form error."""
        try:
            return super().value_from_form(value)
        except (TypeError, ValueError):
            return {INVALID_TABLE: True}

    def clean(self, value):
        if isinstance(value, dict) and value.get(INVALID_TABLE):
            raise ValidationError(
                _("The table could not be read. Please edit it again.")
            )
        return super().clean(value)

    def get_searchable_content(self, value):
        content = super().get_searchable_content(value)
        if value and value.get("table_caption"):
            content.insert(0, value["table_caption"])
        return content

    def render(self, value, context=None):
        if value and value.get("data"):
            value = {
                **value,
                "data": trim_empty_cells(value["data"]),
                "first_row_is_table_header": True,
            }
        return super().render(value, context)

    class Meta:
        icon = "table"
        template = "blocks/data_table_block.html"
        description = _("A table; the first row is read as the column headers.")


class DoctorQuoteBlock(blocks.StructBlock):
    """A quotation attributed to a doctor kept once, as a snippet."""

    quote = blocks.TextBlock(label=_("Quote"))
    doctor = SnippetChooserBlock("home.Doctor")

    class Meta:
        icon = "openquote"
        template = "blocks/doctor_quote_block.html"
        description = _("A doctor's words, attributed to their profile.")


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


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])


class FAQBlock(blocks.StructBlock):
    """Questions and answers shown as disclosure widgets.

    Search engines no longer show FAQ rich results (since May 2026); the block
    still emits FAQPage structured data because it describes the page.
    """

    items = blocks.ListBlock(FAQItemBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        description = _(
            "Frequently asked questions. Note: Google no longer shows FAQ rich "
            "results (May 2026); the questions still help readers."
        )


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=500)
    source = blocks.CharBlock(
        required=False, max_length=255, help_text=_("Journal or database.")
    )
    url = blocks.URLBlock(required=False, label=_("URL"))
    pubmed_id = blocks.CharBlock(
        required=False, max_length=9, label=_("PubMed ID"), help_text=_("Digits only.")
    )
    doi = blocks.CharBlock(
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


class CalloutBlock(blocks.StructBlock):
    """A highlighted note; its kind is announced to screen readers too."""

    kind = blocks.ChoiceBlock(choices=CALLOUT_KINDS, default="info", search_index=False)
    heading = blocks.CharBlock(required=False, max_length=255)
    heading_level = blocks.ChoiceBlock(
        choices=ITEM_LEVELS, default="h3", search_index=False
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        value_class = CalloutValue
        description = _("An information, warning or disclaimer box.")


class CaptionedImageBlock(blocks.StructBlock):
    """An image with mandatory alternative text and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        description = _("An image with alternative text and a caption.")
