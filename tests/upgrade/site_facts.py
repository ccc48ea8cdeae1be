"""What the upgrade test records about a site, the same way before and after.

Run by ``before.py`` (the previous release's code) and ``after.py`` (this
code), each in its own process with the code tree on ``PYTHONPATH``. Only the
names of the moved models differ between the two: ``Labels`` carries them.
Nothing Django is imported at module level, so ``tests/test_upgrade.py`` can
import the constants below.
"""

import datetime
import decimal
import json
import os
import sys
import uuid
from dataclasses import dataclass

SEED_URL = "/treatments/stem-cell-therapy-for-cerebral-palsy/"
DOCTOR_NAME = "Ayşe Yılmaz"
DOCTOR_SLUG = "ayse-yilmaz"
DOCTOR_URL = f"/doctors/{DOCTOR_SLUG}/"
# What a visitor gets, compared byte for byte: the seed page, the doctors
# page, the new doctor's profile, the demo doctor's profile, the home page,
# the theme stylesheet (the accent colour) and the sitemap (doctor profiles).
PAGE_URLS = [
    SEED_URL,
    "/doctors/",
    DOCTOR_URL,
    "/doctors/erdinc-ozek/",
    "/",
    "/theme.css",
    "/sitemap.xml",
]

GROUP_NAME = "Doctor editors"
EDITOR_USERNAME = "deniz"
CLINIC_PHONE = "+90 212 555 01 23"
ACCENT_COLOUR = "#7a2e8f"
PHOTO_NAME = "ayse-yilmaz.png"


@dataclass(frozen=True)
class Labels:
    """Where the moved models live in one release."""

    clinic: str  # app label of ClinicSettings
    doctors: str  # app label of Doctor and DoctorIndexPage

    @property
    def models(self):
        return {
            "clinicsettings": self.clinic,
            "doctor": self.doctors,
            "doctorindexpage": self.doctors,
        }


OLD = Labels(clinic="home", doctors="home")
NEW = Labels(clinic="clinic", doctors="doctors")


def setup():
    """django.setup() for the code tree on PYTHONPATH (settings from the env)."""
    import django

    django.setup()


def render_pages(urls=PAGE_URLS):
    """Each page as a first, anonymous visitor gets it: {url: HTML}."""
    from django.core.cache import caches
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    pages = {}
    for url in urls:
        for cache in caches.all():
            cache.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url} answered {response.status_code}")
        pages[url] = response.content.decode()
    return pages


def admin_views(labels, doctor_pk):
    """The doctor's edit and history views, as the "Doctor editors" user sees them.

    Returns the status codes and the text an editor reads: the edit form's
    field values, the rows of the history table, and whether searching the
    doctors' listing for the surname finds the doctor (the search index).
    """
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=EDITOR_USERNAME)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    base = f"/admin/snippets/{labels.doctors}/doctor"
    edit = client.get(f"{base}/edit/{doctor_pk}/")
    history = client.get(f"{base}/history/{doctor_pk}/")
    search = client.get(f"{base}/", {"q": "Yılmaz"})
    return {
        "search_status": search.status_code,
        "search_finds_doctor": f"{base}/edit/{doctor_pk}/" in search.content.decode(),
        "edit_status": edit.status_code,
        "edit_fields": _form_values(edit.content.decode()),
        "history_status": history.status_code,
        "history_rows": _table_rows(history.content.decode()),
    }


def _form_values(html):
    """(name, value) of the edit form's text inputs and textareas, in order."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.values = []
            self.textarea = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("type") in ("text", "url", "hidden"):
                if attrs.get("name") not in (None, "csrfmiddlewaretoken"):
                    self.values.append([attrs["name"], attrs.get("value") or ""])
            elif tag == "textarea" and attrs.get("name"):
                self.textarea = [attrs["name"], ""]

        def handle_data(self, data):
            if self.textarea is not None:
                self.textarea[1] += data

        def handle_endtag(self, tag):
            if tag == "textarea" and self.textarea is not None:
                self.textarea[1] = self.textarea[1].strip()
                self.values.append(self.textarea)
                self.textarea = None

    parser = Parser()
    parser.feed(html)
    return parser.values


def _table_rows(html):
    """The rows of the page's listing table: each cell's text, whitespace
    collapsed, with a time shown as its exact ``datetime`` (the admin words it
    relative to now, "Just now")."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows = []
            self.in_listing = False
            self.in_time = False
            self.row = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "table" and "listing" in (attrs.get("class") or "").split():
                self.in_listing = True
            elif tag == "tr" and self.in_listing:
                self.row = []
            elif tag == "time" and self.row is not None:
                self.row.append(f" {attrs.get('datetime')} ")
                self.in_time = True

        def handle_data(self, data):
            if self.row is not None and not self.in_time:
                self.row.append(data)

        def handle_endtag(self, tag):
            if tag == "table":
                self.in_listing = False
            elif tag == "time":
                self.in_time = False
            elif tag == "tr" and self.row is not None:
                self.rows.append(" ".join("".join(self.row).split()))
                self.row = None

    parser = Parser()
    parser.feed(html)
    return parser.rows


def _content_type_key(content_type_id):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get(pk=content_type_id)
    return [content_type.app_label, content_type.model]


def collect(labels):
    """Everything the upgrade must keep, as JSON-ready values."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from wagtail.models import (
        ModelLogEntry,
        Page,
        PageLogEntry,
        ReferenceIndex,
        Revision,
    )

    doctor_model = apps.get_model(labels.doctors, "Doctor")
    index = apps.get_model(labels.doctors, "DoctorIndexPage").objects.get()
    draft = index.get_latest_revision_as_object()
    clinic_model = apps.get_model(labels.clinic, "ClinicSettings")
    doctor = doctor_model.objects.get(slug=DOCTOR_SLUG)
    doctor_type = ContentType.objects.get_for_model(doctor_model)
    editor = get_user_model().objects.get(username=EDITOR_USERNAME)

    def revision_row(revision):
        return {
            "id": revision.pk,
            "object_id": revision.object_id,
            "content_type": _content_type_key(revision.content_type_id),
            "content_type_id": revision.content_type_id,
            "base_content_type_id": revision.base_content_type_id,
            "created_at": revision.created_at,
            "user_id": revision.user_id,
            "object_str": revision.object_str,
            "content": revision.content,
        }

    def log_row(entry):
        return {
            "model": entry._meta.label_lower,
            "id": entry.pk,
            "content_type_id": entry.content_type_id,
            "object_id": str(getattr(entry, "object_id", None) or entry.page_id),
            "label": entry.label,
            "action": entry.action,
            "data": entry.data,
            "timestamp": entry.timestamp,
            "user_id": entry.user_id,
            "revision_id": entry.revision_id,
        }

    return {
        "labels": labels.models,
        "content_types": {
            model: {"id": content_type.pk, "app_label": content_type.app_label}
            for model in labels.models
            for content_type in ContentType.objects.filter(model=model)
        },
        "content_types_named_home": sorted(
            ContentType.objects.filter(app_label="home").values_list("model", flat=True)
        ),
        "doctor": {
            "pk": doctor.pk,
            "name": doctor.name,
            "photo_file": doctor.photo.file.name,
            "fields": serializers.serialize("python", [doctor])[0]["fields"],
        },
        "doctor_index": {
            "pk": index.pk,
            "live_intro": index.intro,
            "draft_model": draft._meta.label_lower,
            "draft_intro": draft.intro,
            "has_unpublished_changes": index.has_unpublished_changes,
        },
        "doctor_revisions": [
            revision_row(r)
            for r in Revision.objects.filter(
                content_type=doctor_type, object_id=str(doctor.pk)
            ).order_by("pk")
        ],
        "revisions": [revision_row(r) for r in Revision.objects.order_by("pk")],
        "log_entries": [
            log_row(e)
            for queryset in (ModelLogEntry.objects, PageLogEntry.objects)
            for e in queryset.order_by("pk")
        ],
        "reference_index": list(
            ReferenceIndex.objects.order_by("pk").values_list(
                "pk",
                "content_type_id",
                "base_content_type_id",
                "object_id",
                "to_content_type_id",
                "to_object_id",
                "model_path",
                "content_path",
            )
        ),
        "moved_permissions": sorted(
            [p.pk, p.content_type_id, p.codename]
            for p in Permission.objects.filter(content_type__model__in=labels.models)
        ),
        "groups": {
            group.name: sorted(
                [p.content_type.app_label, p.content_type.model, p.codename]
                for p in group.permissions.select_related("content_type")
            )
            for group in Group.objects.order_by("name")
        },
        "editor_can_change_doctor": editor.has_perm(f"{labels.doctors}.change_doctor"),
        "clinic_settings": [
            {"pk": row["pk"], "fields": row["fields"]}
            for row in serializers.serialize(
                "python", clinic_model.objects.order_by("pk")
            )
        ],
        "counts": {
            "pages": Page.objects.count(),
            "revisions": Revision.objects.count(),
            "log_entries": ModelLogEntry.objects.count() + PageLogEntry.objects.count(),
            "reference_index": ReferenceIndex.objects.count(),
            "content_types": ContentType.objects.count(),
            "permissions": Permission.objects.count(),
        },
    }


def write(path, facts):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(facts, out, default=_precise, ensure_ascii=False, indent=1)


def _precise(value):
    """Times to the microsecond (Django's JSON encoder keeps milliseconds)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def out_path():
    """The JSON file to write, the script's one argument."""
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: {os.path.basename(sys.argv[0])} OUT.json")
    return sys.argv[1]
