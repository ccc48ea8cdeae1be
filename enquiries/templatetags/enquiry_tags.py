"""The enquiry form on any page, and the header's link to the contact page."""

from django import template

from treatments.models import TreatmentPage

from ..consent import consent_for_language
from ..contact_link import contact_url
from ..forms import EnquiryForm
from ..middleware import CSRF_PLACEHOLDER, FORM_TOKEN_PLACEHOLDER

register = template.Library()


@register.inclusion_tag("enquiries/includes/enquiry_form.html", takes_context=True)
def enquiry_form(context, page=None, form=None):
    """The form, pre-filled with ``page`` when it is a treatment page.

    The CSRF token and the form token are placeholders, filled in for each
    visitor on the way out (``enquiries/middleware.py``): the page may be
    served from the page cache to everyone.
    """
    request = context.get("request")
    treatment = page if isinstance(page, TreatmentPage) else None
    if form is None:
        form = EnquiryForm(consent=consent_for_language(), treatment=treatment)
    consent = form.consent
    privacy = consent.privacy_notice if consent is not None else None
    return {
        "form": form,
        "treatment": treatment,
        "privacy_url": privacy.get_url(request) if privacy and privacy.live else "",
        "csrf_placeholder": CSRF_PLACEHOLDER,
        "form_token_placeholder": FORM_TOKEN_PLACEHOLDER,
        "request": request,
    }


@register.simple_tag(takes_context=True)
def contact_page_url(context):
    """The contact page in the language being shown, else the footer's details."""
    return contact_url(context.get("request"))


@register.inclusion_tag("enquiries/includes/ask_link.html")
def ask_about_treatment():
    """The "Ask about this treatment" link, to the form further down."""
    return {}


@register.simple_tag(takes_context=True)
def enquiry_form_after(context, page):
    """Index in ``page.article_blocks`` after which the form goes: the last FAQ.

    -1 when the page has no FAQ block (the form then follows the body).
    """
    position = -1
    for index, (block, _extra) in enumerate(page.article_blocks):
        if block.block_type == "faq":
            position = index
    return position
