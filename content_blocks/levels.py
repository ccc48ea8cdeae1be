"""Heading levels an editor may choose for blocks that render a heading.

The level matters to screen-reader users, who move through a long treatment
page by its heading outline (as NHS.UK's blocks let editors choose it).
"""

from django.utils.translation import gettext_lazy as _

SECTION_LEVELS = [("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))]
ITEM_LEVELS = [("h3", "h3"), ("h4", "h4"), ("h5", "h5")]
