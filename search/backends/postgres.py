"""Wagtail's PostgreSQL backend, with a text search configuration per language.

The stock backend stems every page with one configuration (``SEARCH_CONFIG``).
English rules leave Turkish words alone, so "çocuk" would not find "çocuklar"
(children). Here each page is indexed with its locale's configuration
(``LANGUAGE_CONFIGS``, e.g. ``{"tr": "turkish"}``; ``SEARCH_CONFIG`` for the
rest), and a query is parsed with the configuration of the language being
served. The site's search only looks at pages of that language, so both sides
are always stemmed alike.

Turkish pages get the stemmer ("turkish"), not "simple" + unaccent: Turkish is
written with suffixes (çocuk, çocuklar, çocukları…), and the stemmer needs the
letters unaccent would remove (ı/i, ö/o and ü/u mark the vowel harmony of the
suffixes). A query typed without Turkish letters ("cocuk") is caught by the
"Did you mean" vocabulary instead, which compares words without accents.
"""

import copy

from django.utils.translation import get_language
from modelsearch.backends.database.postgres import postgres as base
from wagtail.models import Locale


class LocalisedPostgresSearchQueryCompiler(base.PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return backend.config_for_language(get_language())


class LocalisedPostgresIndex(base.PostgresIndex):
    def add_items(self, model, objs):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups = {}
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            groups.setdefault(self.backend.config_for_language(language), []).append(
                obj
            )
        for config, group in groups.items():
            index = copy.copy(self)
            index.backend = copy.copy(self.backend)
            index.backend.config = config
            base.PostgresIndex.add_items(index, model, group)


class LocalisedPostgresSearchBackend(base.PostgresSearchBackend):
    query_compiler_class = LocalisedPostgresSearchQueryCompiler
    index_class = LocalisedPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = dict(params.get("LANGUAGE_CONFIGS") or {})

    def config_for_language(self, language):
        code = (language or "").split("-")[0].lower()
        return self.language_configs.get(code, self.config)


SearchBackend = LocalisedPostgresSearchBackend
