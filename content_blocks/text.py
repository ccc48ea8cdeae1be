"""Text blocks: section headings, paragraphs and highlighted callouts."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .levels import ITEM_LEVELS, SECTION_LEVELS

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
        preview_value = (
            "<p>Traditional treatments for cerebral palsy include physical "
            "therapy, occupational therapy and medicines that reduce "
            "<b>spasticity</b>, such as baclofen.</p>"
            "<p>Regenerative medicine aims to repair tissue; it is studied "
            "alongside these treatments, not instead of them.</p>"
        )


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
        preview_value = {
            "kind": "info",
            "heading": "Before the first session",
            "heading_level": "h3",
            "text": (
                "<p>Bring your child's medical records, recent brain imaging and "
                "a list of the medicines they take.</p>"
            ),
        }
