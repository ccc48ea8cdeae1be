"""What a brief holds, whatever its format: the ``Outline``.

Blocks are plain dicts so the outline can be printed as JSON
(``import_brief --dry-run --format json``) and kept in the editor's session
between the preview and "Create draft". Keys starting with ``_`` are the
builder's (a paragraph's inline HTML, a case's structured facts, a table's
caption) and are left out of the JSON.
"""

import re
from dataclasses import dataclass, field

LEVELS = ("h2", "h3")


@dataclass
class Outline:
    title: str = ""
    seo_title: str = ""
    seo_description: str = ""
    summary: list = field(default_factory=list)
    blocks: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def to_json(self):
        """The shape ``import_brief --dry-run --format json`` prints."""
        return {
            "title": self.title,
            "seo_title": self.seo_title,
            "seo_description": self.seo_description,
            "summary": list(self.summary),
            "blocks": [public(block) for block in self.blocks],
            "warnings": [str(warning) for warning in self.warnings],
        }

    def to_session(self):
        return {
            "title": self.title,
            "seo_title": self.seo_title,
            "seo_description": self.seo_description,
            "summary": list(self.summary),
            "blocks": self.blocks,
            "warnings": [str(warning) for warning in self.warnings],
        }

    @classmethod
    def from_session(cls, data):
        return cls(**data)

    def set_level(self, index, level):
        block = self.blocks[index]
        if block["type"] == "heading" and level in LEVELS:
            block["level"] = level

    def headings(self):
        return [
            (index, block)
            for index, block in enumerate(self.blocks)
            if block["type"] == "heading"
        ]

    def quotes(self):
        return [
            (index, block)
            for index, block in enumerate(self.blocks)
            if block["type"] == "doctor_quote"
        ]


def public(value):
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [public(item) for item in value]
    return value


OUTLINE_ROW = re.compile(
    r"^\|\s*\d+\s*\|\s*(h[23])\s*\|\s*(.+?)\s*\|\s*$", re.MULTILINE
)


def levels_from_outline(text):
    """{heading text: level} from an outline's ``| # | level | heading |`` table
    (``shared/seed/outline.md``), for the headings plain text cannot level."""
    return {
        " ".join(heading.split()): level for level, heading in OUTLINE_ROW.findall(text)
    }
