"""Elements to an ``Outline``: what each part of a brief is.

Labels ("SEO Title:", "SEO Başlığı:"), the title and summary, headings and
their levels, quotations attributed to doctors, "Case A:" / "Vaka A:" stories,
the FAQ and references sections. Everything that is not recognised is kept as
a paragraph, with a warning where something looked wrong: nothing is dropped.
"""

import re
from html import unescape

from django.utils.translation import gettext as _

from seo.text import neutral

from .elements import normalise
from .errors import BriefError
from .outline import Outline
from .shapes import looks_like_heading, numbered_level


def fold(text):
    """A label or name for matching: ``seo.text.neutral`` (case and accents
    dropped, Turkish dotted and dotless i as one), without a closing colon."""
    return neutral(normalise(text)).rstrip(":")


LABELS = {
    "seo_title": {fold(label) for label in ("SEO Title", "SEO Başlığı", "Meta Title")},
    "seo_description": {
        fold(label)
        for label in ("SEO Description", "SEO Açıklaması", "Meta Description")
    },
}
LABEL = re.compile(r"^(?P<label>[^:]{2,40}):\s*(?P<value>.*)$")
FAQ_HEADINGS = {
    fold(text)
    for text in (
        "Frequently Asked Questions",
        "FAQ",
        "FAQs",
        "Sıkça Sorulan Sorular",
        "Sık Sorulan Sorular",
    )
}
REFERENCE_HEADINGS = {
    fold(text)
    for text in (
        "Scientific References",
        "References",
        "Sources",
        "Bibliography",
        "Kaynaklar",
        "Bilimsel Kaynaklar",
        "Kaynakça",
    )
}
CASE = re.compile(
    r"^(?P<label>(?:Case|Vaka)\s+[A-Z0-9ÇĞİÖŞÜ]{1,3})\s*:\s*(?P<text>\S.*)$"
)
ATTRIBUTED = re.compile(r'^(?P<who>[^"“”:]{2,120}?)\s*:\s*["“](?P<quote>.+)["”]$')
TRAILING_ATTRIBUTION = re.compile(
    r'^["“](?P<quote>.+)["”]\s*[—–-]+\s*(?P<who>[^"“”]{2,120})$'
)
ADVICE = re.compile(
    r"\s*(?:['’]s\s+(?:advice|comment|view|note|words|opinion)"
    r"|['’]?(?:n?[ıiuü]n)\s+(?:tavsiyesi|önerisi|görüşü|yorumu|sözleri))$",
    re.IGNORECASE,
)
TITLED = re.compile(r"(?:^|\s)(?:dr|prof|doç|uzm|op)\.", re.IGNORECASE)
QUESTION_END = re.compile(r"\?[\"'”’)]*$")
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
HREF = re.compile(r'href="([^"]+)"')
URL_AT_END = re.compile(r"^(?P<before>.*?)\s*(?P<url>https?://\S+)$")
SOURCE = re.compile(r"^(?P<source>[^:]{1,120}):\s+(?P<title>.+)$")
PMID_TEXT = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
DOI_TEXT = re.compile(r"\bdoi:?\s*(10\.\d{4,9}/\S+)", re.IGNORECASE)


def excerpt(text, length=60):
    text = normalise(text)
    return text if len(text) <= length else f"{text[:length]}…"


def parse_reference(text, html=""):
    """{"source", "title", "url"} (and the PubMed ID or DOI the text gives)."""
    item = {"source": "", "title": text, "url": ""}
    rest = text
    if match := URL_AT_END.match(text):
        rest, item["url"] = match["before"], match["url"]
    elif href := HREF.search(html or ""):
        item["url"] = unescape(href.group(1))
    if pmid := PMID_TEXT.search(rest):
        item["_pubmed_id"] = pmid.group(1)
    if doi := DOI_TEXT.search(rest):
        item["_doi"] = doi.group(1).rstrip(".")
    if source := SOURCE.match(rest):
        item["source"], rest = source["source"].strip(), source["title"]
    item["title"] = rest.strip().removesuffix(".").strip() if item["url"] else rest
    return item


def parse_quote(text, *, styled=False):
    """(doctor, quote) of an attributed quotation, else None.

    A paragraph is a quote when it reads ``Dr. X's Advice: "…"`` (or the
    Turkish ``…'ın Tavsiyesi: "…"``), or names a doctor by title before a
    quotation. A paragraph styled as a quotation (``>``, Word's Quote) is one
    whoever it names, or nobody.
    """
    if match := ATTRIBUTED.match(text):
        who = match["who"].strip()
        if styled or ADVICE.search(who) or TITLED.search(who):
            return ADVICE.sub("", who).strip(), match["quote"].strip()
    if match := TRAILING_ATTRIBUTION.match(text):
        return match["who"].strip(), match["quote"].strip()
    if styled:
        return "", text.strip().strip('"“”').strip()
    return None


def paragraph_block(text, html):
    return {"type": "paragraph", "text": text, "_html": f"<p>{html}</p>"}


def list_block(element):
    tag = "ol" if element.ordered else "ul"
    items = "".join(f"<li>{html}</li>" for _text, html in element.items)
    return {
        "type": "paragraph",
        "text": "\n".join(text for text, _html in element.items),
        "_html": f"<{tag}>{items}</{tag}>",
    }


class Interpreter:
    def __init__(self, level_hints=None):
        self.outline = Outline()
        self.hints = {normalise(k): v for k, v in (level_hints or {}).items()}
        self.stage = "start"
        self.section = None
        self.section_level = None
        self.faq = None
        self.references = None
        self.pending = None  # the FAQ entry waiting for its answer

    def warn(self, message):
        self.outline.warnings.append(message)

    def run(self, elements):
        for element in elements:
            self.check_markup(element)
            if self.take_label(element):
                continue
            if self.stage == "start":
                self.take_title(element)
                continue
            if self.stage == "summary":
                if self.take_summary(element):
                    continue
                self.stage = "body"
            self.take_body(element)
        self.finish()
        return self.outline

    def check_markup(self, element):
        texts = [element.text, *(cell for row in element.rows for cell in row)]
        texts += [text for text, _html in element.items]
        for text in texts:
            if HTML_TAG.search(text):
                self.warn(
                    _(
                        "“%(text)s” contains HTML or script. It is kept as "
                        "text and will show exactly as typed."
                    )
                    % {"text": excerpt(text)}
                )

    def take_label(self, element):
        if element.kind not in ("paragraph", "heading"):
            return False
        match = LABEL.match(element.text)
        if not match:
            return False
        for name, labels in LABELS.items():
            if fold(match["label"]) in labels:
                if getattr(self.outline, name):
                    self.warn(
                        _("A second “%(label)s” line was kept as a paragraph.")
                        % {"label": match["label"]}
                    )
                    return False
                setattr(self.outline, name, match["value"].strip())
                return True
        return False

    def take_title(self, element):
        is_title = (element.kind == "heading" and element.level in (None, 1)) or (
            element.kind == "paragraph" and looks_like_heading(element.text)
        )
        if not is_title:
            raise BriefError(
                _(
                    "The brief has no title: its first line (after the SEO "
                    "title and description) should be the page title, a short "
                    "line without a full stop."
                )
            )
        self.outline.title = element.text
        self.stage = "summary"

    def take_summary(self, element):
        if element.kind != "paragraph":
            return False
        if CASE.match(element.text) or parse_quote(element.text):
            return False
        self.outline.summary.append(element.text)
        return True

    def level_of(self, element):
        if element.level is not None:
            if element.level == 1:
                self.warn(
                    _("“%(text)s” is marked as a second title; it is imported as h2.")
                    % {"text": excerpt(element.text)}
                )
                return "h2"
            if element.level > 3:
                self.warn(
                    _("“%(text)s” is a level %(level)s heading; it is imported as h3.")
                    % {"text": excerpt(element.text), "level": element.level}
                )
            return "h2" if element.level == 2 else "h3"
        return self.hints.get(element.text) or numbered_level(element.text) or "h2"

    def take_body(self, element):
        blocks = self.outline.blocks
        if element.kind == "heading":
            if self.section == "faq" and self.faq_heading_is_entry(element):
                self.take_faq_line(element.text, element.html)
                return
            self.close_section()
            level = self.level_of(element)
            blocks.append({"type": "heading", "level": level, "text": element.text})
            folded = fold(element.text)
            if folded in FAQ_HEADINGS:
                self.section, self.section_level = "faq", element.level
            elif folded in REFERENCE_HEADINGS:
                self.section, self.section_level = "references", element.level
            return
        if self.section == "faq" and element.kind in ("paragraph", "list"):
            if element.kind == "list":
                self.take_faq_answer(
                    "\n".join(text for text, _html in element.items),
                    list_block(element)["_html"],
                )
            else:
                self.take_faq_line(element.text, element.html)
            return
        if self.section == "references" and element.kind in ("paragraph", "list"):
            entries = (
                element.items
                if element.kind == "list"
                else [(element.text, element.html)]
            )
            for text, html in entries:
                self.take_reference(text, html)
            return
        if element.kind == "table":
            self.take_table(element)
        elif element.kind == "quote":
            doctor, quote = parse_quote(element.text, styled=True)
            self.add_quote(doctor, quote)
        elif element.kind == "list":
            blocks.append(list_block(element))
        elif case := CASE.match(element.text):
            blocks.append(
                {"type": "case_study", "label": case["label"], "text": case["text"]}
            )
        elif quote := parse_quote(element.text):
            self.add_quote(*quote)
        else:
            blocks.append(paragraph_block(element.text, element.html))

    def faq_heading_is_entry(self, element):
        """In the FAQ, a deeper heading is a question; a guessed one after an
        unanswered question is its (short) answer. A section's own heading
        ("Scientific References") always starts that section."""
        if fold(element.text) in FAQ_HEADINGS | REFERENCE_HEADINGS:
            return False
        if element.level is not None and self.section_level is not None:
            return element.level > self.section_level
        return (
            element.level is None
            and self.pending is not None
            and not (self.pending["answer"])
        )

    def take_faq_line(self, text, html):
        pending = self.pending
        if pending is None or (pending["answer"] and QUESTION_END.search(text)):
            self.new_question(text)
        else:
            self.take_faq_answer(text, f"<p>{html}</p>")

    def new_question(self, text):
        if self.faq is None:
            self.faq = {"type": "faq", "items": []}
            self.outline.blocks.append(self.faq)
        elif self.pending is not None and not self.pending["answer"]:
            self.warn_unanswered()
        self.pending = {"question": text, "answer": "", "_answer_html": ""}
        self.faq["items"].append(self.pending)

    def take_faq_answer(self, text, html):
        pending = self.pending
        if pending["answer"]:
            pending["answer"] += "\n\n" + text
        else:
            pending["answer"] = text
        pending["_answer_html"] += html

    def warn_unanswered(self):
        self.warn(
            _("The question “%(text)s” has no answer; write one in the editor.")
            % {"text": excerpt(self.pending["question"])}
        )

    def take_reference(self, text, html):
        item = parse_reference(text, html)
        if not (item["url"] or item.get("_pubmed_id") or item.get("_doi")):
            self.warn(
                _(
                    "The reference “%(text)s” has no link, PubMed ID or DOI; "
                    "add one in the editor."
                )
                % {"text": excerpt(text)}
            )
        if self.references is None:
            self.references = {"type": "references", "items": []}
            self.outline.blocks.append(self.references)
        self.references["items"].append(item)

    def take_table(self, element):
        rows = [list(row) for row in element.rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        ragged = [number for number, row in enumerate(rows, 1) if len(row) != width]
        if ragged:
            self.warn(
                _(
                    "A table has rows with fewer cells than others (rows "
                    "%(rows)s); empty cells were added at their ends. Check "
                    "the table in the editor."
                )
                % {"rows": ", ".join(str(number) for number in ragged)}
            )
        rows = [row + [""] * (width - len(row)) for row in rows]
        if len(rows) == 1:
            self.warn(
                _("A table has a header row only (“%(text)s”).")
                % {"text": excerpt(" | ".join(rows[0]))}
            )
        self.outline.blocks.append(
            {"type": "table", "header": rows[0], "rows": rows[1:]}
        )

    def add_quote(self, doctor, quote):
        if not doctor:
            self.warn(
                _("The quotation “%(text)s” names no doctor; choose one.")
                % {"text": excerpt(quote)}
            )
        self.outline.blocks.append(
            {"type": "doctor_quote", "doctor": doctor, "quote": quote}
        )

    def close_section(self):
        if self.pending is not None and not self.pending["answer"]:
            self.warn_unanswered()
        self.section = self.section_level = None
        self.faq = self.references = self.pending = None

    def finish(self):
        if self.stage == "start":
            raise BriefError(_("The brief is empty."))
        self.close_section()
        if not self.outline.summary:
            raise BriefError(
                _(
                    "The brief has no introduction: put at least one paragraph "
                    "between the title and the first heading. It becomes the "
                    "page's summary."
                )
            )
        if not self.outline.blocks:
            self.warn(_("The brief has nothing after its introduction."))


def interpret(elements, level_hints=None):
    return Interpreter(level_hints).run(elements)
