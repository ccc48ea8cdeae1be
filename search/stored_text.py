"""The plain text the search index holds for each page, for excerpts.

Wagtail's database backends keep every indexed page's searchable text beside
its vectors (``body`` on SQLite and MySQL, ``body_text`` on PostgreSQL), in
the order of the page's search fields. Reading ten of those rows is one query;
computing the same text again from each page's StreamField costs several
milliseconds a page, which was most of the time a results page took to build.

Where the index lives elsewhere (Elasticsearch, OpenSearch) the table holds
nothing for the page, and the caller falls back to the page's own fields.
"""

from django.db import DatabaseError
from django.db.models import Q
from wagtail.search.models import IndexEntry


def _text_field():
    names = {field.name for field in IndexEntry._meta.get_fields()}
    if "body_text" in names:
        return "body_text"
    return "body" if "body" in names else None


def stored_texts(pages):
    """{page pk: the body text of its index entry}, for the pages that have one."""
    field = _text_field()
    if field is None or not pages:
        return {}
    by_type = {}
    for page in pages:
        by_type.setdefault(page.content_type_id, []).append(str(page.pk))
    wanted = Q()
    for content_type_id, ids in by_type.items():
        wanted |= Q(content_type_id=content_type_id, object_id__in=ids)
    try:
        rows = IndexEntry.objects.filter(wanted).values_list("object_id", field)
        return {int(object_id): text for object_id, text in rows if text}
    except DatabaseError:  # no such table: the index is not in this database
        return {}
