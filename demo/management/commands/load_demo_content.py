"""Load the seed treatment page and the pages around it (idempotent)."""

import os

from django.core.management.base import BaseCommand, CommandError

from demo.build import build_demo_site
from demo.seed import SEED_FILE, load_seed
from demo.translate import MissingDemoTranslation
from enquiries.demo import ensure_enquiry_demo
from seo.signals import reaudit_once


class Command(BaseCommand):
    help = (
        "Create the home page, /treatments/ and the seed treatment page, and "
        "their Turkish translations. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hostname",
            default=os.environ.get("DEMO_SITE_HOSTNAME", "127.0.0.1"),
            help="The default Site's hostname (env DEMO_SITE_HOSTNAME).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("DEMO_SITE_PORT", "8000")),
            help="The default Site's port (env DEMO_SITE_PORT).",
        )
        parser.add_argument("--seed-file", default=str(SEED_FILE))

    def handle(self, *args, hostname, port, seed_file, **options):
        try:
            seed = load_seed(seed_file)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the seed page: {error}") from error
        # One re-audit of every page published here, not one per publish.
        with reaudit_once():
            try:
                pages = build_demo_site(seed, hostname=hostname, port=port)
            except MissingDemoTranslation as error:
                raise CommandError(str(error)) from error
            ensure_enquiry_demo(pages["site"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready: {pages['treatment'].full_url}")
        )
        translated = pages["translations"].get("treatment")
        if translated is not None:
            self.stdout.write(self.style.SUCCESS(f"In Turkish: {translated.full_url}"))
