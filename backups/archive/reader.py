"""Restore an archive into a database (``manage.py import_content``)."""

import hashlib
import io
import json
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_delete
from wagtail.models import Locale, Page

from .format import CHUNK, DATA, FORMAT, MANIFEST, MEDIA_PREFIX, VERSION, ArchiveError
from .scope import archived_models, is_configuration

# The content ``migrate`` leaves in an otherwise empty database: Wagtail's root
# page and root collection, and the HomePage and default Site that home's
# migration 0003 makes (and the locales, which are matched, never replaced).
# Anything more is someone's content, which an import without ``--replace``
# refuses to delete.
MIGRATION_BASELINE = {
    "wagtailcore.page": 2,
    "home.homepage": 1,
    "wagtailcore.site": 1,
    "wagtailcore.collection": 1,
}


@dataclass
class ImportReport:
    counts: dict
    files_written: int = 0
    files_reused: int = 0
    users_created: list = field(default_factory=list)
    deleted: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def _open(path):
    path = Path(path)
    if not path.exists():
        raise ArchiveError(f"{path} does not exist.")
    if not path.is_file():
        raise ArchiveError(f"{path} is not a file.")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ArchiveError(
            f"{path} is not a content archive (it is not a zip file: {error})."
        ) from error
    except OSError as error:
        raise ArchiveError(f"{path} cannot be read: {error}") from error


def _read_manifest(zf):
    try:
        raw = zf.read(MANIFEST)
    except KeyError as error:
        raise ArchiveError(
            f"The zip file has no {MANIFEST}: it is not a content archive."
        ) from error
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ArchiveError(f"{MANIFEST} is damaged: {error}") from error
    try:
        manifest = json.loads(raw)
    except ValueError as error:
        raise ArchiveError(f"{MANIFEST} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{MANIFEST} does not describe a {FORMAT}.")
    if manifest.get("version") != VERSION:
        raise ArchiveError(
            f"This archive is format version {manifest.get('version')!r}; this "
            f"code reads version {VERSION}."
        )
    expected = {
        "migrations": dict,
        "content_types": dict,
        "users": list,
        "groups": list,
        "data": dict,
        "files": dict,
    }
    for key, kind in expected.items():
        if not isinstance(manifest.get(key), kind):
            raise ArchiveError(f"{MANIFEST} lacks a valid {key!r} entry.")
    return manifest


def _check_schema(manifest, connection):
    """The archive's tables must have exactly this database's columns.

    Django's deserialiser matches fields by name; an archive made before or
    after a migration would load with missing or unknown fields. So the
    migrations applied when it was made must be the ones applied here.
    """
    applied = MigrationRecorder(connection).applied_migrations()
    differences = []
    wanted_apps = {m._meta.app_label for m in archived_models()}
    for label in sorted(wanted_apps | manifest["migrations"].keys()):
        here = {name for app, name in applied if app == label}
        there = set(manifest["migrations"].get(label, []))
        if there - here:
            differences.append(
                f"{label}: the archive has {', '.join(sorted(there - here))}, "
                "which this database has not applied"
            )
        if here - there:
            differences.append(
                f"{label}: this database has {', '.join(sorted(here - there))}, "
                "which the archive predates"
            )
    if differences:
        raise ArchiveError(
            "The archive was made with a different database schema: "
            + "; ".join(differences)
            + ". Restore it with the release that made it (and its migrations), "
            "then upgrade."
        )


def _hash_member(zf, name):
    sha256, size = hashlib.sha256(), 0
    with zf.open(name) as source:
        while chunk := source.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
    return sha256.hexdigest(), size


def _check_data(zf, manifest):
    data = manifest["data"]
    try:
        digest, size = _hash_member(zf, DATA)
    except KeyError as error:
        raise ArchiveError(f"The archive has no {DATA}.") from error
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ArchiveError(f"{DATA} is damaged: {error}") from error
    if digest != data.get("sha256") or size != data.get("size"):
        raise ArchiveError(
            f"{DATA} does not match the checksum in {MANIFEST}: the archive is "
            "damaged or was edited."
        )


def _existing_content():
    """Content beyond what migrations create: row counts by model label."""
    found = {}
    for model in archived_models():
        label = model._meta.label_lower
        if label == "wagtailcore.locale" or is_configuration(model):
            continue
        count = model._base_manager.count()
        if count > MIGRATION_BASELINE.get(label, 0):
            found[label] = count
    return found


def describe(counts):
    return ", ".join(
        f"{count} {apps.get_model(label)._meta.verbose_name_plural}"
        for label, count in sorted(counts.items())
    )


def _delete_existing(report):
    """Delete every archived model's rows, but the locales.

    Pages and collections go through treebeard's delete, which keeps the
    tree consistent; page types and child rows go with their pages.
    """
    for model in reversed(archived_models()):
        label = model._meta.label_lower
        if label == "wagtailcore.locale":
            continue
        if issubclass(model, Page) and model is not Page:
            continue
        if label in ("wagtailcore.page", "wagtailcore.collection"):
            queryset = model.objects.all()
        else:
            queryset = model._base_manager.all()
        count = queryset.count()
        if count:
            queryset.delete()
            report.deleted[label] = count


@contextmanager
def _original_files_kept():
    """Deleting an image or document row deletes its file after the commit.

    An import replaces those rows with the archive's, which usually name the
    very same files (a site restored from its own backup), so Wagtail's
    clean-up would delete the files the restored rows need. Files of rows
    that are not restored stay in storage, unused: disk space, not content.
    """
    from wagtail.documents import get_document_model
    from wagtail.documents import signal_handlers as document_handlers
    from wagtail.images import get_image_model
    from wagtail.images import signal_handlers as image_handlers

    handlers = [
        (image_handlers.post_delete_file_cleanup, get_image_model()),
        (document_handlers.post_delete_file_cleanup, get_document_model()),
    ]
    disconnected = [
        (receiver, sender)
        for receiver, sender in handlers
        if post_delete.disconnect(receiver, sender=sender)
    ]
    try:
        yield
    finally:
        for receiver, sender in disconnected:
            post_delete.connect(receiver, sender=sender)


def _restore_groups(entries, report):
    """Make the archive's groups exist here, with the archive's permissions.

    Groups are matched by name. Their permissions are set to the archive's,
    as the rights the restored pages and workflows grant were given with them.
    """
    mapping = {}
    for entry in entries:
        group, _created = Group.objects.get_or_create(name=entry["name"])
        permissions = []
        for natural_key in entry["permissions"]:
            try:
                permissions.append(Permission.objects.get_by_natural_key(*natural_key))
            except Permission.DoesNotExist:
                report.warnings.append(
                    f"Group {group.name}: no permission {'.'.join(natural_key)} here."
                )
        group.permissions.set(permissions)
        mapping[entry["pk"]] = group
    return mapping


def _restore_users(entries, groups, report):
    """Map the archive's user ids to this database's, creating missing users.

    An existing user with the same username is the same person and is left
    as it is. A missing one is created, in the archive's groups, with no
    usable password, so nobody can sign in as them until an administrator
    sets one.
    """
    user_model = get_user_model()
    field_names = {f.name for f in user_model._meta.concrete_fields}
    mapping = {}
    for entry in entries:
        try:
            user = user_model._default_manager.get_by_natural_key(*entry["natural_key"])
        except user_model.DoesNotExist:
            values = {
                key: value
                for key, value in entry.items()
                if key in field_names and key != "pk"
            }
            user = user_model(**values)
            setattr(user, user_model.USERNAME_FIELD, entry["natural_key"][0])
            user.set_unusable_password()
            user.save()
            if hasattr(user, "groups"):
                user.groups.set([groups[pk] for pk in entry.get("groups", [])])
            report.users_created.append(user.get_username())
        mapping[entry["pk"]] = user.pk
    return mapping


def _content_type_map(manifest):
    mapping = {}
    for pk, natural_key in manifest["content_types"].items():
        try:
            target = ContentType.objects.get_by_natural_key(*natural_key)
        except ContentType.DoesNotExist:
            continue
        mapping[int(pk)] = target.pk
    return mapping


def _remap_revision(revision, maps):
    """Revision JSON stores raw ids; make those that differ here point right.

    Pages keep their own ids, so their references need nothing. Content
    types, locales and users may have other ids in this database. (Wagtail
    takes a page's content type, owner and locale from the page itself when
    it loads a revision, but a snippet's revisions rely on their JSON.)
    """
    content = revision.content
    if not isinstance(content, dict):
        return
    for key, mapping in (
        ("content_type", maps["content_types"]),
        ("locale", maps["locales"]),
        ("owner", maps["users"]),
        ("locked_by", maps["users"]),
    ):
        value = content.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            content[key] = mapping.get(value)


class _Files:
    """Writes the archive's media into storage, and removes it on failure."""

    def __init__(self, zf, manifest):
        self.zf = zf
        self.entries = manifest["files"]
        self.written = []
        self.reused = 0

    def restore(self, storage, name):
        entry = self.entries.get(name)
        if entry is None:
            return name, False
        try:
            source = self.zf.open(MEDIA_PREFIX + name)
        except KeyError as error:
            raise ArchiveError(f"The archive lacks the file {name}.") from error
        with source, tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as buffer:
            sha256 = hashlib.sha256()
            while chunk := source.read(CHUNK):
                sha256.update(chunk)
                buffer.write(chunk)
            if sha256.hexdigest() != entry["sha256"]:
                raise ArchiveError(f"The file {name} in the archive is damaged.")
            if (
                storage.exists(name)
                and _stored_sha256(storage, name) == entry["sha256"]
            ):
                self.reused += 1
                return name, True
            buffer.seek(0)
            saved = storage.save(name, File(buffer, name=name))
            self.written.append((storage, saved))
            return saved, True

    def remove_written(self):
        for storage, name in self.written:
            storage.delete(name)
        self.written = []


def _stored_sha256(storage, name):
    sha256 = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            sha256.update(chunk)
    return sha256.hexdigest()


def _load(zf, manifest, files, report, using):
    """Save every object of data.jsonl as it is (ids included)."""
    groups = _restore_groups(manifest["groups"], report)
    maps = {
        "users": _restore_users(manifest["users"], groups, report),
        "content_types": _content_type_map(manifest),
        "locales": {},
    }
    counts, loaded_models = {}, set()
    with zf.open(DATA) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8")
        for deserialized in serializers.deserialize("jsonl", stream, using=using):
            obj = deserialized.object
            label = obj._meta.label_lower
            if label == "wagtailcore.locale":
                locale, _created = Locale.objects.get_or_create(
                    language_code=obj.language_code
                )
                maps["locales"][obj.pk] = locale.pk
                counts[label] = counts.get(label, 0) + 1
                continue
            if obj._meta.pk.related_model is ContentType:
                # A row keyed by its content type (which workflow a snippet
                # type uses): the key is an id, and ids differ between databases.
                obj.pk = maps["content_types"][obj.pk]
            for model_field in obj._meta.concrete_fields:
                if model_field.is_relation and model_field.related_model is Locale:
                    value = getattr(obj, model_field.attname)
                    if value is not None:
                        setattr(obj, model_field.attname, maps["locales"][value])
                elif isinstance(model_field, models.FileField):
                    name = getattr(obj, model_field.attname).name
                    if name:
                        saved, found = files.restore(model_field.storage, name)
                        if not found:
                            report.warnings.append(
                                f"{label} {obj.pk}: its file {name} was missing "
                                "when the archive was made."
                            )
                        setattr(obj, model_field.attname, saved)
            if label == "wagtailcore.revision":
                _remap_revision(obj, maps)
            deserialized.save(using=using)
            loaded_models.add(type(obj))
            counts[label] = counts.get(label, 0) + 1
    return counts, loaded_models


def _reset_sequences(loaded_models, using):
    """Make new rows get ids after the restored ones (PostgreSQL)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded_models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _refresh(verbosity):
    """Rebuild what the archive leaves out, and drop pages cached before."""
    from wagtailcache.cache import clear_cache

    clear_cache()
    quiet = {"verbosity": max(verbosity - 1, 0), "stdout": io.StringIO()}
    call_command("rebuild_references_index", **quiet)
    call_command("wagtail_update_index", **quiet)


def import_archive(path, *, replace=False, using=DEFAULT_DB_ALIAS, verbosity=1):
    """Restore the archive at ``path``; all or nothing.

    The database changes in one transaction: on any error it is rolled back
    and the media files this import wrote are deleted again, so the database
    and storage are as they were.
    """
    connection = connections[using]
    with _open(path) as zf:
        manifest = _read_manifest(zf)
        _check_schema(manifest, connection)
        _check_data(zf, manifest)
        report = ImportReport(counts={})
        files = _Files(zf, manifest)
        try:
            with _original_files_kept(), transaction.atomic(using=using):
                existing = _existing_content()
                if existing and not replace:
                    raise ArchiveError(
                        f"The database already holds content ({describe(existing)}). "
                        "Restore into a database that has only been migrated, or "
                        "pass --replace to delete this content and load the "
                        "archive's instead."
                    )
                _delete_existing(report)
                report.counts, loaded_models = _load(zf, manifest, files, report, using)
                _reset_sequences(loaded_models, using)
                connection.check_constraints()
        except ArchiveError:
            files.remove_written()
            raise
        except (
            DatabaseError,
            DeserializationError,
            ObjectDoesNotExist,
            ValidationError,
            zipfile.BadZipFile,
            EOFError,
            KeyError,
            TypeError,
            ValueError,
        ) as error:
            files.remove_written()
            raise ArchiveError(
                f"The archive could not be restored; nothing was changed. {error}"
            ) from error
        except BaseException:
            files.remove_written()
            raise
        report.files_written = len(files.written)
        report.files_reused = files.reused
    try:
        _refresh(verbosity)
    except Exception as error:
        report.warnings.append(
            f"The content is restored, but rebuilding the indexes failed ({error}). "
            "Run manage.py rebuild_references_index and manage.py update_index."
        )
    return report
