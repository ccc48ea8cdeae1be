"""The Turkish catalogue is complete, covers the code, and its committed .mo is
the compiled .po (so `make run` needs no gettext tools, and a stale .mo fails).
"""

import os
import shutil
import subprocess
import sys

import polib
import pytest

from .interface import CATALOGUE, ROOT

COMPILED = CATALOGUE.with_suffix(".mo")
# What `manage.py makemessages` is run with (docs/languages.md): the tests,
# tools and generated files hold no interface strings.
MAKEMESSAGES_IGNORE = ("tests", "audit", "bench", "staticfiles", "media")
MAKEMESSAGES_IGNORE += ("test-artifacts",)
# What the copy of the source tree leaves out: the virtualenv, caches, data.
NOT_SOURCE = shutil.ignore_patterns(
    ".*", "__pycache__", "node_modules", "*.sqlite3", "*.pyc", "*.mo", "*.png"
)


def _entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def _messages(catalogue):
    """{(context, msgid, plural): translations} of a .po or .mo file."""
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
        )
        for entry in _entries(catalogue)
    }


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(_entries(catalogue)) > 400
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert catalogue.metadata["Language"] == "tr"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_the_committed_mo_is_the_compiled_po(tmp_path):
    compiled = tmp_path / "django.mo"
    polib.pofile(str(CATALOGUE)).save_as_mofile(str(compiled))
    committed = _messages(polib.mofile(str(COMPILED)))
    fresh = _messages(polib.mofile(str(compiled)))
    assert len(fresh) > 400
    # A difference means a stale .mo: run bin/compile_messages.py.
    assert set(fresh) - set(committed) == set()
    assert set(committed) - set(fresh) == set()
    changed = [key for key in fresh if fresh[key] != committed[key]]
    assert changed == []


def test_placeholders_are_kept_in_every_translation():
    """A translation that drops or renames a placeholder breaks the page
    (KeyError) or loses a value; msgfmt --check finds the same."""
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    broken = []
    for entry in _entries(polib.pofile(str(CATALOGUE))):
        wanted = sorted(set(placeholder.findall(entry.msgid)))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and sorted(set(placeholder.findall(text))) != wanted:
                broken.append(entry.msgid)
    assert broken == []


def _xgettext():
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    reason = "GNU gettext (xgettext, msgmerge) is not installed."
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} .ci/run installs it (apt-get install gettext).")
    pytest.skip(reason)


def test_the_catalogue_covers_every_marked_string_in_the_code(tmp_path):
    """makemessages, run on a copy of the source tree, finds nothing new.

    A string wrapped in gettext or {% translate %} without a Turkish
    translation, or a changed one (which makemessages marks fuzzy), fails
    here; so does a catalogue entry no code uses any more.
    """
    _xgettext()
    tree = tmp_path / "tree"
    shutil.copytree(ROOT, tree, ignore=NOT_SOURCE, symlinks=True)
    for ignored in MAKEMESSAGES_IGNORE:
        shutil.rmtree(tree / ignored, ignore_errors=True)
    arguments = ["makemessages", "-l", "tr", "--no-obsolete", "--add-location=file"]
    for ignored in MAKEMESSAGES_IGNORE:
        arguments.append(f"--ignore={ignored}")
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="clinic_site.settings.test")
    environment.pop("DATABASE_URL", None)
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=tree,
        env=environment,
        check=True,
        capture_output=True,
    )
    regenerated = polib.pofile(str(tree / CATALOGUE.relative_to(ROOT)))
    committed = polib.pofile(str(CATALOGUE))

    assert [e.msgid for e in regenerated.untranslated_entries()] == []
    assert [e.msgid for e in regenerated.fuzzy_entries()] == []
    assert set(_messages(regenerated)) == set(_messages(committed))
