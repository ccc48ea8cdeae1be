"""Word (.docx) through python-docx: heading styles give levels exactly, Word
tables become tables, bold, italic and links are kept.

A paragraph in the "Title" style (or "Heading 1") is the page title; a
"Quote" paragraph is a quotation; list paragraphs are lists. A paragraph of
body text that is all bold and shaped like a heading is taken as a heading
whose level the preview lets the editor choose.
"""

import io
import re
import zipfile
from html import escape

from django.utils.translation import gettext as _

from ..elements import Element, normalise
from ..errors import BriefError
from ..shapes import looks_like_heading
from .inline import link_html

HEADING_STYLE = re.compile(r"^(?:heading|başlık)\s*(\d)$", re.IGNORECASE)
QUOTE_STYLES = {"quote", "intense quote", "alıntı", "keskin alıntı"}
# A .docx is a zip; refuse one that would unpack into more than this.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def _open(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise BriefError(_("This file is not a Word document (.docx).")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise BriefError(_("This Word document is too large to read."))
    import docx  # python-docx; imported here so the other formats need no lxml

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - any damage is a "cannot read"
        raise BriefError(
            _("This Word document cannot be read: it may be damaged.")
        ) from error


def _run_html(run):
    html = escape(run.text or "", quote=False)
    if html.strip():
        if run.italic:
            html = f"<i>{html}</i>"
        if run.bold:
            html = f"<b>{html}</b>"
    return html


def _paragraph_content(paragraph):
    """(text, html, all_bold) of a Word paragraph."""
    from docx.text.hyperlink import Hyperlink

    texts, pieces, bold = [], [], []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            label = "".join(_run_html(run) for run in item.runs)
            texts.append(item.text)
            address = item.url or ""
            if item.fragment:
                address = f"{address}#{item.fragment}" if address else ""
            pieces.append(link_html(address, label) if address else label)
            bold.extend(bool(run.bold) for run in item.runs if run.text.strip())
        else:
            texts.append(item.text or "")
            pieces.append(_run_html(item))
            if (item.text or "").strip():
                bold.append(bool(item.bold))
    html = "".join(pieces)
    # Whitespace folded as in the text; tags hold no whitespace of their own.
    return normalise("".join(texts)), " ".join(html.split()), bool(bold) and all(bold)


def _style_name(paragraph):
    try:
        return (paragraph.style.name or "").strip() if paragraph.style else ""
    except (KeyError, AttributeError):
        return ""


def _table_rows(table):
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell is repeated once per grid column: keep it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(normalise(cell.text))
        rows.append(cells)
    return rows


def read_docx(data):
    from docx.table import Table

    document = _open(data)
    elements = []
    items, ordered = [], False

    def flush_list():
        if items:
            elements.append(Element("list", items=list(items), ordered=ordered))
            items.clear()

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            flush_list()
            elements.append(Element("table", rows=_table_rows(block)))
            continue
        text, html, all_bold = _paragraph_content(block)
        if not text:
            continue
        style = _style_name(block)
        lowered = style.lower()
        if lowered.startswith("list"):
            ordered = "number" in lowered
            items.append((text, html))
            continue
        flush_list()
        if lowered == "title":
            elements.append(Element("heading", text, level=1))
        elif level := HEADING_STYLE.match(style):
            elements.append(Element("heading", text, level=int(level.group(1))))
        elif lowered in QUOTE_STYLES:
            elements.append(Element("quote", text, html))
        elif all_bold and looks_like_heading(text):
            elements.append(Element("heading", text))
        else:
            elements.append(Element("paragraph", text, html))
    flush_list()
    return elements
