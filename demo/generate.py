"""Generate many realistic treatment pages, fast, for benchmarks.

Pages are written straight to the page tree in bulk (computed tree paths, one
multi-row insert per table and batch) instead of ``add_child`` and a revision
per page, which would take an hour for 10,000 pages. The result is the same as
publishing: live pages with search index entries. The same ``seed`` always
gives the same pages.
"""

import io
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from content_blocks.tables import table_value
from doctors.models import Doctor
from treatments.models import TreatmentIndexPage, TreatmentPage

from . import vocabulary as words

BATCH = 500


class PageWriter:
    """Writes text for one page from a seeded random source."""

    def __init__(self, rng, doctors, images):
        self.rng = rng
        self.doctors = doctors
        self.images = images

    def sentence(self, condition):
        rng = self.rng
        parts = [
            rng.choice(words.OPENERS),
            rng.choice(words.TERMS),
            rng.choice(words.VERBS),
            rng.choice(words.TERMS),
            f"in {condition.lower()}",
        ]
        if rng.random() < 0.6:
            parts.append(rng.choice(words.CLOSERS))
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, condition, sentences=None):
        count = sentences or self.rng.randint(2, 5)
        return " ".join(self.sentence(condition) for _ in range(count))

    def heading(self, condition, therapy, level):
        pattern = self.rng.choice(words.HEADING_PATTERNS[:-2])
        return {
            "text": pattern.format(condition=condition, therapy=therapy),
            "level": level,
        }

    def reference(self, number):
        rng = self.rng
        kind = rng.random()
        item = {
            "title": f"Outcomes of regenerative treatment: study {number}",
            "source": rng.choice(words.JOURNALS),
            "url": "",
            "pubmed_id": "",
            "doi": "",
        }
        if kind < 0.5:
            item["pubmed_id"] = str(rng.randint(20000000, 39999999))
            item["url"] = f"https://pubmed.ncbi.nlm.nih.gov/{item['pubmed_id']}/"
        elif kind < 0.85:
            item["doi"] = f"10.{rng.randint(1000, 9999)}/clinic.{rng.randint(1, 99999)}"
        else:
            item["url"] = "https://www.journal.example/home"
        return item

    def body(self, condition, therapy):
        """A stream shaped like the seed page: sections, then cases, FAQ, sources."""
        rng = self.rng
        stream = []
        for _section in range(rng.randint(3, 7)):
            stream.append(("heading", self.heading(condition, therapy, "h2")))
            stream.append(("paragraph", self._html(condition, rng.randint(1, 3))))
            for _sub in range(rng.randint(0, 3)):
                stream.append(("heading", self.heading(condition, therapy, "h3")))
                stream.append(("paragraph", self._html(condition, rng.randint(1, 3))))
            roll = rng.random()
            if roll < 0.2:
                stream.append(("table", self._table(condition)))
            elif roll < 0.35:
                stream.append(
                    (
                        "doctor_quote",
                        {
                            "quote": self.paragraph(condition, 3),
                            "doctor": rng.choice(self.doctors).pk,
                        },
                    )
                )
            elif roll < 0.45 and self.images:
                stream.append(
                    (
                        "image",
                        {
                            "image": rng.choice(self.images).pk,
                            "alt_text": f"Treatment of {condition.lower()}",
                            "caption": "",
                        },
                    )
                )
            elif roll < 0.55:
                stream.append(
                    (
                        "callout",
                        {
                            "kind": rng.choice(["info", "warning"]),
                            "heading": "",
                            "heading_level": "h3",
                            "text": self._html(condition, 1),
                        },
                    )
                )
        stream.append(("heading", {"text": "Clinical Experiences", "level": "h3"}))
        for letter in "ABC"[: rng.randint(1, 3)]:
            stream.append(
                (
                    "case_study",
                    {
                        "label": f"Case {letter}",
                        "heading_level": "h4",
                        "patient_age": f"{rng.randint(2, 70)} years",
                        "classification": f"GMFCS Level {rng.randint(1, 5)}",
                        "intervention": (
                            f"{rng.randint(1, 4)} sessions of {therapy.lower()}"
                        ),
                        "outcome": self.sentence(condition),
                        "narrative": self.paragraph(condition, 2),
                        "anonymised": True,
                    },
                )
            )
        stream.append(
            ("heading", {"text": "Frequently Asked Questions", "level": "h2"})
        )
        questions = rng.sample(words.QUESTIONS, rng.randint(3, 8))
        stream.append(
            (
                "faq",
                {
                    "items": [
                        {
                            "question": q.format(
                                therapy=therapy.lower(), condition=condition.lower()
                            ),
                            "answer": self._html(condition, 1),
                        }
                        for q in questions
                    ]
                },
            )
        )
        stream.append(("heading", {"text": "Scientific References", "level": "h2"}))
        stream.append(
            (
                "references",
                {"items": [self.reference(n) for n in range(1, rng.randint(2, 6) + 1)]},
            )
        )
        return [
            {
                "type": kind,
                "value": value,
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
            }
            for kind, value in stream
        ]

    def _html(self, condition, paragraphs):
        return "".join(f"<p>{self.paragraph(condition)}</p>" for _ in range(paragraphs))

    def _table(self, condition):
        rows = [
            [term.capitalize(), condition, self.sentence(condition)]
            for term in self.rng.sample(words.TERMS, 3)
        ]
        return table_value(
            ["Application", "Target", "Advantage"],
            rows,
            caption=f"Options for {condition.lower()}",
        )


def ensure_doctors(rng, count=12):
    locale = Locale.get_default()
    doctors = []
    for name in words.DOCTOR_NAMES[:count]:
        doctor, _created = Doctor.objects.get_or_create(
            name=name,
            locale=locale,
            defaults={
                "honorific": rng.choice(["Prof. Dr.", "Assoc. Prof. Dr.", "Dr."]),
                "specialty": rng.choice(words.SPECIALTIES),
            },
        )
        doctors.append(doctor)
    return doctors


def ensure_images(rng, count=4):
    """A few generated pictures (no downloads), reused across pages."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image_model = get_image_model()
    images = list(
        image_model.objects.filter(title__startswith="Generated figure")[:count]
    )
    for number in range(len(images), count):
        picture = PILImage.new("RGB", (1200, 800), (rng.randint(0, 255), 120, 140))
        ImageDraw.Draw(picture).ellipse((300, 150, 900, 650), fill=(240, 240, 240))
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        images.append(
            image_model.objects.create(
                title=f"Generated figure {number + 1}",
                file=ImageFile(buffer, name=f"generated-{number + 1}.png"),
            )
        )
    return images


def _next_paths(parent, count):
    last = parent.get_last_child()
    start = int(last.path[-TreatmentPage.steplen :], 36) + 1 if last else 1
    return [
        TreatmentPage._get_path(parent.path, parent.depth + 1, start + n)
        for n in range(count)
    ]


def generate_pages(count, seed=1, parent=None, stdout=None):
    """Create ``count`` live treatment pages under ``parent`` (by default the
    default language's treatments index)."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    parent = (
        parent or TreatmentIndexPage.objects.filter(locale=Locale.get_default()).first()
    )
    if parent is None:
        raise ValueError("There is no treatments index page; run load_demo_content.")
    # Shared doctors and images draw from their own source, so whether they
    # already exist does not change the pages a seed gives.
    assets = random.Random(0)  # noqa: S311
    doctors = ensure_doctors(assets)
    images = ensure_images(assets)
    content_type = ContentType.objects.get_for_model(TreatmentPage)
    locale_id = parent.locale_id
    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    now = timezone.now()
    backend = get_search_backend()
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        paths = _next_paths(parent, size)
        pages = []
        for path in paths:
            writer = PageWriter(rng, doctors, images)
            condition = rng.choice(words.CONDITIONS)
            therapy = rng.choice(words.THERAPIES)
            title = f"{therapy} for {condition}"
            slug = slugify(title)
            number = 2
            while slug in taken:
                slug = f"{slugify(title)}-{number}"
                number += 1
            taken.add(slug)
            reviewer = rng.choice(doctors)
            pages.append(
                TreatmentPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=path,
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    content_type=content_type,
                    locale_id=locale_id,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    latest_revision_created_at=now,
                    seo_title=f"{title} | {reviewer.full_name}"[:255],
                    search_description=writer.paragraph(condition, 1)[:255],
                    condition_name=condition,
                    summary=writer.paragraph(condition, 2),
                    body=writer.body(condition, therapy),
                    medical_reviewer=reviewer,
                    last_reviewed=(
                        now - timezone.timedelta(days=rng.randint(0, 700))
                    ).date(),
                )
            )
        with transaction.atomic():
            _bulk_insert(pages)
            Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + size)
            parent.numchild += size
        backend.add_bulk(TreatmentPage, pages)
        created += size
        if stdout:
            stdout.write(f"{created} of {count} pages")
    return created


def _bulk_insert(pages):
    """Insert multi-table pages: the base rows, then the TreatmentPage rows.

    Django's ``bulk_create`` refuses multi-table models; this does what it
    would, one table at a time, with the database assigning the base ids.
    """
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    Page.objects._insert(list(pages), fields=base_fields, returning_fields=None)
    ids = dict(
        Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk")
    )
    for page in pages:
        page.pk = page.page_ptr_id = page.id = ids[page.path]
    child_fields = TreatmentPage._meta.local_concrete_fields
    TreatmentPage.objects._insert(pages, fields=child_fields, returning_fields=None)
