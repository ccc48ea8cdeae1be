"""Which tables a content archive holds, and in which order they are loaded.

Every installed model is in the archive unless it is excluded here with a
reason: a model added later (a new app, a new snippet) is backed up by default,
because forgetting to back something up loses content while backing up a
cache only costs space. ``tests/backups/test_content_archive.py`` lists the
included models, so adding one is a decision someone sees.
"""

from graphlib import TopologicalSorter

from django.apps import apps
from django.conf import settings

# Whole apps that hold no content: accounts, caches and indexes, per-user
# state, and the framework's own bookkeeping.
EXCLUDED_APPS = {
    "admin": "Django admin's log of its own (unused) changes",
    "auth": "accounts belong to the installation; the users and groups that "
    "content refers to travel in the manifest (users without passwords)",
    "axes": "failed-login records, security state rather than content",
    "contenttypes": "created by migrate; foreign keys to them use natural keys",
    "otp_totp": "two-factor devices are secrets tied to the person, not content",
    "sessions": "logins in progress",
    "django_tasks_database": "queued and finished background tasks: work in flight, "
    "not content; an import enqueues what it needs again",
    "wagtailadmin": "editing sessions and autosaved form state: transient",
    "wagtailembeds": "a cache of oEmbed answers, fetched again when shown",
    "wagtailsearch": "the search index: rebuilt by update_index after an import",
    "wagtailusers": "per-user admin preferences",
}

EXCLUDED_MODELS = {
    "wagtailcore.referenceindex": "rebuilt by rebuild_references_index after an import",
    "wagtailcore.uploadedfile": "half-finished multiple uploads",
    "wagtailcore.pagesubscription": "per-user comment notification preferences",
    "wagtailimages.rendition": "resized copies, made again on first request",
    "seo.outboundlinkcheck": "a cache of link checks that check_links refills",
    "seo.pageauditresult": "a cache of audit results that seo_audit --refresh refills",
    "seo.siteauditresult": "a cache of audit results that seo_audit --refresh refills",
    "enquiries.enquiry": "patient health data, kept apart with its own retention",
}

# wagtail-localize's tables (translation sources, strings and their
# translations, PO imports, the translation log, locale synchronisation) are
# archived on purpose, though they look like bookkeeping: they hold
# translators' work that is on no page yet (strings translated but not
# published, a PO file imported) and the link between a page and its source
# that "Sync translated pages" follows. Without them a restored Turkish page
# would no longer follow its English source, and its translation would have to
# start again. They refer to pages and snippets by ``translation_key`` and to
# content types by natural key, so their ids travel unchanged.

# Access rights and moderation set-up. Migrations create defaults (groups'
# rights on the root page and collection, the "Moderators approval" and
# "Medical review" workflows); an import replaces them with the archive's, so
# that a restored /treatments/ section is still under medical review. They
# are not content when deciding whether a database is empty.
CONFIGURATION_MODELS = {
    "wagtailcore.grouppagepermission",
    "wagtailcore.groupcollectionpermission",
    "wagtailcore.groupsitepermission",
    "wagtailcore.workflow",
    "wagtailcore.workflowpage",
    "wagtailcore.workflowcontenttype",
    "wagtailcore.workflowtask",
}

# Foreign keys to these are written as natural keys, because their ids differ
# between databases (content types and permissions are made by migrate in
# whatever order the apps were installed; groups and users are matched by
# name). Every other id (pages, images, documents, doctors) is kept as it is,
# because StreamField and rich text store those ids inside their JSON.
NATURAL_KEY_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    settings.AUTH_USER_MODEL.lower(),
}


def exclusion_reason(model):
    """Why ``model`` is left out, or None when it is archived."""
    meta = model._meta
    if meta.proxy or not meta.managed:
        return "no table of its own"
    return EXCLUDED_APPS.get(meta.app_label) or EXCLUDED_MODELS.get(meta.label_lower)


def is_configuration(model):
    """Access rights or moderation set-up (every task type included)."""
    from wagtail.models import Task

    return issubclass(model, Task) or model._meta.label_lower in CONFIGURATION_MODELS


def archived_models():
    """The archived models, each after the models its rows cannot exist without.

    A page type comes after ``wagtailcore.Page`` (its parent link), an image
    after its collection, settings after their site. Nullable foreign keys are
    left out of the ordering (they make cycles: a workflow state and its
    current task state point at each other); the import checks every foreign
    key before it commits, so only natural keys need their rows first.
    """
    included = [model for model in apps.get_models() if not exclusion_reason(model)]
    labels = {model._meta.label_lower: model for model in included}
    graph = TopologicalSorter()
    for label, model in sorted(labels.items()):
        depends_on = {
            field.related_model._meta.concrete_model._meta.label_lower
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is not None and not field.null
        }
        graph.add(label, *sorted((depends_on & labels.keys()) - {label}))
    return [labels[label] for label in graph.static_order()]
