"""Mark the point from which treatment bodies are indexed as sentences.

The database search backends keep each page's indexed text beside its words,
and the results page quotes its excerpts from that text
(``search.stored_text``). Until this release a treatment's blocks were joined
with ", " there ("…existing damage., Delayed Motor Skill Development, The
most…"); they are sentences now (``TreatmentStreamBlock``). A page indexed
before keeps the old text until it is indexed again.

Indexing needs today's models, whose tables may not be complete until every
migration of the run has been applied (an upgrade across several releases), so
this migration changes nothing itself: when a ``migrate`` applies it,
``treatments.reindex.after_migrate`` re-indexes every treatment page once all
migrations are done. Upgrading stays one ``migrate``.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("treatments", "0003_reviewer_and_quotes_from_doctors_app")]

    operations = []
