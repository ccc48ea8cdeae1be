"""Serialise structured data so that no field can break out of its <script>.

wagtail-seo prints ``json.dumps(...)|safe``: a title containing ``</script>``
ends the element and whatever follows runs as markup. Here ``<``, ``>`` and
``&`` are written as JSON unicode escapes (as Django's ``json_script`` does),
which every JSON-LD reader decodes back to the same text.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def dumps(data):
    """JSON text that is safe to place inside a <script> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return text.translate(_SCRIPT_SAFE)


def script_tag(data):
    """A complete ``<script type="application/ld+json">`` element."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(dumps(data)),  # noqa: S308
    )
