"""Briefs: a writer's brief (.docx, .md or .txt) read into a draft treatment page.

``parsers`` read each format into the same elements, ``interpret`` turns them
into an ``Outline`` (what the brief holds, in order, with warnings), and
``builder`` turns an outline into a draft ``TreatmentPage``. The admin views
and the ``import_brief`` command both go through ``importer.read_brief``.
"""
