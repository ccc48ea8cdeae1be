"""The content archive keeps translation work (``backups/archive/scope.py``):
strings translated but not yet on any page come back, and a restored
translation still follows its source."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from tests.backups.test_content_archive import (
    empty_media,
    export,
    import_,
    made_then_undone,
    restart_sequences,
)
from tests.conftest import SEED_SLUG
from treatments.models import TreatmentPage

UNPUBLISHED = "Yalnızca çeviri belleğinde duran bir çeviri."


def translation_work():
    return {
        "sources": sorted(
            TranslationSource.objects.values_list("object_id", "locale__language_code")
        ),
        "translations": sorted(
            Translation.objects.values_list(
                "source__object_id", "target_locale__language_code", "enabled"
            )
        ),
        "strings": sorted(
            StringTranslation.objects.values_list(
                "translation_of__data", "locale__language_code", "data"
            )
        ),
    }


@pytest.mark.django_db
def test_translation_work_survives_an_export_and_import(tmp_path, settings):
    path = tmp_path / "backup.zip"
    with made_then_undone():
        call_command("load_demo_content", verbosity=0)
        page = TreatmentPage.objects.get(slug=SEED_SLUG)
        source = TranslationSource.objects.get_for_instance(page)
        turkish = Locale.objects.get(language_code="tr")
        # A translator's work that is on no page yet: a changed English text
        # translated in the editor, not published.
        page.summary = "A summary the translator has already translated."
        page.save_revision().publish()
        source.update_from_db()
        segment = StringSegment.objects.get(source=source, string__data=page.summary)
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=turkish,
            context=segment.context,
            data=UNPUBLISHED,
            translation_type="manual",
        )
        before = translation_work()
        assert before["translations"]
        export(path)
    empty_media(settings)
    restart_sequences()

    import_(path)
    assert translation_work() == before

    page = TreatmentPage.objects.get(slug=SEED_SLUG, locale__language_code="en")
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="tr"
    )
    translation.save_target(publish=False)
    page_tr = translation.get_target_instance()
    assert page_tr.get_latest_revision_as_object().summary == UNPUBLISHED
