"""Start a Turkish translation of the doctor on the upgraded site.

Run with this code tree on ``PYTHONPATH``, after ``after.py`` recorded the
upgraded site and before it is backed up: ``python translate.py OUT.json``.
A site of the previous release has no wagtail-localize rows to carry, so the
backup's round trip of them would prove nothing; this gives them some, as
"Translate" in the doctor's menu does: the doctor's translation source with
its strings and segments, a translation into Turkish, and one string
translated. The translated doctor itself is not created (no visitor or
editor view recorded by ``after.py`` changes). It writes what it made.
"""

import site_facts
from django.db import transaction
from site_facts import DOCTOR_SLUG, DOCTORS_APP, EDITOR_USERNAME, TRANSLATED_SPECIALTY


@transaction.atomic
def translate():
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    doctor = apps.get_model(DOCTORS_APP, "Doctor").objects.get(slug=DOCTOR_SLUG)
    source, _created = TranslationSource.get_or_create_from_instance(doctor)
    turkish = Locale.objects.get(language_code="tr")
    translation = Translation.objects.create(source=source, target_locale=turkish)
    segment = StringSegment.objects.select_related("string", "context").get(
        source=source, string__data=doctor.specialty
    )
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=turkish,
        context=segment.context,
        data=TRANSLATED_SPECIALTY,
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        last_translated_by=get_user_model().objects.get(username=EDITOR_USERNAME),
    )
    return {"source": source.pk, "translation": str(translation.uuid)}


def main():
    out = site_facts.out_path()
    site_facts.setup()
    site_facts.write(out, translate())


if __name__ == "__main__":
    main()
