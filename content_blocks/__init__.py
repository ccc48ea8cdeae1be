"""The StreamField block library, one module per family of blocks.

- ``text``: headings, paragraphs and callouts;
- ``tables``: the data table;
- ``media``: captioned images;
- ``evidence``: doctors' quotes, anonymised case studies and references;
- ``faq``: questions and answers.

Every block has its own template in ``templates/blocks/`` named after the
class, an icon, a description and a preview value, so the block picker shows a
live preview. Page apps compose them into their own ``StreamBlock`` (see
``treatments.blocks``). This package imports no app of ours: a block refers to
a snippet by its label (``"doctors.Doctor"``), never by importing it.
"""

from .evidence import CaseStudyBlock, DoctorQuoteBlock, ReferenceBlock, ReferencesBlock
from .faq import FAQBlock, FAQItemBlock
from .media import CaptionedImageBlock
from .tables import DataTableBlock
from .text import CalloutBlock, HeadingBlock, ParagraphBlock, anchored_blocks

__all__ = [
    "CalloutBlock",
    "CaptionedImageBlock",
    "CaseStudyBlock",
    "DataTableBlock",
    "DoctorQuoteBlock",
    "FAQBlock",
    "FAQItemBlock",
    "HeadingBlock",
    "ParagraphBlock",
    "ReferenceBlock",
    "ReferencesBlock",
    "anchored_blocks",
]
