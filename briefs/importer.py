"""Bytes or text of a brief, in any format, to an ``Outline``."""

from pathlib import Path

from django.utils.translation import gettext as _

from .errors import BriefError
from .interpret import interpret
from .parsers import FORMATS, READERS

# Large enough for any brief with a few images; a 20 MB file is refused.
MAX_BRIEF_BYTES = 5 * 1024 * 1024


def format_for(filename):
    suffix = Path(filename or "").suffix.lower()
    if suffix not in FORMATS:
        raise BriefError(
            _("Upload a .docx, .md or .txt file (this one is “%(suffix)s”).")
            % {"suffix": suffix or _("without an extension")}
        )
    return FORMATS[suffix][0]


def decode(data):
    if isinstance(data, str):
        return data
    if b"\x00" in data[:8192]:
        raise BriefError(_("This file is not text: it looks like a binary file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BriefError(
            _("This text file is not in UTF-8; save it as UTF-8 and try again.")
        ) from error


def too_large():
    return BriefError(
        _("The file is too large: a brief may be at most %(size)s MB.")
        % {"size": MAX_BRIEF_BYTES // (1024 * 1024)}
    )


def read_brief(data, format_name, level_hints=None):
    """The ``Outline`` of a brief; ``BriefError`` with a message for the editor."""
    if len(data) > MAX_BRIEF_BYTES:
        raise too_large()
    if not (data.strip() if isinstance(data, str | bytes) else data):
        raise BriefError(_("The brief is empty."))
    if format_name == "docx":
        if isinstance(data, str):
            raise BriefError(_("A Word document must be uploaded as a file."))
        elements = READERS["docx"](data)
    else:
        text = decode(data)
        if not text.strip():
            raise BriefError(_("The brief is empty."))
        elements = READERS[format_name](text)
    if not elements:
        raise BriefError(_("The brief is empty."))
    return interpret(elements, level_hints)


def read_brief_file(path, level_hints=None, format_name=None):
    path = Path(path)
    format_name = format_name or format_for(path.name)
    try:
        size = path.stat().st_size
        if size > MAX_BRIEF_BYTES:
            raise too_large()
        data = path.read_bytes()
    except OSError as error:
        raise BriefError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from error
    return read_brief(data, format_name, level_hints)
