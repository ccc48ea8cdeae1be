"""Write the site's content, with its history and media, to one zip file."""

from django.core.management.base import BaseCommand, CommandError

from backups.archive import ArchiveError, export_archive


class Command(BaseCommand):
    help = (
        "Write pages (with every revision), snippets, settings, sites, "
        "redirects, collections, images and documents (with their files) to "
        "PATH, a .zip file that import_content restores. PATH is replaced only "
        "once the new archive is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive (*.zip).")

    def handle(self, *args, path, **options):
        try:
            report = export_archive(path)
        except (ArchiveError, OSError) as error:
            raise CommandError(f"Export failed: {error}") from error
        for missing in report.missing_files:
            self.stderr.write(
                self.style.WARNING(
                    f"{missing['model']} {missing['pk']}: its file "
                    f"{missing['name']} is missing from storage and is not in "
                    "the archive."
                )
            )
        counts = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {report.path} ({report.size / 1_000_000:.1f} MB): "
                f"{counts.get('wagtailcore.page', 0)} pages, "
                f"{counts.get('wagtailcore.revision', 0)} revisions, "
                f"{counts.get('wagtailimages.image', 0)} images, "
                f"{counts.get('wagtaildocs.document', 0)} documents, "
                f"{report.files} media files."
            )
        )
