"""Read the seed treatment page through the brief importer (``briefs``).

The seed is a plain-text brief like any other; plain text cannot say which
headings are h2 and which h3, so their levels come from the seed's outline
(a copy of ``shared/seed/outline.md`` beside it). What the importer cannot
know, the demo adds here: the structured facts of the two cases (alongside
their narratives, which stay word for word) and the table's caption. The
quote's doctor is matched by name once ``demo.build`` has made the doctor.
"""

from pathlib import Path

from briefs.importer import read_brief_file
from briefs.outline import levels_from_outline

SEED_FILE = Path(__file__).with_name("stem-cell-therapy-for-cerebral-palsy.txt")
OUTLINE_FILE = Path(__file__).with_name(
    "stem-cell-therapy-for-cerebral-palsy.outline.md"
)

# Structured facts added alongside each case's narrative; blank where the
# seed does not say.
CASE_FACTS = {
    "Case A": {
        "patient_age": "5 years",
        "classification": "GMFCS Level 4",
        "intervention": "3 sessions of stem cell and intranasal exosome application",
        "outcome": "30% reduction in spasticity; takes a few steps with support",
    },
    "Case B": {
        "patient_age": "8 years",
        "classification": "",
        "intervention": "TMS-assisted cellular therapy",
        "outcome": "Larger vocabulary; noticeably better at eating independently",
    },
}
TABLE_CAPTION = "Application methods compared"


def load_seed(path=SEED_FILE, outline_path=OUTLINE_FILE):
    """The seed's ``briefs.outline.Outline``, with the demo's additions."""
    hints = levels_from_outline(Path(outline_path).read_text(encoding="utf-8"))
    outline = read_brief_file(path, hints, format_name="text")
    if outline.warnings:
        raise ValueError("; ".join(str(warning) for warning in outline.warnings))
    for block in outline.blocks:
        if block["type"] == "case_study":
            block["_facts"] = CASE_FACTS.get(block["label"], {})
        elif block["type"] == "table":
            block["_caption"] = TABLE_CAPTION
    return outline


def quoted_doctor_name(outline):
    """The doctor the seed quotes ("Prof. Dr. Erdinç Özek")."""
    return next(block["doctor"] for _index, block in outline.quotes())
