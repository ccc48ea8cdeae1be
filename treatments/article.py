"""What a treatment page shows around its blocks: contents, reading time, citations.

Pure functions over the page's stored data (no database queries), so they can
be tested on their own and cost the same for any number of blocks.
"""

import math
import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: "[1]", "[2, 3]" or "[1,4,5]" in running text cites those references.
CITATION = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
TAG = re.compile(r"(<[^>]*>)")


@dataclass
class TocEntry:
    text: str
    anchor: str
    children: list = field(default_factory=list)


def table_of_contents(anchored):
    """Entries for the h2 headings of ``(block, anchor)`` pairs, h3s nested.

    An h3 before the first h2 is listed at the top level rather than dropped.
    """
    entries = []
    for block, anchor in anchored:
        if block.block_type != "heading" or not anchor:
            continue
        entry = TocEntry(block.value.get("text") or "", anchor)
        if block.value.get("level") == "h3" and entries:
            entries[-1].children.append(entry)
        else:
            entries.append(entry)
    return entries


def count_words(text):
    return len(WORD.findall(text or ""))


def reading_minutes(words, per_minute=WORDS_PER_MINUTE):
    """Whole minutes to read ``words`` words, rounded up, at least one."""
    return max(1, math.ceil(words / per_minute))


def _plain(html):
    return unescape(strip_tags(html or ""))


def _items(raw_list):
    """ListBlock values are stored as [{"type": "item", "value": …}] or bare."""
    for item in raw_list or []:
        if isinstance(item, dict) and "value" in item and "type" in item:
            yield item["value"] or {}
        else:
            yield item or {}


def stream_text(raw_blocks):
    """The readable text of a body's stored blocks (``body.raw_data``)."""
    parts = []
    for raw in raw_blocks:
        kind, value = raw.get("type"), raw.get("value")
        if kind == "paragraph":
            parts.append(_plain(value))
        elif kind == "heading":
            parts.append(value.get("text", ""))
        elif kind == "doctor_quote":
            parts.append(value.get("quote", ""))
        elif kind == "case_study":
            parts += [
                value.get(key) or ""
                for key in ("label", "narrative", "intervention", "outcome")
            ]
        elif kind == "faq":
            for item in _items(value.get("items")):
                parts += [item.get("question", ""), _plain(item.get("answer"))]
        elif kind == "references":
            parts += [item.get("title", "") for item in _items(value.get("items"))]
        elif kind == "callout":
            parts += [value.get("heading") or "", _plain(value.get("text"))]
        elif kind == "table":
            parts.append(value.get("caption") or "")
            parts += [str(cell) for cell in _items(value.get("header")) if cell]
            for row in _items(value.get("rows")):
                parts += [str(cell) for cell in _items(row.get("cells")) if cell]
        elif kind == "image":
            parts.append(value.get("caption") or "")
    return "\n".join(parts)


class Citations:
    """Numbers citations as they appear, so each gets a unique id.

    ``cite-<n>-<k>`` is the k-th citation of reference n; the reference links
    back to its first one.
    """

    def __init__(self, reference_count):
        self.reference_count = reference_count
        self.seen = {}

    def first_id(self, number):
        return f"cite-{number}-1" if number in self.seen else ""

    def _link(self, number):
        self.seen[number] = self.seen.get(number, 0) + 1
        label = _("reference")
        return (
            f'<a href="#ref-{number}" id="cite-{number}-{self.seen[number]}">'
            f'<span class="visually-hidden">{label} </span>{number}</a>'
        )

    def _replace(self, match):
        numbers = [int(n) for n in match.group(1).split(",")]
        if not all(1 <= n <= self.reference_count for n in numbers):
            return match.group(0)  # not a citation of this page's sources
        links = ", ".join(self._link(n) for n in numbers)
        return f'<sup class="cite">[{links}]</sup>'

    def link(self, html):
        """``html`` with its ``[n]`` markers made links (text only, not tags)."""
        parts = TAG.split(str(html))
        inside_link = False
        for index, part in enumerate(parts):
            if part.startswith("<"):
                name = part[1:].split(None, 1)[0].lower() if len(part) > 2 else ""
                if name == "a" or name.startswith("a>"):
                    inside_link = True
                elif name.startswith("/a"):
                    inside_link = False
            elif not inside_link:
                parts[index] = CITATION.sub(self._replace, part)
        return mark_safe("".join(parts))  # noqa: S308 - escaped rich text in


def has_citation(source):
    return bool(CITATION.search(source or ""))
