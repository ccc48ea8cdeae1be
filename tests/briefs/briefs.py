# ruff: noqa: E501 - the briefs are test data, one line per paragraph
"""Briefs for the tests: the seed in three formats, and two briefs of our own."""

import io
from pathlib import Path

from briefs.outline import levels_from_outline
from demo.seed import OUTLINE_FILE, SEED_FILE

SEED_TEXT = SEED_FILE.read_text(encoding="utf-8")
SEED_LEVELS = levels_from_outline(OUTLINE_FILE.read_text(encoding="utf-8"))


def seed_lines():
    return [line.strip() for line in SEED_TEXT.splitlines() if line.strip()]


def _cells(line):
    return [cell.strip() for cell in line.strip("|").split("|")]


def seed_as_markdown():
    out, in_table = [], False
    for number, line in enumerate(seed_lines()):
        if line.startswith("|"):
            out.append(line)
            if not in_table:
                out.append("|" + "---|" * len(_cells(line)))
            in_table = True
            continue
        if in_table:
            out.append("")
            in_table = False
        if number == 2:
            out.append(f"# {line}")
        elif line in SEED_LEVELS:
            out.append("#" * int(SEED_LEVELS[line][1]) + f" {line}")
        else:
            out.append(line)
        out.append("")
    return "\n".join(out)


def seed_as_docx():
    import docx

    document = docx.Document()
    table_rows = []

    def flush():
        if table_rows:
            table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
            for r, row in enumerate(table_rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            table_rows.clear()

    for number, line in enumerate(seed_lines()):
        if line.startswith("|"):
            table_rows.append(_cells(line))
            continue
        flush()
        if number == 2:
            document.add_heading(line, level=0)
        elif line in SEED_LEVELS:
            document.add_heading(line, level=int(SEED_LEVELS[line][1]))
        else:
            document.add_paragraph(line)
    flush()
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


KNEE = """\
SEO Title: PRP Injections for Knee Osteoarthritis | Clinic
SEO Description: How platelet-rich plasma injections are used for knee osteoarthritis, who they may help and what to expect.
PRP Therapy for Knee Osteoarthritis
Knee osteoarthritis wears down the cartilage that cushions the joint.
Platelet-rich plasma (PRP) is prepared from the patient's own blood.
How PRP Works in the Knee
Platelets release growth factors that may calm inflammation in the joint.
| Injection | Sessions | Interval |
| PRP | 3 | 4 weeks |
| Hyaluronic acid | 1 | - |
Dr. Ayşe Demir's Advice: "PRP works best alongside exercises that strengthen the thigh muscles."
Results From Our Clinic
Case A: A 58-year-old runner reported less pain on stairs after three injections.
Case B: A 66-year-old patient with advanced wear saw little change, and was referred for surgery.
Frequently Asked Questions
Does the injection hurt?
A local anaesthetic makes it about as uncomfortable as a blood test.
How soon can I walk?
The same day; avoid running for two weeks.
Scientific References
PubMed: Platelet-Rich Plasma Versus Hyaluronic Acid for Knee Osteoarthritis. https://pubmed.ncbi.nlm.nih.gov/33020412/
The American Journal of Sports Medicine: PRP in Knee Osteoarthritis. https://doi.org/10.1177/0363546520909397
"""

KNEE_BLOCKS = [
    ("heading", "h2", "How PRP Works in the Knee"),
    (
        "paragraph",
        "Platelets release growth factors that may calm inflammation in the joint.",
    ),
    (
        "table",
        ["Injection", "Sessions", "Interval"],
        [["PRP", "3", "4 weeks"], ["Hyaluronic acid", "1", "-"]],
    ),
    (
        "doctor_quote",
        "Dr. Ayşe Demir",
        "PRP works best alongside exercises that strengthen the thigh muscles.",
    ),
    ("heading", "h2", "Results From Our Clinic"),
    (
        "case_study",
        "Case A",
        "A 58-year-old runner reported less pain on stairs after three injections.",
    ),
    (
        "case_study",
        "Case B",
        "A 66-year-old patient with advanced wear saw little change, and was referred for surgery.",
    ),
    ("heading", "h2", "Frequently Asked Questions"),
    (
        "faq",
        [
            (
                "Does the injection hurt?",
                "A local anaesthetic makes it about as uncomfortable as a blood test.",
            ),
            ("How soon can I walk?", "The same day; avoid running for two weeks."),
        ],
    ),
    ("heading", "h2", "Scientific References"),
    (
        "references",
        [
            (
                "PubMed",
                "Platelet-Rich Plasma Versus Hyaluronic Acid for Knee Osteoarthritis",
                "https://pubmed.ncbi.nlm.nih.gov/33020412/",
            ),
            (
                "The American Journal of Sports Medicine",
                "PRP in Knee Osteoarthritis",
                "https://doi.org/10.1177/0363546520909397",
            ),
        ],
    ),
]

# Turkish labels, numbered headings (2 → h2, 2.1 → h3).
SHOULDER_TR = """\
SEO Başlığı: Omuz Tendinitinde Şok Dalga Tedavisi
SEO Açıklaması: Omuz tendiniti için şok dalga tedavisinin nasıl uygulandığı ve kimlere uygun olduğu.
Omuz Tendiniti için Şok Dalga Tedavisi
Omuz tendiniti, omzu hareket ettiren tendonların iltihaplanmasıdır.
Şok dalga tedavisi ameliyatsız bir yöntemdir.
1 Tedavi Nasıl Uygulanır
Seanslar haftada bir yapılır ve yaklaşık on beş dakika sürer.
1.1 Seans Sayısı
Genellikle üç ile beş seans yeterlidir.
Vaka A: 45 yaşındaki bir hastada altı hafta sonra ağrı belirgin şekilde azaldı.
Sıkça Sorulan Sorular
Tedavi ağrılı mı?
Hafif bir rahatsızlık hissedilebilir.
İşe dönebilir miyim?
Evet, aynı gün dönebilirsiniz.
Kaynaklar
PubMed: Extracorporeal Shockwave Therapy for Calcific Tendinitis of the Shoulder. https://pubmed.ncbi.nlm.nih.gov/21343551/
"""

SHOULDER_TR_BLOCKS = [
    ("heading", "h2", "1 Tedavi Nasıl Uygulanır"),
    ("paragraph", "Seanslar haftada bir yapılır ve yaklaşık on beş dakika sürer."),
    ("heading", "h3", "1.1 Seans Sayısı"),
    ("paragraph", "Genellikle üç ile beş seans yeterlidir."),
    (
        "case_study",
        "Vaka A",
        "45 yaşındaki bir hastada altı hafta sonra ağrı belirgin şekilde azaldı.",
    ),
    ("heading", "h2", "Sıkça Sorulan Sorular"),
    (
        "faq",
        [
            ("Tedavi ağrılı mı?", "Hafif bir rahatsızlık hissedilebilir."),
            ("İşe dönebilir miyim?", "Evet, aynı gün dönebilirsiniz."),
        ],
    ),
    ("heading", "h2", "Kaynaklar"),
    (
        "references",
        [
            (
                "PubMed",
                "Extracorporeal Shockwave Therapy for Calcific Tendinitis of the Shoulder",
                "https://pubmed.ncbi.nlm.nih.gov/21343551/",
            ),
        ],
    ),
]


def write(tmp_path, name, content):
    path = Path(tmp_path) / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
