"""A site deployed at the previous release upgrades in place with nothing lost.

The refactor moved ``ClinicSettings`` from ``home`` to ``clinic`` and
``Doctor`` and ``DoctorIndexPage`` to ``doctors``, keeping their tables, and
``home`` 0008 renames their content types in place. Everything that refers to
a content type by id (revisions, log entries, pages, permissions, the
reference index) must keep its meaning, and nothing a visitor or an editor
sees may change. The suite's own database is built by this code's migrations
from nothing, so it cannot show that; this module runs the real upgrade:

1. The previous release (``PREVIOUS_RELEASE``, extracted with ``git archive``)
   migrates a throwaway database, loads the demo content, and
   ``tests/upgrade/before.py`` adds what a real site has (a doctor with a
   photo, revisions and log entries; an editors group with doctor
   permissions; a published edit and a draft of /doctors/; clinic settings),
   records it, renders the public pages and the doctor's admin views, and
   ``export_content`` backs it up.
2. This code migrates the same database (no prompt may be needed), and
   ``tests/upgrade/after.py`` records, renders and exports it again.
3. This code migrates a second, new database, restores the upgraded site's
   archive into it with ``import_content``, records, renders and exports it.

Every step runs in a subprocess with ``manage.py`` or a script, as on a
server, on the database the suite runs on: a SQLite file, or on PostgreSQL a
database of its own on the suite's server, dropped at the end. The tests
compare what the three sites recorded. The expensive part runs once for
the module (``upgraded_site``): about 30 seconds on either database.

It proves one upgrade: from ``PREVIOUS_RELEASE`` to this code. A later release
that adds migrations or changes what pages show points ``PREVIOUS_RELEASE``
at the release before it and lists its own ``NEW_MIGRATIONS``, so that every
release's upgrade is proven the same way.
"""

import difflib
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

from tests.upgrade.site_facts import (
    ACCENT_COLOUR,
    CLINIC_PHONE,
    DOCTOR_NAME,
    DOCTOR_URL,
    EDITOR_USERNAME,
    GROUP_NAME,
    PAGE_URLS,
    SEED_URL,
)

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "tests" / "upgrade"
PREVIOUS_RELEASE = "2cc3298c01ed1821a5ee0b31b547e4d6a26a87ed"
TIMEOUT = 300

# Old content type (app label, model) -> new app label.
MOVED_MODELS = {
    ("home", "clinicsettings"): "clinic",
    ("home", "doctor"): "doctors",
    ("home", "doctorindexpage"): "doctors",
}
# The migrations this release adds; the upgrade applies exactly these.
NEW_MIGRATIONS = {
    "clinic": ["0001_moved_from_home"],
    "doctors": ["0001_moved_from_home"],
    "home": ["0008_clinic_and_doctors_moved_out"],
    "treatments": [
        "0003_reviewer_and_quotes_from_doctors_app",
        "0004_reindex_body_as_sentences",
    ],
}
# What this release changes on purpose in the pages the previous one rendered,
# as (old text, new text, why). Every other byte must be the same; each entry
# must still apply (a change undone or reworded fails the test).
INTENDED_CHANGES = [
    (
        '<form class="site-search" role="search" action=',
        '<form class="site-search" role="search" aria-label="Site search" action=',
        "the header's search landmark is named, apart from the search page's "
        "own (axe landmark-unique, issue 16)",
    ),
]

# The only differences allowed between two renderings of a page: cache-busting
# query strings and content-hashed static file names.
CACHE_BUSTING = [
    (re.compile(r"\?v=[0-9a-f]+"), "?v=HASH"),
    (re.compile(r"(/static/[^\"'\s?#]+?)\.[0-9a-f]{12}(\.\w+)"), r"\1\2"),
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

    Returns what each step recorded (``before``, ``after``, ``restored``),
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
        new.manage("export_content", str(work / "after.zip"))

        restore.finish(restore_migrate)
        import_output = restore.manage("import_content", str(work / "after.zip"))
        restored = restore.record("after.py", work / "restored.json")
        restore.manage("export_content", str(work / "restored.zip"))

        yield {
            "before": before,
            "after": after,
            "restored": restored,
            "migrate_output": migrate_output,
            "import_output": import_output,
            "archives": {
                name: read_archive(work / f"{name}.zip")
                for name in ("before", "after", "restored")
            },
        }


# --- comparing -------------------------------------------------------------------


def new_label(app_label, model):
    return MOVED_MODELS.get((app_label, model), app_label)


def relabel_content_type(key):
    """``["home", "doctor"]`` -> ``["doctors", "doctor"]``; others unchanged."""
    app_label, model = key
    return [new_label(app_label, model), model]


def relabel_model(label):
    """``"home.doctor"`` -> ``"doctors.doctor"``; others unchanged."""
    app_label, model = label.split(".")
    return f"{new_label(app_label, model)}.{model}"


def relabel_natural_key(value):
    """A content type's (app label, model) or a permission's (codename, app
    label, model) natural key under the new labels; other values unchanged."""
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        if len(value) == 2:
            return relabel_content_type(value)
        if len(value) == 3:
            return [value[0], *relabel_content_type(value[1:])]
    if isinstance(value, list) and value and isinstance(value[0], list):
        return [relabel_natural_key(item) for item in value]
    return value


def relabel_revision(row):
    return {**row, "content_type": relabel_content_type(row["content_type"])}


def normalised(html):
    for pattern, replacement in CACHE_BUSTING:
        html = pattern.sub(replacement, html)
    return html


def with_intended_changes(html):
    """The previous release's page, with this release's intended changes."""
    for old, new, _why in INTENDED_CHANGES:
        html = html.replace(old, new)
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


def read_archive(path):
    """An archive's manifest and its data rows, keyed by (model, pk)."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        lines = archive.read("data.jsonl").decode("utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line]
    keyed = {(row["model"], json.dumps(row["pk"])): row for row in rows}
    assert len(keyed) == len(rows), f"{path.name} repeats a row"
    return {"manifest": manifest, "rows": keyed}


def relabel_row(row):
    """A data row of the previous release as this release writes it: the model
    label, and the natural keys of content types and permissions that foreign
    keys hold (the only places the archive names an app)."""
    return {
        "model": relabel_model(row["model"]),
        "pk": row["pk"],
        "fields": {
            name: relabel_natural_key(value) for name, value in row["fields"].items()
        },
    }


def relabel_rows(rows):
    relabelled = {}
    for row in rows.values():
        row = relabel_row(row)
        relabelled[(row["model"], json.dumps(row["pk"]))] = row
    return relabelled


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


# --- the tests -------------------------------------------------------------------


def test_the_upgrade_applies_the_new_migrations_without_questions(upgraded_site):
    output = upgraded_site["migrate_output"]
    for app_label, names in NEW_MIGRATIONS.items():
        for name in names:
            assert f"Applying {app_label}.{name}... OK" in output
    assert output.count("Applying ") == sum(len(n) for n in NEW_MIGRATIONS.values())
    # Django warns here when the models and the migrations disagree.
    assert "not yet reflected in a migration" not in output


def test_visitors_get_the_same_pages(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert list(before["pages"]) == list(after["pages"]) == PAGE_URLS
    profile = before["pages"][DOCTOR_URL]
    assert DOCTOR_NAME in profile
    assert "/media/images/ayse-yilmaz." in profile  # the photo is shown
    assert CLINIC_PHONE in before["pages"][SEED_URL]
    assert f"--accent: {ACCENT_COLOUR};" in before["pages"]["/theme.css"]
    for url in PAGE_URLS:
        assert_same_page(
            url, with_intended_changes(before["pages"][url]), after["pages"][url]
        )
    for old, _new, why in INTENDED_CHANGES:
        assert old in before["pages"][SEED_URL], f"no longer applies: {why}"


def test_content_types_are_renamed_in_place(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert before["content_types"] == {
        model: {"id": content_type["id"], "app_label": "home"}
        for model, content_type in before["content_types"].items()
    }
    assert after["content_types"] == {
        model: {"id": content_type["id"], "app_label": new_label("home", model)}
        for model, content_type in before["content_types"].items()
    }
    assert {"clinicsettings", "doctor", "doctorindexpage"} <= set(
        before["content_types_named_home"]
    )
    assert after["content_types_named_home"] == [
        "homepage",
        "homepagefeaturedtreatment",
    ]
    # No content type or permission was added for the new labels either.
    assert after["moved_permissions"] == before["moved_permissions"]
    assert after["counts"] == before["counts"]


def test_the_doctors_revisions_and_history_are_kept(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert len(before["doctor_revisions"]) == 2
    assert {r["content_type"][0] for r in before["doctor_revisions"]} == {"home"}
    assert after["doctor_revisions"] == [
        relabel_revision(r) for r in before["doctor_revisions"]
    ]
    assert {tuple(r["content_type"]) for r in after["doctor_revisions"]} == {
        ("doctors", "doctor")
    }
    # Every revision and log entry, with its id, content type id and content.
    assert after["revisions"] == [relabel_revision(r) for r in before["revisions"]]
    assert after["log_entries"] == before["log_entries"]
    assert after["reference_index"] == before["reference_index"]
    assert after["doctor"] == before["doctor"]

    # The /doctors/ page's draft still opens as a DoctorIndexPage.
    assert before["doctor_index"]["draft_model"] == "home.doctorindexpage"
    assert after["doctor_index"] == {
        **before["doctor_index"],
        "draft_model": "doctors.doctorindexpage",
    }
    assert after["doctor_index"]["has_unpublished_changes"]
    assert after["doctor_index"]["draft_intro"] != after["doctor_index"]["live_intro"]


def test_the_editors_group_keeps_its_permissions(upgraded_site):
    before, after = upgraded_site["before"], upgraded_site["after"]
    assert before["groups"][GROUP_NAME] == [
        ["home", "doctor", "change_doctor"],
        ["home", "doctor", "view_doctor"],
        ["wagtailadmin", "admin", "access_admin"],
    ]
    assert after["groups"] == {
        name: sorted(
            [*relabel_content_type([app_label, model]), codename]
            for app_label, model, codename in permissions
        )
        for name, permissions in before["groups"].items()
    }
    assert after["groups"][GROUP_NAME] == [
        ["doctors", "doctor", "change_doctor"],
        ["doctors", "doctor", "view_doctor"],
        ["wagtailadmin", "admin", "access_admin"],
    ]
    assert before["editor_can_change_doctor"]  # as home.change_doctor
    assert after["editor_can_change_doctor"]  # as doctors.change_doctor


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
    assert (fields["phone"], fields["accent_colour"]) == (
        CLINIC_PHONE,
        ACCENT_COLOUR,
    )
    assert after["clinic_settings"] == before["clinic_settings"]


def test_the_backup_holds_the_same_content_under_the_new_labels(upgraded_site):
    before = upgraded_site["archives"]["before"]
    after = upgraded_site["archives"]["after"]
    assert ("home.doctor", "2") in before["rows"]
    assert after["rows"] == relabel_rows(before["rows"])

    old, new = before["manifest"], after["manifest"]
    for key in ("format", "version", "software", "users", "files", "missing_files"):
        assert new[key] == old[key], key
    assert new["files"]  # the doctor's photo
    assert new["content_types"] == {
        pk: relabel_content_type(key) for pk, key in old["content_types"].items()
    }
    # The same permissions (listed by app label, so in another order).
    assert [{**g, "permissions": sorted(g["permissions"])} for g in new["groups"]] == [
        {**group, "permissions": sorted(relabel_natural_key(group["permissions"]))}
        for group in old["groups"]
    ]
    assert new["counts"] == {
        relabel_model(label): count for label, count in old["counts"].items()
    }
    assert new["data"]["objects"] == old["data"]["objects"]
    added = {
        app_label: sorted(set(names) - set(old["migrations"].get(app_label, [])))
        for app_label, names in new["migrations"].items()
    }
    assert {app: names for app, names in added.items() if names} == NEW_MIGRATIONS
    for app_label, names in old["migrations"].items():
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
    for key in ("files", "counts", "missing_files"):
        assert restored["manifest"][key] == after["manifest"][key], key
    assert people(restored["manifest"]) == people(after["manifest"])

    upgraded, new = upgraded_site["after"], upgraded_site["restored"]
    for url in PAGE_URLS:
        assert_same_page(url, upgraded["pages"][url], new["pages"][url])
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
