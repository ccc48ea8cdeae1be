"""What every parser produces: the brief as a list of elements in reading order.

A parser knows its format's markup and nothing about briefs; ``interpret``
knows briefs (labels, FAQ, references, quotes, cases) and nothing about
formats. ``html`` is the element's inline rich text, built by the parser from
escaped text, so it is safe to store.
"""

from dataclasses import dataclass, field
from html import escape

# A heading's level: 1 (the title) to 6, or None when the format cannot say
# (plain text, a bold line in Word) and the line was recognised by its shape.
GUESSED = None


def normalise(text):
    """Whitespace folded to single spaces: the only change a brief's text gets."""
    return " ".join((text or "").split())


@dataclass
class Element:
    kind: str  # "heading", "paragraph", "quote", "list", "table"
    text: str = ""
    html: str = ""
    level: int | None = GUESSED
    # A table's rows of cell texts, or a list's items as (text, html).
    rows: list = field(default_factory=list)
    items: list = field(default_factory=list)
    ordered: bool = False

    def __post_init__(self):
        self.text = normalise(self.text)
        if not self.html:
            self.html = escape(self.text, quote=False)


def heading(text, level=GUESSED, html=""):
    return Element("heading", text, html, level)


def paragraph(text, html=""):
    return Element("paragraph", text, html)
