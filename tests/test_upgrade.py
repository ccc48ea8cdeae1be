"""A site deployed at the previous release upgrades in place with nothing lost.

This release makes the site bilingual and adds patient enquiries. Its
migrations change stored content, not only add tables:

- ``treatments`` 0005 rewrites every data table, in live pages and in every
  revision, from Wagtail's ``TableBlock`` JSON to the structured block of
  ``content_blocks.tables`` (each cell a text block wagtail-localize can
  translate);
- ``clinic`` 0002 copies the disclaimer typed in the clinic settings into the
  new translatable ``ClinicText`` of the default language;
- ``seo`` 0002 adds the stored audit's tables (and grants running it again);
  ``enquiries`` 0001-0002 add the enquiries and the "Patient coordinators"
  group;
- the new libraries bring their own tables (``THIRD_PARTY_APPS_ADDED``), and
  ``wagtail.contrib.simple_translation`` is removed (``REMOVED_APPS``).

The pages' markup changes a lot on purpose (interface strings translated,
``<html dir>``, a language switcher, hreflang, the rebuilt table, an enquiry
form on treatment pages), so what must not change is what a visitor reads:
``page_content`` extracts it (headings with their level, paragraphs, list
items, table captions, headers and cells, quotations, FAQs, references, the
title, description and canonical address) and ``INTENDED_CHANGES`` lists
the deliberate exceptions. Every table cell is compared in the stored data
too, live and in the latest revision. The suite's own database is built by
this code's migrations from nothing, so it cannot show any of this; this
module runs the real upgrade:

1. The previous release (``PREVIOUS_RELEASE``, extracted with ``git archive``)
   migrates a throwaway database, loads the demo content, and
   ``tests/upgrade/before.py`` adds what a real site has (a doctor with a
   photo, revisions and log entries; an editors group with doctor
   permissions; a published edit and a draft of /doctors/; a draft of the
   seed page whose table differs from the live one; clinic settings with a
   disclaimer), records it, renders the public pages and the doctor's admin
   views, and ``export_content`` backs it up.
2. This code migrates the same database (no prompt may be needed), and
   ``tests/upgrade/after.py`` records and renders it again, and fetches what
   is new: the seed page under ``/tr/`` (the site has no Turkish version)
   and the SEO audit report. ``tests/upgrade/translate.py`` then starts a
   Turkish translation of the doctor (wagtail-localize's rows, which a site
   of the previous release cannot have), and ``export_content`` backs it up.
3. This code migrates a second, new database, restores the upgraded site's
   archive into it with ``import_content``, records, renders and exports it.

Every step runs in a subprocess with ``manage.py`` or a script, as on a
server, on the database the suite runs on: a SQLite file, or on PostgreSQL a
database of its own on the suite's server, dropped at the end. The tests
compare what the three sites recorded. The expensive part runs once for
the module (``upgraded_site``): a few minutes on either database when the
machine is shared.

It proves one upgrade: from ``PREVIOUS_RELEASE`` to this code. A later release
points ``PREVIOUS_RELEASE`` at the release before it, lists its own
``NEW_MIGRATIONS`` (and libraries, groups and permissions its migrations add),
and replaces the checks specific to this upgrade with its own, so that every
release's upgrade is proven the same way.
"""

import collections
import difflib
import importlib.util
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.upgrade.site_facts import (
    ACCENT_COLOUR,
    CLINIC_PHONE,
    DISCLAIMER,
    DOCTOR_NAME,
    DOCTOR_URL,
    DRAFT_CAPTION_SUFFIX,
    EDITOR_USERNAME,
    GROUP_NAME,
    PAGE_URLS,
    SEED_SLUG,
    SEED_URL,
    TRANSLATED_SPECIALTY,
)

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "tests" / "upgrade"
# The last commit of the previous release; the commits after it are this one's.
PREVIOUS_RELEASE = "670f9c0e4cd2f9a91599fb1ced548680886cb75c"
TIMEOUT = 300

# The migrations of our apps this release adds; the upgrade applies exactly
# these, and every migration of THIRD_PARTY_APPS_ADDED.
NEW_MIGRATIONS = {
    "clinic": ["0002_clinic_text", "0003_verbose_names"],
    "doctors": ["0002_verbose_names"],
    "enquiries": ["0001_initial", "0002_patient_coordinators", "0003_verbose_names"],
    "home": ["0009_verbose_names"],
    "seo": ["0002_stored_audit"],
    "treatments": ["0005_tables_as_structured_blocks", "0006_verbose_names"],
}
# Libraries this release installs that bring tables of their own (app label:
# what for). Their migrations are all new to an upgraded site, whatever their
# number in the pinned version. wagtail_localize.locales, wagtail_honeypot,
# phonenumber_field and django_tasks (the API) have no migrations.
THIRD_PARTY_APPS_ADDED = {
    "wagtail_localize": "the translation workflow (segments, translation sources)",
    "django_tasks_database": "the queue of background tasks (django-tasks-db)",
}
# Apps the previous release had and this one removes (app label: what becomes
# of its data). Django drops no table of an uninstalled app: the table, its
# rows in django_migrations, its content type and its permission stay, unused.
REMOVED_APPS = {
    "simple_translation": "wagtail.contrib.simple_translation, replaced by "
    "wagtail-localize; its table holds no rows",
}
REMOVED_APP_TABLES = ["simple_translation_simpletranslation"]

# Permissions that this release's migrations grant to groups of an existing
# site (group: [(app label, model, codename)]), and groups they create.
_SUBMIT_TRANSLATION = ("wagtail_localize", "translation", "submit_translation")
PERMISSIONS_GRANTED = {
    # wagtail_localize 0006 grants Wagtail's default groups "Can submit
    # translations".
    "Editors": [_SUBMIT_TRANSLATION],
    "Moderators": [_SUBMIT_TRANSLATION],
    # seo 0002: running the whole audit again from the report.
    "Site Administrators": [("seo", "pageauditresult", "run_seo_audit")],
}
NEW_GROUPS = {
    # enquiries 0002: the only editors who see patients' enquiries.
    "Patient coordinators": [
        ("enquiries", "enquiry", "change_enquiry"),
        ("enquiries", "enquiry", "delete_enquiry"),
        ("enquiries", "enquiry", "export_enquiry"),
        ("enquiries", "enquiry", "view_enquiry"),
        ("wagtailadmin", "admin", "access_admin"),
    ],
}

# Models whose rows only this release writes, in the upgraded site's backup
# (model label: why a site of the previous release gets rows of it).
NEW_ARCHIVED_ROWS = {
    "clinic.clinictext": "clinic 0002 copies the settings' disclaimer into the "
    "default language's clinic text",
    **dict.fromkeys(
        (
            "wagtail_localize.translatableobject",
            "wagtail_localize.translationsource",
            "wagtail_localize.translation",
            "wagtail_localize.overridablesegment",
            "wagtail_localize.string",
            "wagtail_localize.stringsegment",
            "wagtail_localize.translationcontext",
            "wagtail_localize.stringtranslation",
        ),
        "the doctor's translation into Turkish that tests/upgrade/translate.py "
        "starts on the upgraded site",
    ),
}

# What a visitor reads that this release changes on purpose, as (url, the
# previous release's item, this release's item, why); an item is a
# (kind, text) pair of ``page_content``. Each entry must still apply.
INTENDED_CHANGES = []

# Differences between two renderings of a page by the same code that are not
# differences: cache-busting query strings, content-hashed static file names,
# and the enquiry form's per-visitor tokens (enquiries/middleware.py).
CACHE_BUSTING = [
    (re.compile(r"\?v=[0-9a-f]+"), "?v=HASH"),
    (re.compile(r"(/static/[^\"'\s?#]+?)\.[0-9a-f]{12}(\.\w+)"), r"\1\2"),
    (
        re.compile(r'(name="(?:csrfmiddlewaretoken|form_token)" value=")[^"]*"'),
        r'\1TOKEN"',
    ),
]

# What is not content inside <main>: the enquiry form and the link to it
# (templates/enquiries/includes/), which this release adds to treatment pages.
CHROME = ["section.enquiry", ".article__ask"]
# The elements whose text a visitor reads, as (CSS selector, kind); the
# outermost one wins where they nest (a FAQ answer's paragraphs are its text).
CONTENT_ELEMENTS = [
    ("h1, h2, h3, h4, h5, h6", None),  # the kind is the heading's level
    ("p", "paragraph"),
    ("li", "list item"),
    ("caption", "table caption"),
    ("th", "table header"),
    ("td", "table cell"),
    ("blockquote", "quote"),
    ("figcaption", "figure caption"),
    ("dt", "term"),
    ("dd", "definition"),
    (".faq__item > summary", "FAQ question"),
    (".faq__answer", "FAQ answer"),
]


# --- running the code of one release ------------------------------------------


def extract_previous_release(target):
    """The previous release's files, as ``git archive`` gives them."""
    git = shutil.which("git")
    if git is None:
        pytest.fail(
            "git is needed to extract the previous release "
            f"{PREVIOUS_RELEASE}; the upgrade test cannot run without it."
        )
    result = subprocess.run(  # noqa: S603 (git, fixed arguments)
        [git, "archive", "--format=tar", PREVIOUS_RELEASE],
        cwd=ROOT,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"Cannot extract the previous release {PREVIOUS_RELEASE} with git "
            f"archive (a full clone is needed): {result.stderr.decode().strip()}"
        )
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(target, filter="data")
    return target


class Deployment:
    """One release's code running against one database and media folder.

    Each command is a new process, with the test settings (and the media
    folder) from ``tests/upgrade/upgrade_settings.py``, as a server would run
    it: nothing is shared with the pytest process.
    """

    def __init__(self, code, database_url, media_root):
        self.code = Path(code)
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "upgrade_settings",
            "UPGRADE_MEDIA_ROOT": str(media_root),
            "PYTHONDONTWRITEBYTECODE": "1",
            # The code tree first, then the helpers; never the other release.
            "PYTHONPATH": os.pathsep.join([str(self.code), str(HELPERS)]),
        }

    def start(self, *args):
        """Start ``manage.py args``; ``finish`` waits for it."""
        return subprocess.Popen(  # noqa: S603 (our own interpreter and code)
            [sys.executable, str(self.code / "manage.py"), *args],
            cwd=self.code,
            env=self.env,
            stdin=subprocess.DEVNULL,  # a prompt fails instead of waiting
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    @staticmethod
    def finish(process):
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        if process.returncode != 0:
            pytest.fail(
                f"{' '.join(process.args[1:])} failed ({process.returncode}):\n"
                f"{stdout[-3000:]}\n{stderr[-5000:]}"
            )
        return stdout

    def manage(self, *args):
        return self.finish(self.start(*args))

    def record(self, script, out):
        """Run ``tests/upgrade/<script>`` and return the facts it wrote."""
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
            [sys.executable, str(HELPERS / script), str(out)],
            cwd=self.code,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.finish(process)
        return json.loads(Path(out).read_text(encoding="utf-8"))


def stop(process):
    """End ``process`` if it still runs (a step after it has failed)."""
    if process.poll() is None:
        process.kill()
        process.communicate()


# --- throwaway databases --------------------------------------------------------


@contextmanager
def throwaway_database(directory, label):
    """A new, empty database of the suite's kind; its DATABASE_URL.

    SQLite: a file in ``directory``. PostgreSQL: a database with a unique
    name on the suite's server, dropped afterwards whatever happens.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        yield f"sqlite:///{Path(directory) / f'{label}.sqlite3'}"
        return
    if connection.vendor != "postgresql":
        pytest.fail(f"The upgrade test does not know {connection.vendor}.")

    import psycopg

    config = connection.settings_dict
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    name = f"upgrade_{os.getpid()}_{secrets.token_hex(4)}_{label}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = quote(server["user"] or "", safe="")
        if server["password"]:
            credentials += ":" + quote(server["password"], safe="")
        yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the upgrade, once for the module ---------------------------------------------


@pytest.fixture(scope="module")
def upgraded_site():
    """Deploy the previous release, upgrade it in place, restore its backup.

    Returns what each step recorded (``before``, ``after``, ``restored``, and
    the translation ``translate.py`` started),
    the three archives' manifests and rows, and the output of the upgrade's
    ``migrate`` and of the restore's ``import_content``. The temporary
    folder and the databases are deleted after the module's tests.
    """
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="upg-")))
        site_db = stack.enter_context(throwaway_database(work, "site"))
        restore_db = stack.enter_context(throwaway_database(work, "restore"))
        old_code = extract_previous_release(work / "previous-release")
        old = Deployment(old_code, site_db, work / "media")
        new = Deployment(ROOT, site_db, work / "media")
        # A new server for the restore: its own database and media folder.
        restore = Deployment(ROOT, restore_db, work / "restored-media")

        # The restore's database is migrated while the old release works
        # (stopped first, before its database goes, if a step fails).
        restore_migrate = restore.start("migrate", "--noinput")
        stack.callback(stop, restore_migrate)

        old.manage("migrate", "--noinput")
        old.manage("load_demo_content")
        before = old.record("before.py", work / "before.json")
        old.manage("export_content", str(work / "before.zip"))

        migrate_output = new.manage("migrate", "--noinput")
        after = new.record("after.py", work / "after.json")
        translation = new.record("translate.py", work / "translated.json")
        new.manage("export_content", str(work / "after.zip"))

        restore.finish(restore_migrate)
        import_output = restore.manage("import_content", str(work / "after.zip"))
        restored = restore.record("after.py", work / "restored.json")
        restore.manage("export_content", str(work / "restored.zip"))

        yield {
            "before": before,
            "after": after,
            "restored": restored,
            "translation": translation,
            "migrate_output": migrate_output,
            "import_output": import_output,
            "archives": {
                name: read_archive(work / f"{name}.zip")
                for name in ("before", "after", "restored")
            },
        }


# --- comparing -------------------------------------------------------------------


def normalised(html):
    for pattern, replacement in CACHE_BUSTING:
        html = pattern.sub(replacement, html)
    return html


def assert_same_page(url, expected, actual):
    expected, actual = normalised(expected), normalised(actual)
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{url} before",
                tofile=f"{url} after",
            )
        )
        pytest.fail(f"{url} renders differently:\n{diff}")


def _text(element):
    """The text a visitor reads in ``element``: line breaks as spaces,
    whitespace collapsed."""
    for br in element.find_all("br"):
        br.replace_with("\n")
    return " ".join(element.get_text().split())


def page_content(html):
    """What a visitor reads on a page, in order, as (kind, text) pairs.

    The head's title, meta description and canonical address, then every
    heading (with its level), paragraph, list item, table caption, header and
    cell, quotation, FAQ question and answer in ``<main>``, leaving out
    ``CHROME``. Markup, attributes and the interface around ``<main>`` (the
    header, the language switcher, the footer) are not content.
    """
    soup = BeautifulSoup(html, "html.parser")
    description = soup.find("meta", attrs={"name": "description"})
    canonical = soup.find("link", rel="canonical")
    content = [
        ("title", _text(soup.title) if soup.title else None),
        ("meta description", description.get("content") if description else None),
        ("canonical", canonical.get("href") if canonical else None),
    ]
    main = soup.find("main")
    assert main is not None, "the page has no <main>"
    for selector in CHROME:
        for element in main.select(selector):
            element.decompose()
    kinds = {}
    for selector, kind in CONTENT_ELEMENTS:
        for element in main.select(selector):
            kinds[id(element)] = kind or f"heading {element.name[1]}"
    for element in main.find_all(True):
        if id(element) not in kinds:
            continue
        if any(id(parent) in kinds for parent in element.parents):
            continue
        content.append((kinds[id(element)], _text(element)))
    return content


def sitemap_entries(xml):
    """The sitemap's (address, last modified) pairs."""
    entries = []
    for url in re.findall(r"<url>(.*?)</url>", xml, re.S):
        lastmod = re.search(r"<lastmod>(.*?)</lastmod>", url, re.S)
        entries.append(
            (
                re.search(r"<loc>(.*?)</loc>", url, re.S).group(1).strip(),
                lastmod.group(1).strip() if lastmod else None,
            )
        )
    return sorted(entries)


def with_intended_changes(url, content):
    """The previous release's content of ``url``, with this release's
    intended changes; fails when one no longer applies."""
    content = list(content)
    for page_url, old, new, why in INTENDED_CHANGES:
        if page_url != url:
            continue
        assert old in content, f"{url}: no longer applies: {why}"
        content[content.index(old)] = new
    return content


def assert_same_content(url, expected, actual):
    if expected != actual:
        diff = "\n".join(
            difflib.unified_diff(
                [f"{kind}: {text}" for kind, text in expected],
                [f"{kind}: {text}" for kind, text in actual],
                fromfile=f"{url} before",
                tofile=f"{url} after",
                lineterm="",
            )
        )
        pytest.fail(f"A visitor reads something else on {url}:\n{diff}")


def _cell(value):
    return "" if value is None else str(value)


def _items(values):
    """A ListBlock's stored values: items with ids (``{"type": "item",
    "value": ..., "id": ...}``), or a plain list as older data has it."""
    return [
        item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
        for item in values or []
    ]


def table_cells(value):
    """A data table's caption, header row, rows of cells and row headers, as
    text, from either shape it is stored in: the previous release's
    ``TableBlock`` (``{"data": [[...]], "table_caption": ...}``, whose first
    row it always rendered as column headers) or this release's structured
    block (``content_blocks.tables.DataTableBlock``)."""
    if "data" in value:
        data = [[_cell(cell) for cell in row or []] for row in value["data"] or []]
        return {
            "caption": _cell(value.get("table_caption")),
            "header": data[0] if data else [],
            "rows": data[1:],
            "first_col_is_header": bool(value.get("first_col_is_header")),
        }
    return {
        "caption": _cell(value.get("caption")),
        "header": [_cell(cell) for cell in _items(value["header"])],
        "rows": [
            [_cell(cell) for cell in _items(row["cells"])]
            for row in _items(value["rows"])
        ],
        "first_col_is_header": bool(value.get("first_col_is_header")),
    }


def stream(body):
    """A StreamField's stored list, from JSON text or a list."""
    return json.loads(body) if isinstance(body, str) else body or []


def comparable_body(body):
    """A stored body with each data table as its cells (``table_cells``), so
    that the two releases' stored bodies compare; other blocks as stored."""
    return [
        {**block, "value": table_cells(block["value"])}
        if block.get("type") == "table"
        else block
        for block in stream(body)
    ]


def tables_of(body):
    return [block["value"] for block in stream(body) if block.get("type") == "table"]


def comparable_revision(row):
    """A revision with its body's tables as cells (a treatment page's)."""
    content = row["content"]
    if row["content_type"] == ["treatments", "treatmentpage"] and "body" in content:
        content = {**content, "body": comparable_body(content["body"])}
    return {**row, "content": content}


def read_archive(path):
    """An archive's manifest and its data rows, keyed by (model, pk)."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        lines = archive.read("data.jsonl").decode("utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line]
    keyed = {(row["model"], json.dumps(row["pk"])): row for row in rows}
    assert len(keyed) == len(rows), f"{path.name} repeats a row"
    return {"manifest": manifest, "rows": keyed}


def comparable_row(row):
    """An archived row with the data tables of a treatment page, or of a
    treatment page's revision, as their cells."""
    fields = row["fields"]
    if row["model"] == "treatments.treatmentpage":
        fields = {**fields, "body": comparable_body(fields["body"])}
    if row["model"] == "wagtailcore.revision" and "body" in fields["content"]:
        fields = {
            **fields,
            "content": {
                **fields["content"],
                "body": comparable_body(fields["content"]["body"]),
            },
        }
    return {**row, "fields": fields}


def with_database_ids_as_keys(archive):
    """The rows with the ids that differ between databases (and that
    import_content translates) replaced by what they stand for: content type
    ids in revision JSON and as the key of a workflow's content types, locale
    and user ids in revision JSON."""
    manifest = archive["manifest"]
    content_types = manifest["content_types"]
    users = {user["pk"]: user["natural_key"] for user in manifest["users"]}
    locales = {
        row["pk"]: row["fields"]["language_code"]
        for (model, _pk), row in archive["rows"].items()
        if model == "wagtailcore.locale"
    }
    ids = {
        "content_type": lambda pk: content_types[str(pk)],
        "locale": locales.get,
        "owner": users.get,
        "locked_by": users.get,
    }
    translated = {}
    for (model, _pk), row in archive["rows"].items():
        row = json.loads(json.dumps(row))
        if model == "wagtailcore.workflowcontenttype":
            row["pk"] = content_types[str(row["pk"])]
        if model == "wagtailcore.revision":
            content = row["fields"]["content"]
            for key, lookup in ids.items():
                if isinstance(content.get(key), int):
                    content[key] = lookup(content[key])
        translated[(model, json.dumps(row["pk"]))] = row
    return translated


def people(manifest):
    """The manifest's users and groups, with groups named rather than
    numbered (an import matches them by name; their ids may differ)."""
    names = {group["pk"]: group["name"] for group in manifest["groups"]}
    return {
        "groups": {group["name"]: group["permissions"] for group in manifest["groups"]},
        "users": [
            {
                **{key: value for key, value in user.items() if key != "pk"},
                "groups": sorted(names[pk] for pk in user["groups"]),
            }
            for user in manifest["users"]
        ],
    }


def third_party_migrations():
    """Every migration of ``THIRD_PARTY_APPS_ADDED`` in this code's packages,
    read from the files (wagtail_localize's first migration queries the
    database when imported, so Django's loader is not used here)."""
    from django.db.migrations.loader import MigrationLoader

    found = {}
    for app_label in THIRD_PARTY_APPS_ADDED:
        module, _explicit = MigrationLoader.migrations_module(app_label)
        folder = Path(importlib.util.find_spec(module).submodule_search_locations[0])
        found[app_label] = sorted(
            path.stem for path in folder.glob("*.py") if re.match(r"\d{4}_", path.name)
        )
    return found


def added_migrations(before, after):
    """The migrations recorded in ``after`` and not in ``before``, by app."""
    added = {
        app_label: sorted(set(names) - set(before.get(app_label, [])))
        for app_label, names in after.items()
    }
    return {app: names for app, names in added.items() if names}


def archived_app_labels():
    from backups.archive.scope import archived_models

    return {model._meta.app_label for model in archived_models()}


# --- the tests -------------------------------------------------------------------


def test_the_upgrade_applies_the_new_migrations_without_questions(upgraded_site):
    output = upgraded_site["migrate_output"]
    third_party = third_party_migrations()
    for app_label, names in third_party.items():
        assert names, f"{app_label} has no migrations: not a table-owning app"
    expected = {**NEW_MIGRATIONS, **third_party}
    applied = {}
    for app_label, name in re.findall(r"Applying (\w+)\.(\w+)\.\.\. OK", output):
        applied.setdefault(app_label, []).append(name)
    assert {app: sorted(names) for app, names in applied.items()} == expected
    assert output.count("Applying ") == sum(len(n) for n in expected.values())
    # The database's record agrees, and the libraries are new to the site.
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert added_migrations(before["migrations"], after["migrations"]) == expected
    assert not set(THIRD_PARTY_APPS_ADDED) & set(before["migrations"])
    # So does the backup's manifest, which lists the archived apps' only.
    archives = upgraded_site["archives"]
    assert added_migrations(
        archives["before"]["manifest"]["migrations"],
        archives["after"]["manifest"]["migrations"],
    ) == {app: names for app, names in expected.items() if app in archived_app_labels()}
    # Django warns here when the models and the migrations disagree.
    assert "not yet reflected in a migration" not in output


def test_a_removed_apps_table_stays_unused(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    # Its migrations stay recorded as applied.
    for app_label in REMOVED_APPS:
        assert after["migrations"][app_label] == before["migrations"][app_label]
    for table in REMOVED_APP_TABLES:
        assert table in before["tables"]
        assert table in after["tables"], f"{table} was dropped"
    # Its content type and permission stay; no group holds the permission.
    removed = [ct for ct in after["content_types"] if ct[1] in REMOVED_APPS]
    assert removed
    assert removed == [ct for ct in before["content_types"] if ct[1] in REMOVED_APPS]
    for permissions in after["groups"].values():
        assert not [p for p in permissions if p[0] in REMOVED_APPS]


def test_visitors_read_the_same_content(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert list(before["pages"]) == list(after["pages"]) == PAGE_URLS
    profile = before["pages"][DOCTOR_URL]
    assert DOCTOR_NAME in profile
    assert "/media/images/ayse-yilmaz." in after["pages"][DOCTOR_URL]  # the photo
    assert CLINIC_PHONE in after["pages"][SEED_URL]
    for url in PAGE_URLS:
        if url in ("/theme.css", "/sitemap.xml"):
            continue
        old = page_content(before["pages"][url])
        assert_same_content(
            url, with_intended_changes(url, old), page_content(after["pages"][url])
        )
    seed = page_content(after["pages"][SEED_URL])
    kinds = {kind for kind, _text in seed}
    # The seed page shows every kind of content this test reads.
    for kind in (
        "heading 1",
        "heading 2",
        "paragraph",
        "list item",
        "table caption",
        "table header",
        "table cell",
        "FAQ question",
        "FAQ answer",
    ):
        assert kind in kinds, kind
    # The clinic's disclaimer, read from the new clinic text.
    assert any(text.startswith("This page informs;") for _kind, text in seed)


def test_the_enquiry_form_is_new_chrome_on_treatment_pages(upgraded_site):
    """The enquiry form and its link are left out of the comparison above;
    they must be what is left out (a selector that matches nothing would
    hide nothing, and a form that is not there needs no leaving out)."""
    before, after = upgraded_site["before"], upgraded_site["after"]
    old = BeautifulSoup(before["pages"][SEED_URL], "html.parser").find("main")
    new = BeautifulSoup(after["pages"][SEED_URL], "html.parser").find("main")
    for selector in CHROME:
        assert not old.select(selector), selector
        assert new.select(selector), selector
    assert new.select_one("section.enquiry form[method=post]")


def test_the_theme_and_the_sitemap_are_unchanged(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert f"--accent: {ACCENT_COLOUR};" in before["pages"]["/theme.css"]
    assert_same_page(
        "/theme.css", before["pages"]["/theme.css"], after["pages"]["/theme.css"]
    )
    entries = sitemap_entries(before["pages"]["/sitemap.xml"])
    assert any(loc.endswith(DOCTOR_URL) for loc, _lastmod in entries)
    assert any(loc.endswith(SEED_URL) for loc, _lastmod in entries)
    assert sitemap_entries(after["pages"]["/sitemap.xml"]) == entries


def test_the_seed_pages_data_table_keeps_every_cell(upgraded_site):
    before = upgraded_site["before"]["treatment_bodies"][SEED_SLUG]
    after = upgraded_site["after"]["treatment_bodies"][SEED_SLUG]
    assert after["pk"] == before["pk"]
    assert after["has_unpublished_changes"] and before["has_unpublished_changes"]
    assert after["latest_revision_id"] == before["latest_revision_id"]
    assert after["latest_revision_id"] != after["live_revision_id"]
    for version in ("live", "latest_revision"):
        old_tables, new_tables = tables_of(before[version]), tables_of(after[version])
        assert len(new_tables) == len(old_tables) >= 1, version
        for old, new in zip(old_tables, new_tables, strict=True):
            # The previous release's TableBlock value ...
            assert {"data", "table_caption", "first_row_is_table_header"} <= set(old)
            # ... is now the structured block's, with ids on its list items.
            assert set(new) == {"caption", "header", "rows", "first_col_is_header"}
            for item in [*new["header"], *new["rows"]]:
                assert item["type"] == "item" and item["id"], item
            old_cells, new_cells = table_cells(old), table_cells(new)
            assert old_cells["caption"] and old_cells["header"], version
            assert old_cells["rows"] and all(old_cells["rows"]), version
            assert new_cells["caption"] == old_cells["caption"], version
            assert new_cells["header"] == old_cells["header"], version
            for number, (old_row, new_row) in enumerate(
                zip(old_cells["rows"], new_cells["rows"], strict=True), start=1
            ):
                assert new_row == old_row, f"{version}: row {number}"
            assert new_cells == old_cells, version
    # The draft's table is converted on its own, not copied from the live one.
    live, draft = (
        table_cells(tables_of(after[version])[0])
        for version in ("live", "latest_revision")
    )
    assert draft["caption"] == live["caption"] + DRAFT_CAPTION_SUFFIX
    # Every other block of the body is stored as it was.
    for version in ("live", "latest_revision"):
        assert comparable_body(after[version]) == comparable_body(before[version])


def test_every_treatment_page_keeps_its_body(upgraded_site):
    before = upgraded_site["before"]["treatment_bodies"]
    after = upgraded_site["after"]["treatment_bodies"]
    assert list(after) == list(before)
    for path, old in before.items():
        new = after[path]
        for version in ("live", "latest_revision"):
            assert comparable_body(new[version]) == comparable_body(old[version]), (
                f"{path} {version}"
            )
            assert not [t for t in tables_of(new[version]) if "data" in t], path


def test_the_revisions_and_history_are_kept(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert len(before["doctor_revisions"]) == 2
    assert after["doctor_revisions"] == before["doctor_revisions"]
    # Every revision, with its id, content type and content (a treatment
    # page's tables compared cell by cell), and every log entry.
    assert [comparable_revision(r) for r in after["revisions"]] == [
        comparable_revision(r) for r in before["revisions"]
    ]
    assert after["log_entries"] == before["log_entries"]
    assert after["reference_index"] == before["reference_index"]
    assert after["doctor"] == before["doctor"]
    # Nothing that existed is renumbered.
    assert set(map(tuple, before["content_types"])) <= set(
        map(tuple, after["content_types"])
    )
    assert set(map(tuple, before["permissions"])) <= set(
        map(tuple, after["permissions"])
    )

    # The /doctors/ page's draft still opens as a draft.
    assert before["doctor_index"]["draft_model"] == "doctors.doctorindexpage"
    assert after["doctor_index"] == before["doctor_index"]
    assert after["doctor_index"]["has_unpublished_changes"]
    assert after["doctor_index"]["draft_intro"] != after["doctor_index"]["live_intro"]
    for key in ("pages", "revisions", "log_entries", "reference_index"):
        assert after["counts"][key] == before["counts"][key], key


def test_the_editors_group_keeps_its_permissions(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert before["groups"][GROUP_NAME] == [
        ["doctors", "doctor", "change_doctor"],
        ["doctors", "doctor", "view_doctor"],
        ["wagtailadmin", "admin", "access_admin"],
    ]
    # Every group keeps what it had, and gains only what a new migration grants.
    assert set(after["groups"]) == set(before["groups"]) | set(NEW_GROUPS)
    for name, permissions in before["groups"].items():
        granted = [list(p) for p in PERMISSIONS_GRANTED.get(name, [])]
        assert after["groups"][name] == sorted(permissions + granted), name
        assert not [p for p in granted if p in permissions], name
    for name, permissions in NEW_GROUPS.items():
        assert after["groups"][name] == sorted(list(p) for p in permissions), name
    assert after["groups"][GROUP_NAME] == before["groups"][GROUP_NAME]
    assert before["editor_can_change_doctor"]
    assert after["editor_can_change_doctor"]


def test_the_editor_still_edits_the_doctor_in_the_admin(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert before["admin"]["edit_status"] == after["admin"]["edit_status"] == 200
    assert ["name", DOCTOR_NAME] in after["admin"]["edit_fields"]
    assert after["admin"]["edit_fields"] == before["admin"]["edit_fields"]
    # The history: the creation and the two edits, by the same editor.
    assert before["admin"]["history_status"] == after["admin"]["history_status"]
    assert after["admin"]["history_status"] == 200
    rows = after["admin"]["history_rows"]
    assert [row.split()[:2] for row in rows[1:]] == [
        ["Edited", "Deniz"],
        ["Edited", "Deniz"],
        ["Created", "Deniz"],
    ]
    assert rows == before["admin"]["history_rows"]
    # The search index still finds the doctor in the admin's listing.
    assert before["admin"]["search_status"] == after["admin"]["search_status"] == 200
    assert before["admin"]["search_finds_doctor"]
    assert after["admin"]["search_finds_doctor"]


def test_the_clinic_settings_are_unchanged(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    fields = before["clinic_settings"][0]["fields"]
    assert (fields["phone"], fields["accent_colour"], fields["medical_disclaimer"]) == (
        CLINIC_PHONE,
        ACCENT_COLOUR,
        DISCLAIMER,
    )
    assert after["clinic_settings"] == before["clinic_settings"]


def test_the_clinics_visitor_text_becomes_translatable(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert before["clinic_texts"] is None  # no such model before
    assert "clinic_clinictext" not in before["tables"]
    settings = before["clinic_settings"][0]["fields"]
    # One clinic text, in the default language, with every text it shares
    # with the settings copied whole (rich text, Turkish letters and all).
    assert [text["fields"]["locale"] for text in after["clinic_texts"]] == ["en"]
    text = after["clinic_texts"][0]["fields"]
    shared = set(text) & set(settings)
    assert "medical_disclaimer" in shared
    for name in shared:
        assert text[name] == settings[name], name
    assert text["medical_disclaimer"] == DISCLAIMER
    # A visitor reads it at the end of the treatment page, as before.
    assert "T.C. Sağlık Bakanlığı" in after["pages"][SEED_URL]


def test_the_stored_audit_answers_after_the_upgrade(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    for table in ("seo_pageauditresult", "seo_siteauditresult"):
        assert table not in before["tables"]
        assert table in after["tables"]
    report = after["seo_report"]
    assert report["status"] == 200, report["body"][-2000:]
    # Every live page is listed, audited or not yet.
    assert SEED_URL in report["body"]


def test_the_seed_page_is_not_served_as_turkish(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert after["pages_by_locale"].get("tr", 0) == 0
    assert before["pages_by_locale"] == after["pages_by_locale"]
    assert after["turkish_seed"] == {"status": 302, "location": SEED_URL}


def test_the_backup_holds_the_same_content(upgraded_site):
    before = upgraded_site["archives"]["before"]
    after = upgraded_site["archives"]["after"]
    assert ("doctors.doctor", "2") in before["rows"]
    added = {
        key: row for key, row in after["rows"].items() if key not in before["rows"]
    }
    assert set(before["rows"]) <= set(after["rows"])
    assert {model for model, _pk in added} == set(NEW_ARCHIVED_ROWS)
    assert {
        key: comparable_row(row)
        for key, row in after["rows"].items()
        if key in before["rows"]
    } == {key: comparable_row(row) for key, row in before["rows"].items()}
    # The upgraded tables are in the archive as the new block.
    seed_pk = upgraded_site["after"]["treatment_bodies"][SEED_SLUG]["pk"]
    seed = after["rows"][("treatments.treatmentpage", json.dumps(seed_pk))]
    old_seed = before["rows"][("treatments.treatmentpage", json.dumps(seed_pk))]
    assert [set(table) for table in tables_of(seed["fields"]["body"])] == [
        {"caption", "header", "rows", "first_col_is_header"}
    ]
    assert [table_cells(t) for t in tables_of(seed["fields"]["body"])] == [
        table_cells(t) for t in tables_of(old_seed["fields"]["body"])
    ]

    old, new = before["manifest"], after["manifest"]
    for key in ("format", "version", "users", "files", "missing_files"):
        assert new[key] == old[key], key
    assert new["files"]  # the doctor's photo
    for pk, key in old["content_types"].items():
        assert new["content_types"].get(pk, key) == key
    # The same groups (those that users or content name), each with the
    # permissions it had and those this release's migrations grant it.
    assert [(g["pk"], g["name"]) for g in new["groups"]] == [
        (g["pk"], g["name"]) for g in old["groups"]
    ]
    for old_group, new_group in zip(old["groups"], new["groups"], strict=True):
        granted = [
            [codename, app_label, model]
            for app_label, model, codename in PERMISSIONS_GRANTED.get(
                old_group["name"], []
            )
        ]
        assert sorted(new_group["permissions"]) == sorted(
            old_group["permissions"] + granted
        ), old_group["name"]
    added_counts = collections.Counter(model for model, _pk in added)
    assert set(old["counts"]) <= set(new["counts"])
    assert new["counts"] == {
        label: old["counts"].get(label, 0) + added_counts[label]
        for label in new["counts"]
    }
    assert new["counts"]["clinic.clinictext"] == 1
    assert new["data"]["objects"] == old["data"]["objects"] + len(added)
    for app_label, names in old["migrations"].items():
        if app_label not in REMOVED_APPS:
            assert set(names) <= set(new["migrations"][app_label]), app_label


def test_the_upgraded_sites_backup_restores_into_a_new_database(upgraded_site):
    counts = upgraded_site["after"]["counts"]
    assert (
        f"Restored {counts['pages']} pages, {counts['revisions']} revisions, "
        "1 images" in upgraded_site["import_output"]
    )
    after = upgraded_site["archives"]["after"]
    restored = upgraded_site["archives"]["restored"]
    assert with_database_ids_as_keys(restored) == with_database_ids_as_keys(after)
    for label in NEW_ARCHIVED_ROWS:
        assert any(model == label for model, _pk in restored["rows"]), label
    assert [
        row["fields"]["data"]
        for (model, _pk), row in restored["rows"].items()
        if model == "wagtail_localize.stringtranslation"
    ] == [TRANSLATED_SPECIALTY]
    source = json.dumps(upgraded_site["translation"]["source"])
    assert ("wagtail_localize.translationsource", source) in restored["rows"]
    for key in ("files", "counts", "missing_files"):
        assert restored["manifest"][key] == after["manifest"][key], key
    assert people(restored["manifest"]) == people(after["manifest"])

    upgraded, new = upgraded_site["after"], upgraded_site["restored"]
    for url in PAGE_URLS:
        assert_same_page(url, upgraded["pages"][url], new["pages"][url])
    assert new["treatment_bodies"] == upgraded["treatment_bodies"]
    assert new["clinic_texts"] == upgraded["clinic_texts"]
    assert new["seo_report"]["status"] == 200
    assert new["turkish_seed"] == upgraded["turkish_seed"]
    assert new["admin"]["edit_status"] == new["admin"]["history_status"] == 200
    assert new["admin"]["edit_fields"] == upgraded["admin"]["edit_fields"]
    assert new["admin"]["history_rows"] == upgraded["admin"]["history_rows"]
    assert new["admin"]["search_finds_doctor"]
    assert new["groups"][GROUP_NAME] == upgraded["groups"][GROUP_NAME]
    assert new["editor_can_change_doctor"]
    assert new["clinic_settings"] == upgraded["clinic_settings"]
    for key in ("pages", "revisions", "log_entries", "reference_index"):
        assert new["counts"][key] == upgraded["counts"][key], key
    assert EDITOR_USERNAME in upgraded_site["import_output"]
