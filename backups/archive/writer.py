"""Write the site's content to one zip file (``manage.py export_content``)."""

import datetime
import hashlib
import io
import json
import os
import platform
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import django
import wagtail
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JSONLSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .format import CHUNK, DATA, FORMAT, MANIFEST, MEDIA_PREFIX, VERSION, ArchiveError
from .scope import NATURAL_KEY_MODELS, archived_models


@dataclass
class ExportReport:
    path: Path
    counts: dict
    files: int
    size: int
    missing_files: list = field(default_factory=list)


class _NaturalKeys:
    """Natural keys of the rows foreign keys point at, looked up once each.

    It remembers which users and groups were referred to: the manifest
    describes those, so that an import can create the ones it lacks.
    """

    def __init__(self):
        self.cache = {}
        self.user_model = get_user_model()
        self.user_pks = set()
        self.group_pks = set()

    def get(self, model, pk):
        key = (model._meta.label_lower, pk)
        if key not in self.cache:
            if model is ContentType:
                instance = ContentType.objects.get_for_id(pk)
            else:
                # Log entries keep the id of a deleted user (no constraint);
                # such a reference is written as null.
                instance = model._base_manager.filter(pk=pk).first()
            self.cache[key] = instance.natural_key() if instance else None
            if instance is not None and model is self.user_model:
                self.user_pks.add(pk)
            if instance is not None and model is Group:
                self.group_pks.add(pk)
        return self.cache[key]


class _PreciseEncoder(DjangoJSONEncoder):
    """Keeps times to the microsecond; Django's encoder rounds to milliseconds.

    Revisions are ordered, and concurrent edits detected, by their exact
    creation time, so a restored revision must have the same one.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JSONLSerializer):
    """Django's JSON Lines, with natural keys only for ``NATURAL_KEY_MODELS``.

    Django's own ``use_natural_foreign_keys`` would also turn foreign keys to
    pages (their URL path) and collections (their names) into natural keys,
    which are not unique and would cost a query per row.
    """

    def __init__(self, keys):
        super().__init__()
        self.keys = keys

    def handle_fk_field(self, obj, field):
        model = field.related_model
        if (
            model._meta.label_lower in NATURAL_KEY_MODELS
            and field.target_field.primary_key
        ):
            pk = getattr(obj, field.attname)
            self._current[field.name] = None if pk is None else self.keys.get(model, pk)
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        model = field.related_model
        if (
            model._meta.label_lower in NATURAL_KEY_MODELS
            and field.remote_field.through._meta.auto_created
        ):
            pks = getattr(obj, field.name).order_by("pk").values_list("pk", flat=True)
            self._current[field.name] = [self.keys.get(model, pk) for pk in pks]
        else:
            self.use_natural_foreign_keys = False
            super().handle_m2m_field(obj, field)


class _HashingWriter(io.RawIOBase):
    """Passes bytes on to ``target``, counting and hashing them."""

    def __init__(self, target):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.sha256.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


def _member(zf, name, compress_type):
    info = zipfile.ZipInfo(name, date_time=timezone.now().timetuple()[:6])
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    return zf.open(info, "w", force_zip64=True)


def _file_fields(model):
    return [
        f for f in model._meta.local_concrete_fields if isinstance(f, models.FileField)
    ]


def _applied_migrations(connection, app_labels):
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        label: sorted(name for app, name in applied if app == label)
        for label in sorted(app_labels)
    }


def _user_entries(user_pks):
    """The users content refers to, without passwords: their group ids."""
    user_model = get_user_model()
    optional = [
        name
        for name in (
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
        )
        if any(f.name == name for f in user_model._meta.concrete_fields)
    ]
    entries = []
    for user in user_model._base_manager.filter(pk__in=user_pks).order_by("pk"):
        entry = {"pk": user.pk, "natural_key": list(user.natural_key())}
        entry.update({name: getattr(user, name) for name in optional})
        entry["groups"] = (
            sorted(user.groups.values_list("pk", flat=True))
            if hasattr(user, "groups")
            else []
        )
        entries.append(entry)
    return entries


def _group_entries(group_pks):
    """The groups content or its users refer to, with their permissions."""
    return [
        {
            "pk": group.pk,
            "name": group.name,
            "permissions": [
                list(permission.natural_key())
                for permission in group.permissions.select_related(
                    "content_type"
                ).order_by("content_type__app_label", "codename")
            ],
        }
        for group in Group.objects.filter(pk__in=group_pks).order_by("name")
    ]


def _write(zf, using):
    """Write the data and media members; return the manifest."""
    connection = connections[using]
    keys = _NaturalKeys()
    counts, files, missing = {}, {}, []
    data_info = {}

    with _member(zf, DATA, zipfile.ZIP_DEFLATED) as raw:
        hashing = _HashingWriter(raw)
        text = io.TextIOWrapper(
            io.BufferedWriter(hashing, CHUNK), encoding="utf-8", newline="\n"
        )
        for model in archived_models():
            label = model._meta.label_lower
            queryset = model._base_manager.using(using).order_by("pk")
            if label == "wagtailcore.page":
                queryset = queryset.order_by("path")
            counts[label] = queryset.count()
            if counts[label]:
                _Serializer(keys).serialize(
                    queryset.iterator(chunk_size=500), stream=text, cls=_PreciseEncoder
                )
        text.flush()
        text.detach()
        data_info = {
            "name": DATA,
            "sha256": hashing.sha256.hexdigest(),
            "size": hashing.size,
            "objects": sum(counts.values()),
        }

    for model in archived_models():
        for file_field in _file_fields(model):
            names = (
                model._base_manager.using(using)
                .exclude(**{file_field.attname: ""})
                .order_by("pk")
                .values_list("pk", file_field.attname)
            )
            for pk, name in names.iterator():
                if name in files:
                    continue
                entry = _copy_file(zf, file_field.storage, name)
                if entry is None:
                    missing.append(
                        {"model": model._meta.label_lower, "pk": pk, "name": name}
                    )
                else:
                    files[name] = entry

    users = _user_entries(keys.user_pks)
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "software": {
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "python": platform.python_version(),
            "database": connection.vendor,
        },
        "migrations": _applied_migrations(
            connection, {m._meta.app_label for m in archived_models()}
        ),
        "content_types": {
            str(pk): [app_label, model]
            for pk, app_label, model in ContentType.objects.using(using)
            .order_by("pk")
            .values_list("pk", "app_label", "model")
        },
        "users": users,
        "groups": _group_entries(
            keys.group_pks | {g for u in users for g in u["groups"]}
        ),
        "counts": counts,
        "data": data_info,
        "files": files,
        "missing_files": missing,
    }


def _copy_file(zf, storage, name):
    """Copy one stored file into the archive; None if it cannot be read."""
    try:
        source = storage.open(name, "rb")
    except (OSError, ValueError):
        return None
    sha256, size = hashlib.sha256(), 0
    with source, _member(zf, MEDIA_PREFIX + name, zipfile.ZIP_STORED) as target:
        while chunk := source.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return {"sha256": sha256.hexdigest(), "size": size}


@contextmanager
def _snapshot(using):
    """Read every table as of one moment, even while editors keep working.

    PostgreSQL's default isolation lets each query see newer commits, so a
    page could point at a revision saved after the revisions were read. (In
    SQLite one transaction is already one snapshot.) Inside an outer
    transaction, as in the tests, the isolation level is already fixed.
    """
    connection = connections[using]
    outer = connection.in_atomic_block
    with transaction.atomic(using=using):
        if not outer and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
        yield


def export_archive(path, *, using=DEFAULT_DB_ALIAS):
    """Write the archive to ``path`` (a .zip), replacing it only when complete."""
    path = Path(path)
    if path.suffix.lower() != ".zip":
        raise ArchiveError(f"{path}: the archive is a zip file; name it *.zip.")
    if not path.parent.is_dir():
        raise ArchiveError(f"{path.parent} is not a directory.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as zf:
            with _snapshot(using):
                manifest = _write(zf, using)
            with _member(zf, MANIFEST, zipfile.ZIP_DEFLATED) as target:
                target.write(
                    json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                )
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return ExportReport(
        path=path,
        counts=manifest["counts"],
        files=len(manifest["files"]),
        size=path.stat().st_size,
        missing_files=manifest["missing_files"],
    )
