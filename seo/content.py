"""Extract what the checks read from a page: its own content, not the chrome.

Checks never see the header, navigation or footer (Yoast's analysis does, and
counts the menu as content). ``extract`` turns a page and the clinic's settings
into a ``PageContent`` of plain values; the checks are pure functions of it.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from clinic.models import medical_disclaimer

from .rich_text_reader import read as read_rich_text
from .rich_text_reader import single_spaces


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    target: str


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    internal: bool
    target: str
    page_id: int | None = None


@dataclass(frozen=True)
class Image:
    alt: str
    target: str


@dataclass(frozen=True)
class Passage:
    """A stretch of the page's text that the claims checks read as one unit.

    ``kind`` says where it sits (``paragraph``, ``heading``, ``quote``,
    ``case_study``, ``faq_question``, ``faq_answer``, ``table``, ``callout``,
    ``image``, ``title``, ``description``); a passage is the scope of a
    citation: a ``[n]`` marker anywhere in it backs up every claim in it. Its
    ``text`` has one line per part (a table cell, a case study's field), and a
    sentence never runs across lines.
    """

    text: str
    target: str
    kind: str = "paragraph"


@dataclass
class PageContent:
    title: str
    seo_title: str = ""
    description: str = ""
    slug: str = ""
    url: str = ""
    language: str = "en"
    keyphrase: str = ""
    headings: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    images: list = field(default_factory=list)
    links: list = field(default_factory=list)
    is_medical: bool = False
    reviewer: str = ""
    last_reviewed: date | None = None
    references: list = field(default_factory=list)
    case_studies: list = field(default_factory=list)
    faq: list = field(default_factory=list)
    disclaimer: str = ""
    noindex: bool = False
    nofollow: bool = False
    passages: list = field(default_factory=list)
    contact: str = ""
    clinic_places: list = field(default_factory=list)

    @property
    def text(self):
        """All running text, paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def first_paragraph(self):
        return self.paragraphs[0] if self.paragraphs else ""


def rich_text_parts(html, target, site_netloc=""):
    """(paragraphs, links) of a rich text value's stored HTML."""
    rich_text = read_rich_text(html)
    return rich_text.paragraphs, _links(rich_text, target, site_netloc)


def _links(rich_text, target, site_netloc):
    """The ``Link`` of each anchor of ``rich_text`` that leads somewhere."""
    links = []
    for anchor in rich_text.anchors:
        attributes = anchor.attributes
        linktype = attributes.get("linktype")
        if linktype in {"page", "document"}:
            page_id = attributes.get("id") if linktype == "page" else None
            links.append(
                Link(
                    href=f"{linktype}:{attributes.get('id')}",
                    text=anchor.text,
                    internal=True,
                    target=target,
                    page_id=int(page_id) if page_id and page_id.isdigit() else None,
                )
            )
        elif attributes.get("href"):
            links.append(link_for(attributes["href"], anchor.text, target, site_netloc))
    return links


def link_for(href, text, target, site_netloc=""):
    """A Link, internal when it is relative or points at this site's host:port."""
    parts = urlsplit(href)
    internal = not parts.netloc or (
        site_netloc and parts.netloc.lower() == site_netloc.lower()
    )
    if parts.scheme in {"mailto", "tel"}:
        internal = False
    return Link(href=href, text=text, internal=bool(internal), target=target)


def _list_items(raw_items):
    """A ListBlock's stored items, whether in the current or the old format."""
    return [
        item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
        for item in raw_items or []
    ]


def _raw_blocks(page):
    """The body as stored (JSON-like), which needs no database queries.

    Reading ``block.value`` would turn snippet and image ids into objects, one
    query per page and block type; the checks only need the text.
    """
    body = getattr(page, "body", None)
    if not body:
        return []
    if isinstance(body, str):  # a RichTextField body (the enquiries pages)
        return [("paragraph", body)]
    return [(raw["type"], raw.get("value") or {}) for raw in body.raw_data]


def _single_spaces(text):
    return single_spaces(str(text or ""))


def _passage(content, parts, target, kind):
    """Add a passage of the non-empty ``parts``, one line each."""
    lines = [_single_spaces(part) for part in parts]
    text = "\n".join(line for line in lines if line)
    if text:
        content.passages.append(Passage(text, target, kind))


def _one_line_passage(content, text, target, kind):
    """Add a passage of ``text`` alone, if it has any (``_passage`` of one
    part, without building lists: headings are a third of a page's blocks)."""
    line = _single_spaces(text)
    if line:
        content.passages.append(Passage(line, target, kind))


def _paragraph_passages(content, paragraphs, target, kind):
    """Add a passage of each of ``paragraphs`` (from ``rich_text_parts``:
    their spaces already single, none of them empty)."""
    content.passages.extend(Passage(text, target, kind) for text in paragraphs)


def _rich_text(content, html, target, site_netloc):
    """Add the paragraphs and links of a rich text; its ``RichText``."""
    rich_text = read_rich_text(html)
    content.paragraphs.extend(rich_text.paragraphs)
    if rich_text.anchors:
        content.links.extend(_links(rich_text, target, site_netloc))
    return rich_text


def _table_lines(value):
    """A table's caption and cells, one line each (a cell is a sentence)."""
    lines = [value.get("caption") or ""]
    lines.extend(str(cell) for cell in _list_items(value.get("header")) if cell)
    for row in _list_items(value.get("rows")):
        lines.extend(str(cell) for cell in _list_items(row.get("cells")) if cell)
    return lines


CASE_STUDY_FIELDS = ("narrative", "intervention", "outcome", "classification")


def _heading_block(content, value, target, site_netloc):
    level = 3 if value.get("level") == "h3" else 2
    content.headings.append(Heading(level, value.get("text", ""), target))
    _one_line_passage(content, value.get("text"), target, "heading")


def _paragraph_block(content, value, target, site_netloc):
    paragraphs = _rich_text(content, value, target, site_netloc).paragraphs
    _paragraph_passages(content, paragraphs, target, "paragraph")


def _quote_block(content, value, target, site_netloc):
    quote = single_spaces(value.get("quote") or "")
    content.paragraphs.append(quote)
    _one_line_passage(content, quote, target, "quote")


def _table_block(content, value, target, site_netloc):
    _passage(content, _table_lines(value), target, "table")


def _case_study_block(content, value, target, site_netloc):
    level = int(str(value.get("heading_level") or "h4")[1])
    content.headings.append(Heading(level, value.get("label", ""), target))
    content.paragraphs.append(single_spaces(value.get("narrative") or ""))
    parts = [value.get(name) for name in CASE_STUDY_FIELDS]
    _passage(content, parts, target, "case_study")
    content.case_studies.append(
        {
            "label": value.get("label", ""),
            "anonymised": bool(value.get("anonymised")),
            "target": target,
        }
    )


def _faq_block(content, value, target, site_netloc):
    for number, item in enumerate(_list_items(value.get("items")), start=1):
        item_target = f"{target} question {number}"
        answer = item.get("answer") or ""
        rich_text = _rich_text(content, answer, item_target, site_netloc)
        _one_line_passage(content, item.get("question"), item_target, "faq_question")
        if rich_text.paragraphs:
            text = "\n".join(rich_text.paragraphs)
            content.passages.append(Passage(text, item_target, "faq_answer"))
        content.faq.append(
            {
                "question": item.get("question", ""),
                "answer": rich_text.plain,
                "target": item_target,
            }
        )


REFERENCE_FIELDS = ("title", "source", "url", "pubmed_id", "doi")


def _references_block(content, value, target, site_netloc):
    for number, item in enumerate(_list_items(value.get("items")), start=1):
        item_target = f"{target} reference {number}"
        reference = {key: (item.get(key) or "").strip() for key in REFERENCE_FIELDS}
        reference["target"] = item_target
        content.references.append(reference)
        if reference["url"]:
            content.links.append(
                link_for(reference["url"], reference["title"], item_target, site_netloc)
            )


def _callout_block(content, value, target, site_netloc):
    if value.get("heading"):
        level = int(str(value.get("heading_level") or "h3")[1])
        content.headings.append(Heading(level, value["heading"], target))
    text = value.get("text") or ""
    paragraphs = _rich_text(content, text, target, site_netloc).paragraphs
    _passage(content, [value.get("heading"), *paragraphs], target, "callout")


def _image_block(content, value, target, site_netloc):
    content.images.append(Image((value.get("alt_text") or "").strip(), target))
    parts = [value.get("alt_text"), value.get("caption")]
    _passage(content, parts, target, "image")


# How each kind of body block is read: (content, value, target, site_netloc).
BLOCK_READERS = {
    "heading": _heading_block,
    "paragraph": _paragraph_block,
    "doctor_quote": _quote_block,
    "table": _table_block,
    "case_study": _case_study_block,
    "faq": _faq_block,
    "references": _references_block,
    "callout": _callout_block,
    "image": _image_block,
}


def _body_parts(page, content, site_netloc):
    """Walk the page's StreamField and fill ``content`` in order."""
    for index, (kind, value) in enumerate(_raw_blocks(page)):
        reader = BLOCK_READERS.get(kind)
        if reader is not None:
            reader(content, value, f"body[{index}] ({kind})", site_netloc)


def _disclaimer(clinic, language):
    """The medical disclaimer a page in ``language`` shows (the clinic text
    in its language, ``clinic.models.medical_disclaimer``), as plain text.

    Kept on ``clinic`` per language: an audit run reads one ``ClinicSettings``
    for all its pages, so the clinic texts are read once per language, not
    once per page.
    """
    found = clinic.__dict__.setdefault("_seo_disclaimers", {})
    if language not in found:
        found[language] = read_rich_text(medical_disclaimer(clinic, language)).plain
    return found[language]


def _url_of(page):
    """The page's URL; an unsaved page being previewed may not have one yet."""
    try:
        return page.get_url() or ""
    except (AttributeError, TypeError, ValueError):
        return ""


def extract(page, clinic=None, site=None):
    """The ``PageContent`` of ``page`` (a specific page instance)."""
    site = site or page.get_site()
    site_netloc = urlsplit(site.root_url).netloc if site else ""
    seo_title = getattr(page, "seo_pagetitle", "") or page.seo_title or page.title
    content = PageContent(
        title=page.title,
        seo_title=seo_title,
        description=(page.search_description or "").strip(),
        slug=page.slug,
        url=_url_of(page),
        language=getattr(getattr(page, "locale", None), "language_code", "en"),
        keyphrase=(getattr(page, "focus_keyphrase", "") or "").strip(),
        noindex=bool(getattr(page, "robots_noindex", False)),
        nofollow=bool(getattr(page, "robots_nofollow", False)),
    )
    content.headings.append(Heading(1, page.title, "title"))
    _passage(content, [page.title], "title", "title")
    if seo_title != page.title:
        _passage(content, [seo_title], "seo_title", "title")
    _passage(content, [content.description], "search_description", "description")
    for name in ("summary", "intro"):
        raw = getattr(page, name, "") or ""
        if "<" in raw:
            paragraphs, links = rich_text_parts(raw, name, site_netloc)
            content.links.extend(links)
        else:
            paragraphs = [p for p in map(single_spaces, raw.split("\n\n")) if p]
        content.paragraphs.extend(paragraphs)
        _paragraph_passages(content, paragraphs, name, "paragraph")
    _body_parts(page, content, site_netloc)
    if clinic is not None:
        content.clinic_places = [
            place for place in (clinic.locality, clinic.region) if place
        ]

    if hasattr(page, "medical_reviewer_id"):
        content.is_medical = True
        reviewer = page.medical_reviewer if page.medical_reviewer_id else None
        content.reviewer = reviewer.full_name if reviewer else ""
        content.last_reviewed = page.last_reviewed
        if clinic is not None:
            content.disclaimer = _disclaimer(clinic, content.language)
            content.contact = clinic.phone or clinic.email or ""
    return content
