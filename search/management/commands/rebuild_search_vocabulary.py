"""Rebuild the "Did you mean" vocabulary from every live page."""

from django.core.management.base import BaseCommand

from search.vocabulary import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the vocabulary behind the search's spelling suggestions from "
        "every live page. Publishing keeps it up to date; run this after "
        "loading pages in bulk (generate_pages) or restoring a database."
    )

    def handle(self, *args, **options):
        pages = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Vocabulary rebuilt from {pages} pages."))
