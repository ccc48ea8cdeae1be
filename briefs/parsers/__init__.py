"""One reader per format; each returns the brief's ``Element``s in order."""

from django.utils.translation import gettext_lazy as _

from .docx import read_docx
from .markdown import read_markdown
from .text import read_text

FORMATS = {
    ".txt": ("text", read_text),
    ".md": ("markdown", read_markdown),
    ".markdown": ("markdown", read_markdown),
    ".docx": ("docx", read_docx),
}
FORMAT_CHOICES = [
    ("text", _("Plain text")),
    ("markdown", _("Markdown")),
    ("docx", _("Word (.docx)")),
]
READERS = dict(FORMATS.values())
