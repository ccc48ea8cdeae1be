"""Give a site of the previous release what a real one has, then record it.

Run with the previous release's code tree on ``PYTHONPATH``, after
``migrate`` and ``load_demo_content``: ``python before.py OUT.json``.

It adds:

- a "Doctor editors" group that may view and change doctors, and an editor in it;
- a doctor with a photo (a real PNG file in the media folder), two revisions
  and the log entries the admin writes for them. ``Doctor`` is not a
  ``RevisionMixin`` model, so nothing in the admin makes its revisions; they
  are made with Wagtail's ``Revision`` model as ``RevisionMixin.save_revision``
  does, which is how revisions of it would exist;
- a published edit and an unpublished draft of the /doctors/ page;
- a phone number, an accent colour, a logo and a medical disclaimer (rich
  text, with Turkish letters) in the clinic's settings, which this release
  carries into its translatable clinic text;
- an unpublished draft of the seed page whose data table's caption differs
  from the live one, so that the upgrade must convert the table in the live
  page and in its latest revision, each on its own.

Then it writes what ``site_facts.collect`` records, the public pages as an
anonymous visitor gets them, and the doctor's admin views as the editor sees
them.
"""

import io

import site_facts
from django.db import transaction
from site_facts import (
    ACCENT_COLOUR,
    CLINIC_APP,
    CLINIC_PHONE,
    DISCLAIMER,
    DOCTOR_NAME,
    DOCTORS_APP,
    DRAFT_CAPTION_SUFFIX,
    EDITOR_USERNAME,
    GROUP_NAME,
    PHOTO_NAME,
    SEED_SLUG,
    SUPERUSER_USERNAME,
)

DRAFT_INTRO = "A draft introduction that nobody has published yet."
LIVE_INTRO = "The doctors who treat our patients, and what each of them reviews."


def png_bytes():
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (48, 64), (122, 46, 143)).save(buffer, format="PNG")
    return buffer.getvalue()


def save_revision(obj, user):
    """A revision of ``obj`` and its log entry, as RevisionMixin would make them."""
    from modelcluster.models import get_serializable_data_for_fields
    from wagtail.log_actions import log
    from wagtail.models import Revision

    revision = Revision.objects.create(
        content_object=obj,
        user=user,
        object_str=str(obj),
        content=get_serializable_data_for_fields(obj),
    )
    log(instance=obj, action="wagtail.edit", user=user, revision=revision)
    return revision


def draft_seed_page(user):
    """A draft of the seed page whose table caption differs from the live one."""
    import json

    from django.apps import apps

    page = apps.get_model("treatments", "TreatmentPage").objects.get(slug=SEED_SLUG)
    draft = page.get_latest_revision_as_object()
    body = json.loads(json.dumps(list(draft.body.raw_data), default=str))
    tables = [block for block in body if block["type"] == "table"]
    if not tables:
        raise AssertionError("the seed page has no data table")
    tables[0]["value"]["table_caption"] += DRAFT_CAPTION_SUFFIX
    draft.body = json.dumps(body)
    draft.save_revision(user=user, log_action=True)


@transaction.atomic
def build():
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model
    from wagtail.log_actions import log
    from wagtail.models import Locale, Site

    doctor_model = apps.get_model(DOCTORS_APP, "Doctor")
    index_model = apps.get_model(DOCTORS_APP, "DoctorIndexPage")
    clinic_model = apps.get_model(CLINIC_APP, "ClinicSettings")

    group = Group.objects.create(name=GROUP_NAME)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=DOCTORS_APP, codename=name)
            for name in ("change_doctor", "view_doctor")
        ]
        + [Permission.objects.get(codename="access_admin")]
    )
    editor = get_user_model().objects.create_user(
        EDITOR_USERNAME, email="deniz@example.com", first_name="Deniz"
    )
    editor.groups.add(group)
    admin = get_user_model().objects.create_superuser(
        SUPERUSER_USERNAME, email="admin@example.com"
    )

    photo = get_image_model().objects.create(
        title="Dr. Ayşe Yılmaz",
        file=ContentFile(png_bytes(), name=PHOTO_NAME),
        uploaded_by_user=editor,
    )

    doctor = doctor_model.objects.create(
        honorific="Doç. Dr.",
        name=DOCTOR_NAME,
        specialty="Paediatric neurology",
        bio="Treats children with cerebral palsy.",
        locale=Locale.get_default(),
    )
    log(instance=doctor, action="wagtail.create", user=editor)
    save_revision(doctor, editor)
    doctor.photo = photo
    doctor.bio = (
        "Treats children with cerebral palsy and reviews the clinic's pages "
        "on neurological conditions."
    )
    doctor.save()
    save_revision(doctor, editor)

    index = index_model.objects.get(slug="doctors")
    index.intro = LIVE_INTRO
    index.save_revision(user=admin, log_action=True).publish(user=admin)
    index.intro = DRAFT_INTRO
    index.save_revision(user=editor, log_action=True)

    clinic = clinic_model.for_site(Site.objects.get(is_default_site=True))
    clinic.phone = CLINIC_PHONE
    clinic.accent_colour = ACCENT_COLOUR
    clinic.logo = photo
    clinic.medical_disclaimer = DISCLAIMER
    clinic.save()

    draft_seed_page(editor)
    return doctor


def main():
    out = site_facts.out_path()
    site_facts.setup()
    doctor = build()
    facts = site_facts.collect()
    facts["pages"] = site_facts.render_pages()
    facts["admin"] = site_facts.admin_views(doctor.pk)
    site_facts.write(out, facts)


if __name__ == "__main__":
    main()
