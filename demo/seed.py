"""Read the seed treatment page (a plain-text file) into structured content.

The file's structure is described in ``shared/seed/outline.md``: which lines are
headings (and at which level), and which lines are a table, a doctor's quote,
case studies, FAQ entries and references. ``parse_seed`` turns the text into a
``SeedPage`` of plain Python values; ``demo.build`` makes pages from it.
Text is kept word for word.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_FILE = Path(__file__).with_name("stem-cell-therapy-for-cerebral-palsy.txt")

# The outline's heading table: (level, text), in order.
HEADINGS = [
    ("h2", "What is Cerebral Palsy (CP)? Symptoms and Traditional Treatment Methods"),
    ("h3", "Delayed Motor Skill Development and Muscle Tone Disorders"),
    ("h3", "Differences Between Spastic, Ataxic, and Dystonic Types of Cerebral Palsy"),
    (
        "h2",
        "The Mechanism of Action of Stem Cell and Exosome Therapy in Cerebral Palsy",
    ),
    ("h3", "The Neural Repair and Anti-inflammatory Power of Mesenchymal Stem Cells"),
    (
        "h3",
        "Exosome Technology: Cellular Messengers That Cross the Blood-Brain Barrier",
    ),
    ("h3", "Neuroplasticity and the Reconstruction of Synaptic Connections"),
    ("h2", "Personalized Stem Cell Protocol and Application Methods in Cerebral Palsy"),
    ("h3", "Intravenous (Vein) and Intranasal (Nose) Application Advantages"),
    (
        "h3",
        "Treatment Sessions: Planning Based on the Patient's Age, Weight, and Stage",
    ),
    ("h3", "The Critical Role of Early Intervention in Treatment Success Rates"),
    ("h2", "Combined Treatment Synergy: Stem Cells, Exosomes, and TMS Collaboration"),
    ("h3", "Neuronal Activation with Transcranial Magnetic Stimulation (TMS)"),
    ("h3", "Robotic Rehabilitation and Physical Therapy Supporting Stem Cell Therapy"),
    ("h2", "Expected Improvements After Treatment and Effects on Quality of Life"),
    ("h3", "Spasticity Management, Movement Coordination, and Balance Development"),
    ("h3", "Gains in Cognitive Functions, Speech, and Social Adaptation"),
    ("h3", "Clinical Experiences and Observations (Anonymous Case Analysis)"),
    ("h2", "Frequently Asked Questions"),
    ("h2", "Scientific References"),
]
FAQ_HEADING = "Frequently Asked Questions"
REFERENCES_HEADING = "Scientific References"

# Structured facts added alongside each case's narrative (the narrative stays
# word for word); blank where the seed does not say.
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

QUOTE = re.compile(r"^(?P<doctor>.+?)'s Advice: \"(?P<quote>.+)\"$")
CASE = re.compile(r"^(?P<label>Case [A-Z]): (?P<narrative>.+)$")
REFERENCE = re.compile(r"^(?P<source>[^:]+): (?P<title>.+?)\.? (?P<url>https?://\S+)$")
PUBMED_URL = re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)")
DOI_IN_URL = re.compile(r"(10\.\d{4,9}/[^/\s]+)")


@dataclass
class SeedPage:
    seo_title: str
    seo_description: str
    title: str
    summary: list
    # Each item: (block_type, value) with plain values.
    body: list = field(default_factory=list)
    doctor_name: str = ""


def _reference(line):
    match = REFERENCE.match(line)
    if not match:
        raise ValueError(f"Not a reference line: {line!r}")
    url = match["url"]
    pubmed = PUBMED_URL.search(url)
    doi = DOI_IN_URL.search(url)
    return {
        "source": match["source"],
        "title": match["title"],
        "url": url,
        "pubmed_id": pubmed.group(1) if pubmed else "",
        "doi": doi.group(1) if doi and not pubmed else "",
    }


def parse_seed(text):
    """Turn the seed file's text into a ``SeedPage``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    seo_title = lines[0].removeprefix("SEO Title:").strip()
    seo_description = lines[1].removeprefix("SEO Description:").strip()
    page = SeedPage(seo_title, seo_description, title=lines[2], summary=lines[3:5])
    levels = {heading: level for level, heading in HEADINGS}

    section = None
    paragraphs, table, faq, references = [], [], [], []

    def flush_paragraphs():
        if paragraphs:
            page.body.append(("paragraph", list(paragraphs)))
            paragraphs.clear()

    def flush_table():
        if table:
            page.body.append(("table", [list(row) for row in table]))
            table.clear()

    for line in lines[5:]:
        if line in levels:
            flush_paragraphs()
            flush_table()
            section = line
            page.body.append(("heading", {"text": line, "level": levels[line]}))
            continue
        if section == FAQ_HEADING:
            faq.append(line)
            continue
        if section == REFERENCES_HEADING:
            references.append(_reference(line))
            continue
        if line.startswith("|"):
            flush_paragraphs()
            table.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        flush_table()
        if quote := QUOTE.match(line):
            flush_paragraphs()
            page.doctor_name = quote["doctor"]
            page.body.append(("doctor_quote", {"quote": quote["quote"]}))
        elif case := CASE.match(line):
            flush_paragraphs()
            facts = CASE_FACTS.get(case["label"], {})
            page.body.append(("case_study", {**facts, **case.groupdict()}))
        else:
            paragraphs.append(line)
    flush_paragraphs()
    flush_table()

    if len(faq) % 2:
        raise ValueError("The FAQ section must alternate questions and answers.")
    pairs = [
        {"question": q, "answer": a} for q, a in zip(faq[::2], faq[1::2], strict=True)
    ]
    _insert_after_heading(page.body, FAQ_HEADING, ("faq", pairs))
    _insert_after_heading(page.body, REFERENCES_HEADING, ("references", references))
    return page


def _insert_after_heading(body, heading, block):
    for index, (block_type, value) in enumerate(body):
        if block_type == "heading" and value["text"] == heading:
            body.insert(index + 1, block)
            return
    raise ValueError(f"The seed has no {heading!r} heading.")


def load_seed(path=SEED_FILE):
    return parse_seed(Path(path).read_text(encoding="utf-8"))
