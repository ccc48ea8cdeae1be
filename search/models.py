"""What the site search keeps: editors' synonyms, a vocabulary, search counts."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .text import WORD, fold

_SEPARATORS = re.compile(r"[,;\n]+")


class SearchSynonym(models.Model):
    """Words that mean the same to a visitor: "CP" and "cerebral palsy".

    A search for any of them also finds pages that use another (the term and
    its equivalents are one group, in both directions).
    """

    term = models.CharField(
        _("term"),
        max_length=100,
        help_text=_('A word or phrase visitors type, for example "CP".'),
    )
    equivalents = models.TextField(
        _("equivalents"),
        help_text=_(
            "Words or phrases that mean the same, separated by commas or one "
            'per line, for example "cerebral palsy, serebral palsi".'
        ),
    )

    panels = [FieldPanel("term"), FieldPanel("equivalents")]

    class Meta:
        ordering = ["term"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.term

    def phrases(self):
        """The term and each equivalent, as tuples of folded words."""
        parts = [self.term, *_SEPARATORS.split(self.equivalents or "")]
        phrases = []
        for part in parts:
            found = tuple(WORD.findall(fold(part)))
            if found and found not in phrases:
                phrases.append(found)
        return phrases

    def clean(self):
        super().clean()
        if not WORD.search(self.term or ""):
            raise ValidationError({"term": _("Type a word or a phrase.")})
        if len(self.phrases()) < 2:
            raise ValidationError(
                {"equivalents": _("Give at least one word that differs from the term.")}
            )


class SearchTerm(models.Model):
    """One word of the published pages, per language, for "Did you mean …?".

    ``key`` is the word without case or accents ("cocuk" for "çocuk"): the
    suggestions compare keys and show ``word``. ``pages`` counts the live
    pages that use it; a word no page uses any more is deleted.
    """

    language = models.CharField(max_length=20)
    word = models.CharField(max_length=60)
    key = models.CharField(max_length=60)
    length = models.PositiveSmallIntegerField()
    pages = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="search_term_unique_word"
            )
        ]
        indexes = [
            models.Index(fields=["language", "key"], name="search_term_key"),
            models.Index(fields=["language", "length"], name="search_term_length"),
        ]

    def __str__(self):
        return self.word


class IndexedPageWords(models.Model):
    """The words a live page added to the vocabulary, to take them out again."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    language = models.CharField(max_length=20)
    words = models.TextField(blank=True)

    def __str__(self):
        return f"Words of page {self.page_id}"


class NoResultsDailyHits(models.Model):
    """How many searches for a query found nothing, per day.

    The companion of Wagtail's ``QueryDailyHits`` (every search of the query,
    per day). Neither stores anything about who searched.
    """

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        on_delete=models.CASCADE,
        related_name="no_results_daily_hits",
    )
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["query", "date"], name="search_no_results_query_date"
            )
        ]
        verbose_name = _("searches with no results, per day")
        verbose_name_plural = _("searches with no results, per day")

    def __str__(self):
        return f"{self.query}: {self.hits} on {self.date}"
