"""An ``Outline`` to a draft ``TreatmentPage``: its body blocks, the doctors
its quotations name, and the page itself, saved as a draft and never
published."""

import re
from html import escape

from django.db import transaction
from django.utils.text import slugify
from wagtail.log_actions import log

from content_blocks.tables import table_value
from doctors.models import Doctor
from treatments.models import TreatmentPage

from .interpret import fold

PUBMED_URL = re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,9})")
DOI_IN_URL = re.compile(r"(10\.\d{4,9}/[^/\s?#]+)")
HONORIFICS = {
    fold(word)
    for word in ("Prof.", "Dr.", "Doç.", "Uzm.", "Op.", "Assoc.", "Mr.", "Mrs.", "Ms.")
}
CASE_FACTS = ("patient_age", "classification", "intervention", "outcome")


def _name_key(name):
    words = [word for word in fold(name).split() if word not in HONORIFICS]
    return " ".join(words)


def match_doctor(name, locale):
    """The ``Doctor`` of ``locale`` whose name the brief gives, else None."""
    key = _name_key(name or "")
    if not key:
        return None
    found = [
        doctor
        for doctor in Doctor.objects.filter(locale=locale)
        if key in (_name_key(doctor.name), _name_key(doctor.full_name))
    ]
    return found[0] if len(found) == 1 else None


def match_doctors(outline, locale):
    """Set each quotation's ``_doctor`` (a Doctor's id or None) by name."""
    for _index, block in outline.quotes():
        doctor = match_doctor(block["doctor"], locale)
        block["_doctor"] = doctor.pk if doctor else None
    return outline


def reference_value(item):
    url = item.get("url", "")
    pubmed = PUBMED_URL.search(url)
    doi = DOI_IN_URL.search(url)
    return {
        "source": item.get("source", ""),
        "title": item.get("title", ""),
        "url": url,
        "pubmed_id": item.get("_pubmed_id") or (pubmed.group(1) if pubmed else ""),
        "doi": item.get("_doi") or (doi.group(1) if doi and not pubmed else ""),
    }


def _paragraph_html(block):
    return block.get("_html") or f"<p>{escape(block['text'], quote=False)}</p>"


def stream_data(outline, *, anonymised=False):
    """The body as StreamField data (a list of ``{type, value}``).

    Consecutive paragraphs become one paragraph block. A case study is marked
    anonymised only when the caller vouches for it (the demo's seed does);
    from a brief, the editor confirms it in the editor.
    """
    stream = []
    for block in outline.blocks:
        kind = block["type"]
        if kind == "paragraph":
            if stream and stream[-1]["type"] == "paragraph":
                stream[-1]["value"] += _paragraph_html(block)
                continue
            value = _paragraph_html(block)
        elif kind == "heading":
            value = {"text": block["text"], "level": block["level"]}
        elif kind == "table":
            value = table_value(
                block["header"], block["rows"], caption=block.get("_caption", "")
            )
        elif kind == "doctor_quote":
            value = {"quote": block["quote"], "doctor": block.get("_doctor")}
        elif kind == "case_study":
            facts = block.get("_facts", {})
            value = {
                **{name: facts.get(name, "") for name in CASE_FACTS},
                "label": block["label"],
                "narrative": block["text"],
                "heading_level": "h4",
                "anonymised": anonymised,
            }
        elif kind == "faq":
            value = {
                "items": [
                    {
                        "question": item["question"],
                        "answer": item.get("_answer_html")
                        or f"<p>{escape(item['answer'], quote=False)}</p>",
                    }
                    for item in block["items"]
                ]
            }
        elif kind == "references":
            value = {"items": [reference_value(item) for item in block["items"]]}
        else:
            continue
        stream.append({"type": kind, "value": value})
    return stream


def guess_condition(title):
    """ "Stem Cell Therapy for Cerebral Palsy" → "Cerebral Palsy"; else the title."""
    for separator in (" for ", " in "):
        if separator in title:
            return title.rsplit(separator, 1)[1].strip()[:255]
    return title[:255]


def unique_slug(parent, title):
    base = slugify(title, allow_unicode=True)[:240] or "treatment"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_draft(outline, parent, *, user=None, condition_name="", anonymised=False):
    """A new ``TreatmentPage`` under ``parent`` in its locale, as a draft."""
    page = TreatmentPage(
        title=outline.title[:255],
        slug=unique_slug(parent, outline.title),
        seo_title=outline.seo_title[:255],
        search_description=outline.seo_description,
        summary="\n\n".join(outline.summary),
        condition_name=condition_name or guess_condition(outline.title),
        body=stream_data(outline, anonymised=anonymised),
        live=False,
        has_unpublished_changes=True,
        owner=user,
        locale_id=parent.locale_id,
    )
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=False)
    log(instance=page, action="wagtail.create", user=user, revision=revision)
    return page
