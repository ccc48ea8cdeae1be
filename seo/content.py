"""Extract what the checks read from a page: its own content, not the chrome.

Checks never see the header, navigation or footer (Yoast's analysis does, and
counts the menu as content). ``extract`` turns a page and the clinic's settings
into a ``PageContent`` of plain values; the checks are pure functions of it.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.utils.html import strip_tags

from clinic.models import medical_disclaimer


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


# Rich text that is only paragraphs of plain text (no tags, links or entities
# inside): most of it. Read without building a tree, the same paragraphs.
PLAIN_PARAGRAPHS = re.compile(r"(?:<p>[^<&]*</p>)+")
PLAIN_PARAGRAPH = re.compile(r"<p>([^<&]*)</p>")


@lru_cache(maxsize=4096)
def _plain(html):
    """Text without tags; remembered, as every medical page of a site reads
    the same disclaimer (``strip_tags`` is slow). Paragraphs of plain text
    (most FAQ answers) lose their tags without a parser, as ``strip_tags``
    would strip them: their texts run together."""
    if html and PLAIN_PARAGRAPHS.fullmatch(html):
        return " ".join("".join(PLAIN_PARAGRAPH.findall(html)).split())
    return " ".join(strip_tags(html or "").split())


def rich_text_parts(html, target, site_netloc=""):
    """(paragraphs, links) of a rich text value's stored HTML."""
    if html and PLAIN_PARAGRAPHS.fullmatch(html):
        paragraphs = [" ".join(text.split()) for text in PLAIN_PARAGRAPH.findall(html)]
        return [p for p in paragraphs if p], []
    soup = BeautifulSoup(html or "", "html.parser")
    blocks = soup.find_all(["p", "li"]) or [soup]
    paragraphs = [" ".join(node.get_text(" ").split()) for node in blocks]
    links = []
    for anchor in soup.find_all("a"):
        text = " ".join(anchor.get_text(" ").split())
        if anchor.get("linktype") in {"page", "document"}:
            page_id = anchor.get("id") if anchor.get("linktype") == "page" else None
            links.append(
                Link(
                    href=f"{anchor.get('linktype')}:{anchor.get('id')}",
                    text=text,
                    internal=True,
                    target=target,
                    page_id=int(page_id) if page_id and page_id.isdigit() else None,
                )
            )
        elif anchor.get("href"):
            links.append(link_for(anchor["href"], text, target, site_netloc))
    return [p for p in paragraphs if p], links


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


def _passage(content, parts, target, kind):
    """Add a passage of the non-empty ``parts``, one line each."""
    lines = [" ".join(str(part or "").split()) for part in parts]
    text = "\n".join(line for line in lines if line)
    if text:
        content.passages.append(Passage(text, target, kind))


def _paragraph_passages(content, paragraphs, target, kind):
    """Add a passage of each of ``paragraphs`` (from ``rich_text_parts``:
    their spaces already single, none of them empty)."""
    content.passages.extend(Passage(text, target, kind) for text in paragraphs)


def _table_lines(value):
    """A table's caption and cells, one line each (a cell is a sentence)."""
    lines = [value.get("caption") or ""]
    lines.extend(str(cell) for cell in _list_items(value.get("header")) if cell)
    for row in _list_items(value.get("rows")):
        lines.extend(str(cell) for cell in _list_items(row.get("cells")) if cell)
    return lines


CASE_STUDY_FIELDS = ("narrative", "intervention", "outcome", "classification")


def _body_parts(page, content, site_netloc):
    """Walk the page's StreamField and fill ``content`` in order."""
    for index, (kind, value) in enumerate(_raw_blocks(page)):
        target = f"body[{index}] ({kind})"
        if kind == "heading":
            level = 3 if value.get("level") == "h3" else 2
            content.headings.append(Heading(level, value.get("text", ""), target))
            _passage(content, [value.get("text")], target, "heading")
        elif kind == "paragraph":
            paragraphs, links = rich_text_parts(value, target, site_netloc)
            content.paragraphs.extend(paragraphs)
            content.links.extend(links)
            _paragraph_passages(content, paragraphs, target, "paragraph")
        elif kind == "doctor_quote":
            content.paragraphs.append(" ".join((value.get("quote") or "").split()))
            _passage(content, [value.get("quote")], target, "quote")
        elif kind == "table":
            _passage(content, _table_lines(value), target, "table")
        elif kind == "case_study":
            level = int(str(value.get("heading_level") or "h4")[1])
            content.headings.append(Heading(level, value.get("label", ""), target))
            content.paragraphs.append(" ".join((value.get("narrative") or "").split()))
            parts = [value.get(name) for name in CASE_STUDY_FIELDS]
            _passage(content, parts, target, "case_study")
            content.case_studies.append(
                {
                    "label": value.get("label", ""),
                    "anonymised": bool(value.get("anonymised")),
                    "target": target,
                }
            )
        elif kind == "faq":
            for number, item in enumerate(_list_items(value.get("items")), start=1):
                item_target = f"{target} question {number}"
                answer = item.get("answer") or ""
                paragraphs, links = rich_text_parts(answer, item_target, site_netloc)
                content.paragraphs.extend(paragraphs)
                content.links.extend(links)
                question = [item.get("question")]
                _passage(content, question, item_target, "faq_question")
                if paragraphs:
                    text = "\n".join(paragraphs)
                    content.passages.append(Passage(text, item_target, "faq_answer"))
                content.faq.append(
                    {
                        "question": item.get("question", ""),
                        "answer": _plain(answer),
                        "target": item_target,
                    }
                )
        elif kind == "references":
            for number, item in enumerate(_list_items(value.get("items")), start=1):
                item_target = f"{target} reference {number}"
                reference = {
                    key: (item.get(key) or "").strip()
                    for key in ("title", "source", "url", "pubmed_id", "doi")
                }
                reference["target"] = item_target
                content.references.append(reference)
                if reference["url"]:
                    content.links.append(
                        link_for(
                            reference["url"],
                            reference["title"],
                            item_target,
                            site_netloc,
                        )
                    )
        elif kind == "callout":
            if value.get("heading"):
                level = int(str(value.get("heading_level") or "h3")[1])
                content.headings.append(Heading(level, value["heading"], target))
            paragraphs, links = rich_text_parts(
                value.get("text") or "", target, site_netloc
            )
            content.paragraphs.extend(paragraphs)
            content.links.extend(links)
            parts = [value.get("heading"), *paragraphs]
            _passage(content, parts, target, "callout")
        elif kind == "image":
            content.images.append(Image((value.get("alt_text") or "").strip(), target))
            parts = [value.get("alt_text"), value.get("caption")]
            _passage(content, parts, target, "image")


def _disclaimer(clinic, language):
    """The medical disclaimer a page in ``language`` shows (the clinic text
    in its language, ``clinic.models.medical_disclaimer``), as plain text.

    Kept on ``clinic`` per language: an audit run reads one ``ClinicSettings``
    for all its pages, so the clinic texts are read once per language, not
    once per page.
    """
    found = clinic.__dict__.setdefault("_seo_disclaimers", {})
    if language not in found:
        found[language] = _plain(medical_disclaimer(clinic, language))
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
            paragraphs = [" ".join(p.split()) for p in raw.split("\n\n") if p.strip()]
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
