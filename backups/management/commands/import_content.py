"""Restore a content archive written by export_content."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from backups.archive import ArchiveError, import_archive
from backups.archive.reader import describe
from backups.bulk_load import tidy_after_bulk_load


class Command(BaseCommand):
    help = (
        "Restore PATH (written by export_content) into this database, which "
        "must have been migrated to the same schema and hold no content yet. "
        "All or nothing: on any error nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to restore (*.zip).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the content this database holds and load the archive's.",
        )

    def handle(self, *args, path, replace, verbosity, **options):
        try:
            report = import_archive(path, replace=replace, verbosity=verbosity)
        except ArchiveError as error:
            raise CommandError(f"Import failed: {error}") from error
        tidy_after_bulk_load(connection)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if replace and report.deleted:
            self.stdout.write(
                f"Deleted the previous content: {describe(report.deleted)}."
            )
        if report.users_created:
            self.stdout.write(
                "Created these users without a password (content refers to "
                f"them): {', '.join(report.users_created)}. Set a password with "
                "manage.py changepassword to let one sign in."
            )
        counts = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {counts.get('wagtailcore.page', 0)} pages, "
                f"{counts.get('wagtailcore.revision', 0)} revisions, "
                f"{counts.get('wagtailimages.image', 0)} images and "
                f"{counts.get('wagtaildocs.document', 0)} documents "
                f"({report.files_written} files written, {report.files_reused} "
                "already in storage); the search and reference indexes are rebuilt."
            )
        )
