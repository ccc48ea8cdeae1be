"""A translation is medical content: it goes through the medical review
before it is live, whichever wagtail-localize button an editor presses, and
shows its own reviewer and review date. Which fields are translated and which
are copied is decided on purpose."""

import datetime

import pytest
from django.urls import resolve, reverse
from django.utils import timezone
from wagtail.models import Locale, WorkflowState
from wagtail_localize.fields import (
    SynchronizedField,
    TranslatableField,
    get_translatable_fields,
)
from wagtail_localize.models import Translation, TranslationSource

from doctors.models import Doctor, DoctorIndexPage
from home.models import HomePage
from reviews.translations import ReviewedUpdateTranslationsView, translation_of
from tests.reviews.admin import workflow_action_url
from tests.reviews.conftest import MARKETING_EDITORS, MEDICAL_REVIEWERS, make_user
from treatments.models import TreatmentIndexPage, TreatmentPage


@pytest.fixture
def turkish(db):
    return Locale.objects.get(language_code="tr")


@pytest.fixture
def editor(db):
    return make_user("marketer", MARKETING_EDITORS)


@pytest.fixture
def reviewer(db):
    return make_user("drdemir", MEDICAL_REVIEWERS)


@pytest.fixture
def doctor(reviewer, turkish):
    english = Doctor.objects.create(
        honorific="Dr.",
        name="Ayşe Demir",
        specialty="Paediatric neurology",
        locale=Locale.get_default(),
        user=reviewer,
    )
    turkish_doctor = english.copy_for_translation(turkish)
    turkish_doctor.specialty = "Çocuk nörolojisi"
    turkish_doctor.save()
    return english


@pytest.fixture
def english_page(demo, doctor):
    """A live, reviewed English treatment page with no Turkish translation."""
    page = TreatmentPage(
        title="Botox for spasticity",
        slug="botox-for-spasticity",
        condition_name="Spasticity",
        summary="What botulinum toxin does for spasticity.",
        medical_reviewer=doctor,
        last_reviewed=datetime.date(2025, 1, 15),
    )
    demo.get_parent().add_child(instance=page)
    page.save_revision().publish()
    return page


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def translated(client, english_page, turkish, django_capture_on_commit_callbacks):
    """The Turkish translation made with "Translate this page" by a superuser."""
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    url = reverse("wagtail_localize:submit_page_translation", args=[english_page.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, root).post(url, {"locales": [turkish.pk]})
    assert response.status_code == 302
    client.logout()
    return TreatmentPage.objects.get(
        translation_key=english_page.translation_key, locale=turkish
    )


def test_translate_makes_an_unreviewed_draft_under_the_workflow(
    english_page, translated
):
    assert not translated.live
    assert translated.medical_reviewer is None and translated.last_reviewed is None
    assert translated.get_workflow().name == "Medical review"
    index_tr = translated.get_parent().specific
    assert isinstance(index_tr, TreatmentIndexPage)
    assert index_tr.get_workflow().name == "Medical review"
    assert translation_of(translated) is not None


def test_an_editor_cannot_publish_a_translation_past_the_review(
    client, editor, english_page, translated, django_capture_on_commit_callbacks
):
    client = login(client, editor)
    # The translation editor's "Publish" button.
    edit = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {"action": "publish"})
    assert response.status_code in (302, 403)
    # "Sync translated pages" with "Publish immediately".
    source = TranslationSource.objects.get_for_instance(english_page)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert sync.startswith("/admin/localize/update/")
    assert resolve(sync).func.view_class is ReviewedUpdateTranslationsView
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sync, {"publish_translations": "on"})
    # The admin answers a refusal with its dashboard and "Sorry, you do not
    # have permission".
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    translated.refresh_from_db()
    assert not translated.live


def test_a_translation_is_reviewed_and_gets_its_own_reviewer(
    client,
    editor,
    reviewer,
    doctor,
    turkish,
    english_page,
    translated,
    django_capture_on_commit_callbacks,
):
    translation = translation_of(translated)
    for segment in translation.source.stringsegment_set.select_related("string"):
        segment.string.translations.create(
            locale=turkish,
            context=segment.context,
            data="TR " + segment.string.data,
            translation_type="manual",
        )
    client = login(client, editor)
    submit = reverse("reviews_submit_translation", args=[translated.pk])
    # Offered in the page listing's "More" menu of the Turkish section.
    listing = reverse("wagtailadmin_explore", args=[translated.get_parent().pk])
    assert submit in client.get(listing).content.decode()
    page = client.get(submit)
    assert page.status_code == 200
    assert "Medical review" in page.content.decode()
    assert client.post(submit).status_code == 302

    translated.refresh_from_db()
    assert not translated.live
    state = WorkflowState.objects.for_instance(translated).active().get()
    assert state.workflow.name == "Medical review"
    draft = translated.get_latest_revision_as_object()
    assert draft.title == "TR Botox for spasticity"

    client = login(client, reviewer)
    url = workflow_action_url(translated, "approve", state.current_task_state)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"comment": ""}).status_code == 302
    translated.refresh_from_db()
    assert translated.live
    assert translated.title == "TR Botox for spasticity"
    assert translated.medical_reviewer == doctor.get_translation(turkish)
    assert translated.last_reviewed == timezone.localdate()
    english_page.refresh_from_db()
    assert english_page.medical_reviewer == doctor
    assert english_page.last_reviewed == datetime.date(2025, 1, 15)

    client.logout()
    html = client.get(translated.url).content.decode()
    assert "Çocuk nörolojisi" in html or "Ayşe Demir" in html


def test_only_who_may_edit_the_page_submits_it(client, translated):
    other = make_user("outsider")
    submit = reverse("reviews_submit_translation", args=[translated.pk])
    assert login(client, other).post(submit).status_code in (302, 403)
    assert not WorkflowState.objects.for_instance(translated).exists()


# --- translated or copied -------------------------------------------------------


def classification(model):
    fields = get_translatable_fields(model)
    return (
        {f.field_name for f in fields if isinstance(f, TranslatableField)},
        {f.field_name for f in fields if isinstance(f, SynchronizedField)},
    )


PAGE_TRANSLATED = {"title", "slug", "seo_title", "search_description"}
PAGE_TRANSLATED |= {"focus_keyphrase"}
PAGE_COPIED = {"og_image", "robots_noindex", "robots_nofollow", "show_in_menus"}


@pytest.mark.parametrize(
    ("model", "translated", "copied"),
    [
        (
            TreatmentPage,
            {"condition_name", "summary", "body"},
            {"hero_image"},
        ),
        (TreatmentIndexPage, {"intro"}, set()),
        (HomePage, {"intro", "contact_heading"}, {"featured_treatments"}),
        (DoctorIndexPage, {"intro"}, set()),
    ],
)
def test_pages_translate_text_and_copy_the_rest(model, translated, copied):
    assert classification(model) == (PAGE_TRANSLATED | translated, PAGE_COPIED | copied)
    neither = {"canonical_url", "medical_reviewer", "last_reviewed"}
    assert not neither & set().union(*classification(model))


def test_doctor_text_is_translated_and_the_name_copied():
    assert classification(Doctor) == (
        {"honorific", "specialty", "bio"},
        {"name", "slug", "photo", "profile_url"},
    )


def test_a_doctor_translation_round_trip(
    doctor, turkish, django_capture_on_commit_callbacks
):
    english = Doctor.objects.create(
        name="Mehmet Kaya", specialty="Orthopaedics", bio="Treats children's joints."
    )
    source, _created = TranslationSource.get_or_create_from_instance(english)
    strings = {
        s.string.data: s for s in source.stringsegment_set.select_related("string")
    }
    assert set(strings) == {"Orthopaedics", "Treats children's joints."}
    for text, segment in strings.items():
        segment.string.translations.create(
            locale=turkish,
            context=segment.context,
            data={"Orthopaedics": "Ortopedi"}.get(
                text, "Çocukların eklemlerini tedavi eder."
            ),
            translation_type="manual",
        )
    translation = Translation.objects.create(source=source, target_locale=turkish)
    translation.save_target(publish=True)
    doctor_tr = english.get_translation(turkish)
    assert (doctor_tr.name, doctor_tr.specialty) == ("Mehmet Kaya", "Ortopedi")
    assert doctor_tr.slug == english.slug
    assert doctor_tr.user is None

    english.name = "Mehmet Ali Kaya"
    english.save()
    source.update_from_db()
    translation.save_target(publish=True)
    doctor_tr.refresh_from_db()
    assert doctor_tr.name == "Mehmet Ali Kaya"
    assert doctor_tr.specialty == "Ortopedi"
