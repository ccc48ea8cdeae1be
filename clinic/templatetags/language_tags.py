"""Text filters that follow the rules of the active language."""

from django import template
from django.utils.translation import get_language

register = template.Library()

# Languages whose dotted and dotless i are two letters: "I" lowers to "ı" and
# "İ" to "i" (Python's str.lower() gives "i" and "i̇").
DOTLESS_I_LANGUAGES = {"tr", "az"}


@register.filter
def lower_in_language(value):
    """``value`` in lower case by the active language's rules."""
    text = str(value)
    if (get_language() or "").split("-")[0] in DOTLESS_I_LANGUAGES:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()
