"""The blocks a treatment page is written with, and the text search keeps of them."""

import re
from html import unescape

from django.utils.html import strip_tags
from wagtail import blocks

from content_blocks import (
    CalloutBlock,
    CaptionedImageBlock,
    CaseStudyBlock,
    DataTableBlock,
    DoctorQuoteBlock,
    FAQBlock,
    HeadingBlock,
    ParagraphBlock,
    ReferencesBlock,
)

# Where one piece of rich text ends and the next begins: paragraphs, list
# items, headings, quotations, table cells and line breaks.
TEXT_BREAK = re.compile(
    r"<(?:/?(?:p|li|ul|ol|h[1-6]|blockquote|div|table|tr|td|th)\b|br\b|hr\b)[^>]*>",
    re.IGNORECASE,
)
SENTENCE_END = (".", "!", "?", "…", ":", ";")
CLOSING = "\"'”’»)]"


def rich_text_pieces(html):
    """The paragraphs, list items and headings of rich text, as plain text."""
    text = TEXT_BREAK.sub("\n", " ".join((html or "").split()))
    return unescape(strip_tags(text)).split("\n")


def _overrides(block, base):
    """Whether ``block`` indexes its value its own way rather than ``base``'s."""
    return type(block).get_searchable_content is not base.get_searchable_content


def searchable_pieces(block, value):
    """What Wagtail indexes of ``value``, in the same order, a piece for each
    field, rich text paragraph, list item and table cell.

    Wagtail's ``get_searchable_content`` gives the same texts, but with the
    items of a rich text list run together ("Physiotherapy Speech therapy").
    A block that indexes its value its own way (the data table) is asked.
    """
    if not getattr(block, "search_index", True):
        return []
    if isinstance(block, blocks.RichTextBlock) and not _overrides(
        block, blocks.RichTextBlock
    ):
        return rich_text_pieces(getattr(value, "source", value))
    if isinstance(block, blocks.StructBlock) and not _overrides(
        block, blocks.StructBlock
    ):
        return [
            piece
            for name, child in block.child_blocks.items()
            for piece in searchable_pieces(child, value.get(name, child.get_default()))
        ]
    if isinstance(block, blocks.ListBlock) and not _overrides(block, blocks.ListBlock):
        child = block.child_block
        return [piece for item in value for piece in searchable_pieces(child, item)]
    if isinstance(block, blocks.StreamBlock) and not _overrides(
        block, blocks.StreamBlock
    ):
        return [
            piece
            for child in value
            for piece in searchable_pieces(child.block, child.value)
        ]
    return block.get_searchable_content(value)


def as_sentences(pieces):
    """One text of ``pieces``, each ending as a sentence ends.

    A heading, a table cell, a list item or a question is a piece of its own:
    one without a full stop (or another closing mark) gets one, so that the
    text reads "…existing damage. Delayed Motor Skill Development. The most
    prominent…" where it read "…existing damage., Delayed Motor Skill
    Development, The most prominent…".
    """
    sentences = []
    for piece in pieces:
        piece = " ".join(piece.split()).rstrip(",")
        if not piece:
            continue
        if not piece.rstrip(CLOSING).endswith(SENTENCE_END):
            piece += "."
        sentences.append(piece)
    return " ".join(sentences)


class TreatmentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    table = DataTableBlock()
    doctor_quote = DoctorQuoteBlock()
    case_study = CaseStudyBlock()
    faq = FAQBlock()
    references = ReferencesBlock()
    callout = CalloutBlock()
    image = CaptionedImageBlock()

    def get_searchable_content(self, value):
        """The body as one text of sentences, for the search index.

        Wagtail indexes a list of texts, which the database backends join
        with ", " and keep beside the words, and the results page quotes its
        excerpts from that text (``search.stored_text``): "…damage., Delayed
        Motor Skill Development, The most…". The same words are indexed
        either way; only the punctuation between the blocks' texts differs.
        """
        if not self.search_index:
            return []
        text = as_sentences(
            piece
            for child in value
            for piece in searchable_pieces(child.block, child.value)
        )
        return [text] if text else []
