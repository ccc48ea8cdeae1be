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
        preview_value = {
            "items": [
                {
                    "question": "Is stem cell therapy a cure for cerebral palsy?",
                    "answer": (
                        "<p>No. It is studied as a supportive method; it is not "
                        "defined in the medical literature as a cure.</p>"
                    ),
                },
                {
                    "question": "How many sessions are needed?",
                    "answer": (
                        "<p>A specialist plans them after examining the patient, "
                        "usually 2 to 4 sessions.</p>"
                    ),
                },
            ]
        }
