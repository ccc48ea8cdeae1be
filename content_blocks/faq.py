"""Frequently asked questions."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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
