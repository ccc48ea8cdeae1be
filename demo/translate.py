"""The Turkish demo, made through wagtail-localize as an editor's would be.

Each English object gets a ``TranslationSource`` and a ``Translation`` into
Turkish, exactly as "Translate this page" makes them in the admin; its
segments are exported as a PO file, the Turkish of each is filled in from
``stem-cell-therapy-for-cerebral-palsy.tr.po`` (``msgid`` = the English
segment) and the file is imported with ``Translation.import_po``, the code
behind the translation editor's "Upload PO file". So the Turkish pages have
segments the translation editor shows, and sync with their sources like any
other translation.

A segment that the data file does not translate stops the loader: a changed
English seed must come with its Turkish, never fall back to English text on
a Turkish page.
"""

import json
from pathlib import Path

import polib
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import Translation, TranslationSource

PO_FILE = Path(__file__).with_name("stem-cell-therapy-for-cerebral-palsy.tr.po")
TOOL_NAME = "Demo content"

#: Page fields an editor writes; Page's other fields are the tree's and the
#: revisions' bookkeeping (a child page added changes ``numchild``).
PAGE_CONTENT_FIELDS = {"title", "slug", "seo_title", "search_description"}


class MissingDemoTranslation(ValueError):
    """English segments of the demo that the Turkish data file lacks."""

    def __init__(self, instance, msgids):
        self.msgids = list(msgids)
        listed = "\n".join(f"  {msgid!r}" for msgid in self.msgids)
        super().__init__(
            f"{PO_FILE.name} has no Turkish for {len(self.msgids)} segment(s) of "
            f"{instance!r}; add them (msgid = the English text):\n{listed}"
        )


def load_catalogue(path=None):
    """The data file as ``{English segment: Turkish}`` (translated entries)."""
    po = polib.pofile(str(path or PO_FILE))
    return {
        entry.msgid: entry.msgstr
        for entry in po
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def ensure_locale(language_code):
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    return locale


def fill_po(translation, catalogue):
    """The translation's PO export with every msgstr from ``catalogue``.

    Returns the PO file and whether any segment's Turkish differs from what
    is stored. Raises ``MissingDemoTranslation`` for segments not in it.
    """
    po = translation.export_po()
    entries = [entry for entry in po if not entry.obsolete]
    missing = [entry.msgid for entry in entries if entry.msgid not in catalogue]
    if missing:
        raise MissingDemoTranslation(translation.source.as_instance(), missing)
    changed = False
    for entry in entries:
        turkish = catalogue[entry.msgid]
        changed = changed or entry.msgstr != turkish
        entry.msgstr = turkish
    # Obsolete entries (segments no longer in the source) are left out, as an
    # editor's upload would: their old translations stay for reference.
    filled = polib.POFile(wrapwidth=po.wrapwidth)
    filled.metadata = po.metadata
    for entry in entries:
        filled.append(entry)
    return filled, changed


def translate(instance, locale, catalogue, *, extra=None):
    """Create or update ``instance``'s translation into ``locale``; return it.

    ``extra`` sets fields the translation holds on its own (a page's medical
    review). Nothing is written when the translation is already up to date
    with its source, the data file and ``extra``, so a second run of the
    loader makes no new revisions.
    """
    # As stored: a page just published in memory serialises differently
    # (its revision fields), which would make the source look changed later.
    instance = type(instance)._default_manager.get(pk=instance.pk)
    if isinstance(instance, Page):
        instance = instance.specific
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None or _content(source.as_instance()) != _content(instance):
        source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, created = Translation.objects.get_or_create(
        source=source, target_locale=locale
    )
    if not translation.enabled:
        translation.enabled, created = True, True
        translation.save(update_fields=["enabled"])
    po, strings_changed = fill_po(translation, catalogue)
    warnings = translation.import_po(po, translation_type="manual", tool_name=TOOL_NAME)
    if warnings:
        raise ValueError(f"Importing the Turkish of {instance!r}: {warnings}")

    target = instance.get_translation_or_none(locale)
    if target is not None and not created and not strings_changed:
        if isinstance(target, Page):
            target = target.specific
        if _up_to_date(source, locale, target, extra or {}):
            return target
    return _save_target(source, locale, extra or {})


def _up_to_date(source, locale, target, extra):
    """Whether ``target`` is live and holds what saving it again would write:
    its source with the Turkish applied (wagtail-localize's preview of a
    translation) and ``extra``."""
    if isinstance(target, DraftStateMixin) and not target.live:
        return False
    wanted = source.get_ephemeral_translated_instance(locale)
    for name, value in extra.items():
        setattr(wanted, name, value)
    stored = type(target)._default_manager.get(pk=target.pk)
    return _content(wanted) == _content(stored)


def _content(instance):
    """What a translation is made from: the instance as wagtail-localize
    serialises it, without the page tree's and revisions' bookkeeping.

    wagtail-localize's own sync compares everything, so a page that only
    gained a child (the demo's contact page, made after the translations)
    would look changed and be translated again on every other run.
    """
    if isinstance(instance, ClusterableModel):
        data = instance.serializable_data()
    else:
        data = get_serializable_data_for_fields(instance)
    if isinstance(instance, Page):
        for field in Page._meta.concrete_fields:
            if field.name not in PAGE_CONTENT_FIELDS:
                data.pop(field.attname, None)
                data.pop(field.name, None)
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    for field in type(instance)._meta.concrete_fields:
        # A StreamField serialises to a JSON string, whose keys PostgreSQL's
        # jsonb has put in an order of its own: compare the data.
        if isinstance(field, StreamField) and isinstance(data.get(field.name), str):
            data[field.name] = json.loads(data[field.name])
    # Child objects (a home page's featured treatments) are copied afresh on
    # each save: compare what they hold, not their row ids.
    return {
        name: (
            [{k: v for k, v in item.items() if k != "pk"} for item in value]
            if isinstance(value, list) and all(isinstance(i, dict) for i in value)
            else value
        )
        for name, value in data.items()
    }


def _save_target(source, locale, extra):
    """Write the translation (wagtail-localize's own code) and publish it.

    ``create_or_update_translation`` without ``fallback`` fails on a missing
    segment instead of copying the English. Pages are saved as a draft and
    published here at once, rather than by wagtail-localize's on-commit hook,
    so the page is live inside the loader's transaction: like the English
    demo page, the demo's translation is published without the review
    workflow, with its review recorded in ``extra``.
    """
    with transaction.atomic():
        is_page = issubclass(source.specific_content_type.model_class(), Page)
        target, _created = source.create_or_update_translation(
            locale, publish=not is_page, fallback=False
        )
        if is_page:
            target = Page.objects.get(pk=target.pk).specific
            for name, value in extra.items():
                setattr(target, name, value)
            target.save_revision().publish()
        elif extra:
            for name, value in extra.items():
                setattr(target, name, value)
            target.save()
    return target
