"""The blocks a treatment page is written with."""

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
