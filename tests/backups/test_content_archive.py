"""export_content and import_content: a backup that restores the same site.

How a test gets an empty database: pytest-django's database starts every test
exactly as ``migrate`` left it (each test runs in a transaction that is rolled
back). ``made_then_undone()`` builds the site inside a savepoint, exports it,
and rolls the savepoint back, which returns the database to that
freshly-migrated state: the HomePage, Site and locales the migrations create,
and nothing else. That is the real "empty database" an import meets on a new
server, at no cost, and unlike ``flush`` it does not wipe the migrations' rows
(root page, groups, workflow) for the tests that run afterwards. Two things a
rollback does not undo are undone by hand: the uploaded files (the media
folder is deleted) and PostgreSQL's id sequences (set back to the highest id
left, as on a new server, so a missing sequence reset after the import fails).
"""

import hashlib
import io
import json
import re
import shutil
import zipfile
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Site,
    Task,
    WorkflowPage,
)
from wagtailseo.models import SeoSettings

from backups.archive.scope import archived_models
from clinic.models import ClinicSettings
from doctors.models import Doctor
from tests.conftest import SEED_URL
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

SEED_SLUG = "stem-cell-therapy-for-cerebral-palsy"

ARCHIVED_MODELS = [
    "clinic.clinicsettings",
    "clinic.clinictext",
    "doctors.doctor",
    "doctors.doctorindexpage",
    "enquiries.consenttext",
    "enquiries.contactpage",
    "enquiries.enquirysettings",
    "enquiries.privacynoticepage",
    "home.homepage",
    "home.homepagefeaturedtreatment",
    "reviews.medicalreviewtask",
    "search.indexedpagewords",
    "search.noresultsdailyhits",
    "search.searchsynonym",
    "search.searchterm",
    "taggit.tag",
    "taggit.taggeditem",
    "treatments.treatmentindexpage",
    "treatments.treatmentpage",
    "wagtail_localize.localesynchronization",
    "wagtail_localize.overridablesegment",
    "wagtail_localize.relatedobjectsegment",
    "wagtail_localize.segmentoverride",
    "wagtail_localize.string",
    "wagtail_localize.stringsegment",
    "wagtail_localize.stringtranslation",
    "wagtail_localize.template",
    "wagtail_localize.templatesegment",
    "wagtail_localize.translatableobject",
    "wagtail_localize.translation",
    "wagtail_localize.translationcontext",
    "wagtail_localize.translationlog",
    "wagtail_localize.translationsource",
    "wagtailcore.collection",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.groupapprovaltask",
    "wagtailcore.groupcollectionpermission",
    "wagtailcore.grouppagepermission",
    "wagtailcore.groupsitepermission",
    "wagtailcore.locale",
    "wagtailcore.modellogentry",
    "wagtailcore.page",
    "wagtailcore.pagelogentry",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.revision",
    "wagtailcore.site",
    "wagtailcore.task",
    "wagtailcore.taskstate",
    "wagtailcore.workflow",
    "wagtailcore.workflowcontenttype",
    "wagtailcore.workflowpage",
    "wagtailcore.workflowstate",
    "wagtailcore.workflowtask",
    "wagtaildocs.document",
    "wagtailforms.formsubmission",
    "wagtailimages.image",
    "wagtailredirects.redirect",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
    "wagtailsearchpromotions.searchpromotion",
    "wagtailseo.seosettings",
]

LEAFLET = b"What families should know before the first application.\n"
DRAFT_SUMMARY = "A draft summary that nobody has published yet."
TURKISH_TITLE = "Serebral Palside Kök Hücre Tedavisi"
EDITOR_PASSWORD = "a-long-editor-password"
# The enquiry form carries a CSRF token and a signed form token that are new in
# every response by design; everything else in a page must match byte for byte.
PER_RESPONSE_TOKEN = re.compile(
    rb'(name="(?:csrfmiddlewaretoken|form_token)" value=")[^"]*"'
)


# --- building the site and looking at it -------------------------------------


def build_site():
    """The demo site plus what a real one has: media, a draft, a redirect..."""
    call_command("load_demo_content", verbosity=0)
    seed = seed_page()
    editor = get_user_model().objects.create_user(
        "ayse",
        email="ayse@example.com",
        password=EDITOR_PASSWORD,
        first_name="Ayşe",
        last_name="Kaya",
    )
    editor.groups.add(Group.objects.get(name="Moderators"))
    photos = Collection.get_first_root_node().add_child(name="Clinic photos")
    image = Image.objects.create(
        title="MRI scan",
        file=get_test_image_file(filename="mri.png"),
        collection=photos,
        uploaded_by_user=editor,
    )
    image.tags.add("mri")
    document = Document.objects.create(
        title="Family leaflet",
        file=ContentFile(LEAFLET, name="leaflet.txt"),
        uploaded_by_user=editor,
    )

    body = list(seed.body.raw_data)
    body.append(
        {
            "type": "paragraph",
            "value": f'<p>Read the <a linktype="document" id="{document.pk}">'
            "family leaflet</a>.</p>",
        }
    )
    body.append(
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "An MRI scan of a child's brain",
                "caption": "Before treatment",
            },
        }
    )
    seed.body = body
    seed.owner = editor
    seed.save_revision(user=editor, log_action=True).publish(user=editor)
    seed.refresh_from_db()
    assert [block.block_type for block in seed.body][-2:] == ["paragraph", "image"]
    live_summary = seed.summary
    seed.summary = DRAFT_SUMMARY
    seed.save_revision(user=editor, log_action=True)

    site = Site.objects.get(is_default_site=True)
    clinic = ClinicSettings.for_site(site)
    clinic.logo = image
    clinic.phone = "+90 212 000 00 00"
    clinic.save()
    seo = SeoSettings.for_site(site)
    seo.og_image_default = image
    seo.twitter_site = "@clinic"
    seo.save()
    Redirect.objects.create(old_path="/old-cerebral-palsy-page", redirect_page=seed)
    SearchPromotion.objects.create(
        query=Query.get("stem cells"),
        page=seed,
        sort_order=0,
        description="Our main treatment.",
    )

    turkish = Locale.objects.get(language_code="tr")
    seed = TreatmentPage.objects.get(pk=seed.pk)
    # The demo has the Turkish home page, treatments section and seed page.
    seed_tr = seed.get_translation(turkish)
    assert seed_tr.title == TURKISH_TITLE
    return {
        "seed": seed,
        "seed_tr": seed_tr,
        "image": image,
        "document": document,
        "live_summary": live_summary,
    }


def seed_page():
    return TreatmentPage.objects.get(slug=SEED_SLUG, locale__language_code="en")


def page_urls():
    seed_tr = TreatmentPage.objects.get(title=TURKISH_TITLE)
    return ["/", "/treatments/", SEED_URL, seed_tr.url]


def render(client, urls):
    """Each page as a first visitor gets it (no page cache, no session)."""
    pages = {}
    for url in urls:
        for cache in caches.all():
            cache.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Wagtail-Cache"] == "miss"
        tokens = PER_RESPONSE_TOKEN.findall(response.content)
        assert len(tokens) in (0, 2), url  # the enquiry form has both or neither
        pages[url] = PER_RESPONSE_TOKEN.sub(rb'\1TOKEN"', response.content)
    return pages


def as_data(queryset):
    """Rows as Django serialises them (StreamField as JSON text), to compare."""
    return serializers.serialize("python", queryset.order_by("pk"))


def site_state(client):
    """Everything the round trip must keep, as plain comparable values."""
    seed = seed_page()
    image = Image.objects.get()
    document = Document.objects.get()
    with image.file.open("rb") as stored:
        image_bytes = stored.read()
    with document.file.open("rb") as stored:
        document_bytes = stored.read()
    return {
        "html": render(client, page_urls()),
        "tree": list(
            Page.objects.order_by("path").values_list(
                "pk", "path", "url_path", "live", "locale__language_code"
            )
        ),
        "seed_revisions": [
            (r.pk, r.created_at, r.user.get_username() if r.user else None, r.content)
            for r in seed.revisions.order_by("pk")
        ],
        "revision_count": Revision.objects.count(),
        "latest_draft_summary": seed.get_latest_revision_as_object().summary,
        "live_summary": seed.summary,
        "log": list(
            PageLogEntry.objects.order_by("pk").values_list(
                "pk", "page_id", "action", "timestamp", "user__username", "revision_id"
            )
        ),
        "image": (image.pk, image.file.name, image.collection.name, image_bytes),
        "image_tags": sorted(image.tags.names()),
        "image_uploader": image.uploaded_by_user.get_username(),
        "document": (document.pk, document.file.name, document_bytes),
        "document_download": b"".join(client.get(document.url).streaming_content),
        "settings": as_data(ClinicSettings.objects) + as_data(SeoSettings.objects),
        "sites": as_data(Site.objects),
        "doctors": as_data(Doctor.objects),
        "redirect": client.get("/old-cerebral-palsy-page")["Location"],
        "promotions": list(
            SearchPromotion.objects.values_list(
                "query__query_string", "page_id", "description"
            )
        ),
        "governance": governance(),
    }


def governance():
    """Who may do what where, and which pages go through which workflow."""
    return {
        "workflows": sorted(
            WorkflowPage.objects.values_list("page__url_path", "workflow__name")
        ),
        "tasks": sorted(
            (task.name, type(task).__name__, sorted(g.name for g in task.groups.all()))
            for task in Task.objects.specific()
            if hasattr(task, "groups")
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page__url_path", "permission__codename"
            )
        ),
        "collection_permissions": GroupCollectionPermission.objects.count(),
    }


# --- getting an empty database -----------------------------------------------


@contextmanager
def made_then_undone():
    """Run the block in a savepoint, then roll it back (see the module doc)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def restart_sequences():
    """Set id sequences to the highest id left, as in a newly migrated database."""
    models = [*archived_models(), get_user_model()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def empty_media(settings):
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def export(path):
    out = io.StringIO()
    call_command("export_content", str(path), stdout=out, stderr=out)
    return out.getvalue()


def import_(path, *args):
    out = io.StringIO()
    call_command("import_content", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


_ARCHIVE_IN_AN_EMPTY_DATABASE = {}


@pytest.fixture
def archive(tmp_path, settings):
    """An archive of the full site, with the database back to freshly migrated.

    Built and exported once per run, then copied for each test with the ids
    it holds: the database each test starts from is the same freshly migrated
    one, so every build would give the same archive. The sequences are set
    back for each test, so ids made after an import still show whether the
    import moved them past what it restored.
    """
    if not _ARCHIVE_IN_AN_EMPTY_DATABASE:
        built_path = tmp_path / "built.zip"
        with made_then_undone():
            built = build_site()
            export(built_path)
        _ARCHIVE_IN_AN_EMPTY_DATABASE.update(
            bytes=built_path.read_bytes(),
            ids={key: value.pk for key, value in built.items() if hasattr(value, "pk")},
        )
    empty_media(settings)
    restart_sequences()
    path = tmp_path / "backup.zip"
    path.write_bytes(_ARCHIVE_IN_AN_EMPTY_DATABASE["bytes"])
    return {"path": path, **_ARCHIVE_IN_AN_EMPTY_DATABASE["ids"]}


_ARCHIVE_OF_THE_FULL_SITE = {}


@pytest.fixture
def full_archive(demo, tmp_path, settings):
    """A copy of an archive of the full site, for tests that damage it.

    Built once per run, on top of the shared demo site and rolled back, then
    copied for each test: those tests need a real archive to break, not
    particular ids, and building the site for each of them took most of
    their time. The tests that compare ids or import into an empty database
    use ``archive``.
    """
    if "bytes" not in _ARCHIVE_OF_THE_FULL_SITE:
        built = tmp_path / "built.zip"
        with made_then_undone():
            build_site()
            export(built)
        empty_media(settings)
        _ARCHIVE_OF_THE_FULL_SITE["bytes"] = built.read_bytes()
    path = tmp_path / "backup.zip"
    path.write_bytes(_ARCHIVE_OF_THE_FULL_SITE["bytes"])
    return path


# --- the round trip ----------------------------------------------------------


def test_archived_models_are_a_deliberate_list():
    """A new model is archived by default; this list makes that visible."""
    assert sorted(m._meta.label_lower for m in archived_models()) == ARCHIVED_MODELS


def test_round_trip_into_an_empty_database_restores_the_same_site(
    client, tmp_path, settings, django_user_model
):
    path = tmp_path / "backup.zip"
    with made_then_undone():
        built = build_site()
        before = site_state(client)
        pages = Page.objects.count()
        message = export(path)
    assert f"{pages} pages" in message

    # The savepoint is gone: this is the database migrate made.
    assert sorted(Page.objects.values_list("depth", "slug")) == [
        (1, "root"),
        (2, "home"),
    ]
    assert not Revision.objects.exists()
    assert not Image.objects.exists()
    assert not django_user_model.objects.filter(username="ayse").exists()
    empty_media(settings)
    assert not default_storage.exists(before["image"][1])
    restart_sequences()

    message = import_(path)
    assert f"Restored {pages} pages" in message
    assert "ayse" in message  # the author the content refers to was created
    after = site_state(client)

    # The three pages the issue names (and the Turkish one) byte for byte:
    # nothing in them differs per request (no CSRF token, no nonce).
    assert after["html"] == before["html"]
    seed_html = before["html"][SEED_URL].decode()
    assert f'href="/documents/{built["document"].pk}/leaflet.txt"' in seed_html
    assert 'alt="An MRI scan of a child&#x27;s brain"' in seed_html
    assert 'hreflang="tr"' in seed_html
    assert DRAFT_SUMMARY not in seed_html

    # Ids, authors, content and times to the microsecond (Django's JSON
    # encoder keeps milliseconds only; the archive keeps them all).
    assert after["seed_revisions"] == before["seed_revisions"]
    assert len(after["seed_revisions"]) == 3
    assert after["revision_count"] == before["revision_count"]
    assert after["latest_draft_summary"] == DRAFT_SUMMARY
    assert after["live_summary"] == built["live_summary"] != DRAFT_SUMMARY
    for key in ("tree", "log", "image", "image_tags", "document", "settings"):
        assert after[key] == before[key], key
    assert after["document_download"] == LEAFLET
    assert after["image_uploader"] == "ayse"
    for key in ("sites", "doctors", "redirect", "promotions"):
        assert after[key] == before[key], key
    assert after["redirect"].endswith(SEED_URL)

    # The restored /treatments/ section is still under medical review.
    assert after["governance"] == before["governance"]
    assert ("/home/treatments/", "Medical review") in before["governance"]["workflows"]


def test_restored_history_is_shown_in_the_admin(client, archive, django_user_model):
    import_(archive["path"])
    ayse = django_user_model.objects.get(username="ayse")
    assert not ayse.has_usable_password()
    assert (ayse.first_name, ayse.last_name) == ("Ayşe", "Kaya")
    assert [group.name for group in ayse.groups.all()] == ["Moderators"]

    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(admin)
    seed = TreatmentPage.objects.get(pk=archive["seed"])
    response = client.get(reverse("wagtailadmin_pages:history", args=(seed.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Ayşe Kaya") >= 3  # created, published and the draft
    draft = seed.get_latest_revision()
    response = client.get(
        reverse("wagtailadmin_pages:revisions_view", args=(seed.pk, draft.pk))
    )
    assert response.status_code == 200
    assert DRAFT_SUMMARY in response.content.decode()


def test_new_content_after_an_import_gets_new_ids(archive):
    """The id sequences continue after the restored rows (PostgreSQL)."""
    import_(archive["path"])
    index = Page.objects.get(url_path="/home/treatments/")
    page = TreatmentPage(
        title="Botox for spasticity",
        slug="botox",
        condition_name="Spasticity",
        summary="Injections that relax muscles.",
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    image = Image.objects.create(title="New", file=get_test_image_file())
    assert page.pk > archive["seed_tr"]
    assert revision.pk > Revision.objects.exclude(pk=revision.pk).latest("pk").pk
    assert image.pk > archive["image"]


def test_an_existing_user_is_matched_by_username_and_left_alone(
    archive, django_user_model
):
    existing = django_user_model.objects.create_user(
        "ayse", password=EDITOR_PASSWORD, first_name="Ayşe (local)"
    )
    import_(archive["path"])
    existing.refresh_from_db()
    assert existing.check_password(EDITOR_PASSWORD)
    assert existing.first_name == "Ayşe (local)"
    seed = TreatmentPage.objects.get(pk=archive["seed"])
    assert seed.get_latest_revision().user == existing


def locale_fields(label):
    """The names of the fields of model ``label`` that point at a locale."""
    return [
        field.name
        for field in apps.get_model(label)._meta.local_concrete_fields
        if field.is_relation and field.related_model is Locale
    ]


def other_database_ids(members):
    """The archive as another database would write it: other ids for the
    content types, locales and users (whose ids are not kept on import)."""
    manifest = json.loads(members["manifest.json"])
    shift = {"content_type": 1000, "locale": 100, "owner": 500, "locked_by": 500}
    lines = []
    for line in members["data.jsonl"].decode().splitlines():
        row = json.loads(line)
        if row["model"] == "wagtailcore.locale":
            row["pk"] += shift["locale"]
        # Every foreign key to a locale (wagtail-localize's rows name theirs
        # target_locale, sync_from...), as the Turkish demo has them all.
        for name in locale_fields(row["model"]):
            if row["fields"].get(name) is not None:
                row["fields"][name] += shift["locale"]
        content = (
            row["fields"].get("content") if row["model"].endswith("revision") else None
        )
        for key, offset in shift.items():
            if content and isinstance(content.get(key), int):
                content[key] += offset
        lines.append(json.dumps(row))
    data = ("\n".join(lines) + "\n").encode()
    manifest["content_types"] = {
        str(int(pk) + shift["content_type"]): key
        for pk, key in manifest["content_types"].items()
    }
    for user in manifest["users"]:
        user["pk"] += shift["owner"]
    manifest["data"].update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    members["data.jsonl"] = data
    members["manifest.json"] = json.dumps(manifest).encode()


def test_ids_that_differ_between_databases_are_translated(archive, tmp_path):
    """Content types, locales and users are matched by their natural keys,
    in foreign keys and inside revision JSON alike."""
    import_(damaged(archive["path"], tmp_path, other_database_ids))
    seed_tr = TreatmentPage.objects.get(pk=archive["seed_tr"])
    assert seed_tr.locale == Locale.objects.get(language_code="tr")
    assert seed_page().locale == Locale.objects.get(language_code="en")
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == [
        "en",
        "tr",
    ]
    ayse = get_user_model().objects.get(username="ayse")
    assert seed_page().owner == ayse
    owners = set()
    for page in (seed_page(), seed_tr):
        for revision in page.revisions.all():
            assert revision.content["content_type"] == page.content_type_id
            assert revision.content["locale"] == page.locale_id
            owners.add(revision.content["owner"])
    assert owners == {None, ayse.pk}
    assert seed_page().get_latest_revision_as_object().summary == DRAFT_SUMMARY


# --- refusing, and changing nothing -------------------------------------------


def fingerprint():
    """Every archived table's rows, to show that nothing changed."""
    return {
        model._meta.label_lower: as_data(model._base_manager.all())
        for model in archived_models()
    }


def test_an_import_brings_the_planner_statistics_up_to_date(archive):
    """Thousands of rows at once: the planner must not plan for an empty site."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        import_(archive["path"])
    assert TreatmentPage.objects.exists()
    # Inside the test's transaction VACUUM cannot run; ANALYZE can.
    assert queries.captured_queries[-1]["sql"] == "ANALYZE"


def test_import_into_a_database_with_content_is_refused(archive):
    call_command("load_demo_content", verbosity=0)
    before = fingerprint()
    with pytest.raises(CommandError) as error:
        import_(archive["path"])
    message = str(error.value)
    assert "already holds content" in message
    assert "--replace" in message
    # The demo's English and Turkish seed pages.
    assert f"{TreatmentPage.objects.count()} treatment pages" in message
    assert fingerprint() == before


def test_replace_deletes_the_content_and_keeps_the_files_it_restores(
    client, tmp_path, django_capture_on_commit_callbacks
):
    """Restoring a site from its own backup: the files are the same files.

    Wagtail deletes an image's file once a deleted image's transaction
    commits; the import must not let that delete the files it restored.
    """
    built = build_site()
    before = site_state(client)
    path = tmp_path / "backup.zip"
    export(path)
    seed = TreatmentPage.objects.get(pk=built["seed"].pk)
    seed.title = "Edited after the backup"
    seed.save_revision().publish()
    TreatmentPage.objects.get(title=TURKISH_TITLE).delete()

    with django_capture_on_commit_callbacks(execute=True):
        message = import_(path, "--replace")
    assert "Deleted the previous content" in message
    assert "0 files written, 2 already in storage" in message
    assert default_storage.exists(before["image"][1])
    assert default_storage.exists(before["document"][1])
    after = site_state(client)
    assert after["html"] == before["html"]
    assert after["seed_revisions"] == before["seed_revisions"]


def damaged(path, tmp_path, change):
    """A copy of the archive with ``change(members)`` applied to its members."""
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    change(members)
    copy = tmp_path / "damaged.zip"
    with zipfile.ZipFile(copy, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return copy


def edit_manifest(edit):
    def change(members):
        manifest = json.loads(members["manifest.json"])
        edit(manifest, members)
        members["manifest.json"] = json.dumps(manifest).encode()

    return change


def add_object(line):
    """Append a row to data.jsonl and fix the checksum: a consistent archive."""

    def edit(manifest, members):
        data = members["data.jsonl"] + json.dumps(line).encode() + b"\n"
        members["data.jsonl"] = data
        manifest["data"]["sha256"] = hashlib.sha256(data).hexdigest()
        manifest["data"]["size"] = len(data)

    return edit_manifest(edit)


def future_migration(manifest, members):
    manifest["migrations"]["home"].append("0099_from_the_future")


def tampered_data(members):
    members["data.jsonl"] = members["data.jsonl"].replace(b"Cerebral", b"Cerebrum")


def tampered_image(members):
    members["media/original_images/mri.png"] += b"garbage"


def missing_image(members):
    del members["media/original_images/mri.png"]


BROKEN_REDIRECT = {
    "model": "wagtailredirects.redirect",
    "pk": 999,
    "fields": {
        "old_path": "/points-at-nothing",
        "site": None,
        "is_permanent": True,
        "redirect_page": 99999,
        "redirect_page_route_path": "",
        "redirect_link": "",
        "automatically_created": False,
        "created_at": None,
    },
}

UNKNOWN_MODEL = {"model": "home.nosuchmodel", "pk": 1, "fields": {}}


def missing(path, tmp):
    return tmp / "nowhere.zip"


def directory(path, tmp):
    return tmp


def not_a_zip(path, tmp):
    bad = tmp / "notes.zip"
    bad.write_text("Not an archive.")
    return bad


def truncated(path, tmp):
    bad = tmp / "cut.zip"
    bad.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return bad


def changed(change):
    return lambda path, tmp: damaged(path, tmp, change)


def without_manifest(members):
    del members["manifest.json"]


def manifest_not_json(members):
    members["manifest.json"] = b"{not json"


def manifest_of_something_else(members):
    members["manifest.json"] = b'{"format": "someone-elses-backup"}'


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (missing, "does not exist"),
        (directory, "is not a file"),
        (not_a_zip, "not a zip file"),
        (truncated, "not a zip file"),
        (changed(without_manifest), "has no manifest.json"),
        (changed(manifest_not_json), "manifest.json is not valid JSON"),
        (
            changed(manifest_of_something_else),
            "does not describe a clinic-cms-content-archive",
        ),
        (
            changed(edit_manifest(future_migration)),
            "home: the archive has 0099_from_the_future",
        ),
        (changed(tampered_data), "data.jsonl does not match the checksum"),
        (
            changed(tampered_image),
            "The file original_images/mri.png in the archive is damaged",
        ),
        (
            changed(missing_image),
            "The archive lacks the file original_images/mri.png",
        ),
        (changed(add_object(BROKEN_REDIRECT)), "nothing was changed"),
        (changed(add_object(UNKNOWN_MODEL)), "nothing was changed"),
    ],
    ids=[
        "missing-file",
        "a-directory",
        "not-a-zip",
        "truncated",
        "no-manifest",
        "manifest-not-json",
        "not-our-format",
        "newer-schema",
        "data-edited",
        "image-damaged",
        "image-missing",
        "dangling-foreign-key",
        "unknown-model",
    ],
)
def test_a_bad_archive_changes_nothing_even_with_replace(
    demo, full_archive, tmp_path, make, message
):
    """The database keeps its content and storage keeps only its own files."""
    before = fingerprint()
    bad = make(full_archive, tmp_path)
    with pytest.raises(CommandError) as error:
        import_(bad, "--replace")
    assert message in str(error.value)
    assert fingerprint() == before
    # The image is restored before the failing rows: its file went again.
    assert not default_storage.exists("original_images/mri.png")
    assert not default_storage.exists("documents/leaflet.txt")


def test_export_warns_about_a_file_missing_from_storage(tmp_path, settings):
    """The rest is still backed up; the import says which file is gone."""
    path = tmp_path / "backup.zip"
    with made_then_undone():
        built = build_site()
        default_storage.delete(built["document"].file.name)
        message = export(path)
    assert "documents/leaflet.txt is missing from storage" in message
    empty_media(settings)
    message = import_(path)
    assert "its file documents/leaflet.txt was missing" in message
    assert Document.objects.get().file.name == "documents/leaflet.txt"
    assert default_storage.exists(Image.objects.get().file.name)


def test_export_replaces_an_old_archive_only_when_done(tmp_path, demo):
    path = tmp_path / "backup.zip"
    path.write_bytes(b"last night's archive")
    with pytest.raises(CommandError, match="name it \\*.zip"):
        export(tmp_path / "backup.tar")
    export(path)
    with zipfile.ZipFile(path) as zf:
        assert {"manifest.json", "data.jsonl"} <= set(zf.namelist())
    assert [p.name for p in tmp_path.iterdir()] == ["backup.zip"]
