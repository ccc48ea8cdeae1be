"""Links to doctors' profiles from any template (quotes, reviewer lines)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def doctor_url(context, doctor):
    """The doctor's profile on this site, else the address typed on the snippet.

    One query per request (the doctors page), however many doctors are shown.
    """
    if not doctor:
        return ""
    return doctor.site_profile_url(context.get("request")) or doctor.profile_url
