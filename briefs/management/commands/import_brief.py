"""Read a brief (.docx, .md, .txt) and make a draft treatment page of it."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from wagtail.models import Locale

from briefs.builder import create_draft, match_doctors
from briefs.errors import BriefError
from briefs.importer import read_brief_file
from briefs.outline import levels_from_outline
from briefs.parsers import READERS
from briefs.targets import index_for_path, index_in_locale, locale_for_code


class Command(BaseCommand):
    help = (
        "Import a brief into a draft treatment page (never published). "
        "With --dry-run, print what was found and create nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--parent", default="/treatments/")
        parser.add_argument("--locale", default=None)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--input-format",
            choices=sorted(READERS),
            help="The brief's format, when its extension does not say.",
        )
        parser.add_argument(
            "--outline",
            help="A Markdown outline whose | # | level | heading | table gives "
            "the heading levels plain text cannot.",
        )
        parser.add_argument("--condition", default="")

    def handle(self, *args, **options):
        try:
            hints = {}
            if options["outline"]:
                hints = levels_from_outline(
                    Path(options["outline"]).read_text(encoding="utf-8")
                )
            outline = read_brief_file(
                options["path"], hints, format_name=options["input_format"]
            )
            locale = locale_for_code(
                options["locale"] or Locale.get_default().language_code
            )
            index = index_in_locale(index_for_path(options["parent"]), locale)
        except (BriefError, OSError) as error:
            raise CommandError(str(error)) from error
        match_doctors(outline, locale)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(outline.to_json(), ensure_ascii=False, indent=2)
            )
        else:
            self.write_text(outline)
        if options["dry_run"]:
            return
        page = create_draft(outline, index, condition_name=options["condition"])
        base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
        url = base + reverse("wagtailadmin_pages:edit", args=[page.pk])
        if options["format"] == "json":
            self.stderr.write(url)
        else:
            self.stdout.write(self.style.SUCCESS(f"Draft created: {url}"))

    def write_text(self, outline):
        write = self.stdout.write
        write(f"Title: {outline.title}")
        write(f"SEO title: {outline.seo_title}")
        write(f"SEO description: {outline.seo_description}")
        for paragraph in outline.summary:
            write(f"Summary: {paragraph}")
        for block in outline.blocks:
            kind = block["type"]
            if kind == "heading":
                write(f"{block['level']}: {block['text']}")
            elif kind == "paragraph":
                write(f"  paragraph: {block['text']}")
            elif kind == "table":
                write(f"  table: {len(block['rows'])} rows under {block['header']}")
            elif kind == "doctor_quote":
                match = "matched" if block.get("_doctor") else "no match"
                write(f"  quote from {block['doctor'] or '?'} ({match})")
            elif kind == "case_study":
                write(f"  case study: {block['label']}")
            elif kind == "faq":
                write(f"  FAQ: {len(block['items'])} questions")
            elif kind == "references":
                write(f"  references: {len(block['items'])}")
        for warning in outline.warnings:
            self.stderr.write(f"Warning: {warning}")
