"""Back the site's content up to one file, and restore it into a new database.

``manage.py export_content backup.zip`` writes a zip file:

- ``manifest.json``: the format and its version; the migrations applied when
  it was made (an import refuses another schema); the source database's
  content type ids (to translate the ids inside revision JSON); the users and
  groups the content refers to; row counts; and a SHA-256 of the data and of
  every media file.
- ``data.jsonl``: every archived row in Django's JSON Lines serialisation,
  one object a line, in dependency order (``scope.archived_models``).
- ``media/<name>``: the original file of every image and document (any
  ``FileField`` of an archived model), stored under its storage name.

``manage.py import_content backup.zip`` restores it into a database that has
only been migrated (or, with ``--replace``, one whose content it deletes):
the archived tables are emptied (the locales excepted) and the archive's rows
written with their ids, so what migrate made (its HomePage, Site, default
workflows and rights) is replaced by what the archive holds.

What is archived, and why (``scope.py`` has the reason for each exclusion):

- Everything an editor makes: pages of every type with every revision (the
  history and drafts), the admin's log entries (the page history view),
  comments, privacy settings, snippets (doctors), site settings (the clinic's
  and wagtail-seo's), sites, redirects, search promotions, synonyms and
  search statistics, form submissions, collections, tags, images and
  documents. Any model of an app added later is archived too unless it is
  excluded.
- The access rights and moderation set-up attached to that content: the
  groups' rights on pages, collections and sites, the workflows and their
  tasks (the medical review), which pages and snippet types use them, and
  the moderation in progress. Without them a restored /treatments/ section
  would no longer need a doctor's approval (``reviews`` assigns the workflow
  when a section is created, which a restore does not do).
- Not archived: what rebuilds itself (the search index, the reference index,
  image renditions, embeds, link-check results), what is transient (sessions,
  editing sessions, autosaved form state, half-finished uploads, failed-login
  records), and accounts: passwords, two-factor devices, per-user
  preferences.

Ids are kept: StreamField and rich text refer to pages, images, documents and
doctors by id inside their JSON, so the restored rows must have the same ids
to render the same. Content types, permissions, groups and users differ
between databases, so foreign keys to them are natural keys (app and model;
codename; name; username), and the ids of content types, locales and users
inside revision JSON are translated. The users content refers to (revision
authors, page owners, uploaders, reviewers) travel in the manifest without
passwords: an existing user with the same username is used as is, a missing
one is created with no usable password (``manage.py changepassword`` lets
them in). The groups they and the access rights name travel with their
permissions: a group is matched by name and given the archive's permissions.
Locales are matched by language code, since migrations create them.

Django's serialisation framework does the reading and writing, so the archive
follows the models as they change; the import saves each object "raw" (as
``loaddata`` does), which skips ``save()`` logic and signal handlers meant for
edits. It runs in one transaction, checks every foreign key before it
commits, resets PostgreSQL's id sequences, and then rebuilds the reference
and search indexes and clears the page cache.
"""

from .format import ArchiveError
from .reader import ImportReport, import_archive
from .writer import ExportReport, export_archive

__all__ = [
    "ArchiveError",
    "ExportReport",
    "ImportReport",
    "export_archive",
    "import_archive",
]
