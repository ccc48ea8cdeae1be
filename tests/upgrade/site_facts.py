"""What the upgrade test records about a site, the same way before and after.

Run by ``before.py`` (the previous release's code) and ``after.py`` (this
code), each in its own process with the code tree on ``PYTHONPATH``. Both
releases name their models alike; what only this release has (the clinic
text, the stored audit) is recorded by ``after.py`` alone, or is recorded as
absent. Nothing Django is imported at module level, so
``tests/test_upgrade.py`` can import the constants below.
"""

import datetime
import decimal
import json
import os
import sys
import uuid

SEED_URL = "/treatments/stem-cell-therapy-for-cerebral-palsy/"
SEED_SLUG = "stem-cell-therapy-for-cerebral-palsy"
DOCTOR_NAME = "Ayşe Yılmaz"
DOCTOR_SLUG = "ayse-yilmaz"
DOCTOR_URL = f"/doctors/{DOCTOR_SLUG}/"
# What a visitor gets: the seed page, the doctors page, the new doctor's
# profile, the demo doctor's profile, the home page, the theme stylesheet
# (the accent colour) and the sitemap (doctor profiles).
PAGE_URLS = [
    SEED_URL,
    "/doctors/",
    DOCTOR_URL,
    "/doctors/erdinc-ozek/",
    "/",
    "/theme.css",
    "/sitemap.xml",
]
# The seed page under the Turkish prefix: the site has no Turkish version.
TURKISH_SEED_URL = f"/tr{SEED_URL}"
SEO_REPORT_URL = "/admin/reports/seo-audit/"

GROUP_NAME = "Doctor editors"
EDITOR_USERNAME = "deniz"
SUPERUSER_USERNAME = "admin"
CLINIC_PHONE = "+90 212 555 01 23"
ACCENT_COLOUR = "#7a2e8f"
# Rich text with the features the field allows (bold, a link), and Turkish.
DISCLAIMER = (
    '<p data-block-key="d1">This page informs; it does not replace a '
    "<b>consultation</b> with your doctor. "
    '<a href="https://www.saglik.gov.tr/">T.C. Sağlık Bakanlığı</a>: '
    "İzmir, Çağlayan, Şişli.</p>"
)
# The seed page's unpublished draft changes its table's caption.
DRAFT_CAPTION_SUFFIX = " (draft)"
PHOTO_NAME = "ayse-yilmaz.png"
# The doctor's specialty in Turkish, in the translation translate.py starts.
TRANSLATED_SPECIALTY = "Çocuk nörolojisi"
CLINIC_APP = "clinic"
DOCTORS_APP = "doctors"


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


def fetch(url, username=None):
    """``url`` as an anonymous visitor (or ``username``) gets it, not
    followed: its status, Location and body."""
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.test import Client

    for cache in caches.all():
        cache.clear()
    client = Client(HTTP_HOST="localhost")
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "body": response.content.decode(errors="replace"),
    }


def admin_views(doctor_pk):
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
    base = f"/admin/snippets/{DOCTORS_APP}/doctor"
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


def _stream(body):
    """A StreamField's stored list, from a page (raw data) or a revision
    (JSON text, or already a list)."""
    if body is None:
        return []
    if isinstance(body, str):
        return json.loads(body)
    if hasattr(body, "raw_data"):
        return json.loads(json.dumps(list(body.raw_data), default=str))
    return body


def treatment_bodies():
    """Every treatment page's stored body, live and in its latest revision:
    {slug: {"live": [...], "latest_revision": [...], ...}}."""
    from django.apps import apps

    bodies = {}
    model = apps.get_model("treatments", "TreatmentPage")
    for page in model.objects.order_by("path"):
        revision = page.latest_revision
        content = revision.content if revision is not None else {}
        bodies[page.slug] = {
            "pk": page.pk,
            "has_unpublished_changes": page.has_unpublished_changes,
            "live_revision_id": page.live_revision_id,
            "latest_revision_id": revision.pk if revision is not None else None,
            "live": _stream(page.body),
            "latest_revision": _stream(content.get("body")),
        }
    return bodies


def database_tables():
    from django.db import connection

    return sorted(connection.introspection.table_names())


def applied_migrations():
    """The migrations the database records as applied: {app label: [name]}."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def clinic_texts():
    """The translatable clinic text's rows (this release's ``ClinicText``),
    with their language; None when the code has no such model."""
    from django.apps import apps
    from django.core import serializers

    try:
        model = apps.get_model(CLINIC_APP, "ClinicText")
    except LookupError:
        return None
    rows = []
    for text in model.objects.select_related("locale").order_by("pk"):
        fields = serializers.serialize("python", [text])[0]["fields"]
        fields["locale"] = text.locale.language_code
        rows.append({"pk": text.pk, "fields": fields})
    return rows


def collect():
    """Everything the upgrade must keep, as JSON-ready values."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from wagtail.models import (
        Locale,
        ModelLogEntry,
        Page,
        PageLogEntry,
        ReferenceIndex,
        Revision,
    )

    doctor_model = apps.get_model(DOCTORS_APP, "Doctor")
    index = apps.get_model(DOCTORS_APP, "DoctorIndexPage").objects.get()
    draft = index.get_latest_revision_as_object()
    clinic_model = apps.get_model(CLINIC_APP, "ClinicSettings")
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
        "content_types": sorted(
            [ct.pk, ct.app_label, ct.model] for ct in ContentType.objects.all()
        ),
        "permissions": sorted(
            [p.pk, p.content_type_id, p.codename] for p in Permission.objects.all()
        ),
        "groups": {
            group.name: sorted(
                [p.content_type.app_label, p.content_type.model, p.codename]
                for p in group.permissions.select_related("content_type")
            )
            for group in Group.objects.order_by("name")
        },
        "editor_can_change_doctor": editor.has_perm(f"{DOCTORS_APP}.change_doctor"),
        "clinic_settings": [
            {"pk": row["pk"], "fields": row["fields"]}
            for row in serializers.serialize(
                "python", clinic_model.objects.order_by("pk")
            )
        ],
        "clinic_texts": clinic_texts(),
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "pages_by_locale": {
            code: Page.objects.filter(locale__language_code=code, depth__gt=1).count()
            for code in Locale.objects.values_list("language_code", flat=True)
        },
        "treatment_bodies": treatment_bodies(),
        "tables": database_tables(),
        "migrations": applied_migrations(),
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
