"""Treatment pages: the long, reviewed medical articles a clinic publishes."""

from functools import cached_property

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content_blocks import anchored_blocks
from seo.models import ClinicSeoMixin
from seo.translatable import NOT_COPIED, page_fields

from . import article
from .blocks import TreatmentStreamBlock, as_sentences


class TreatmentIndexPage(ClinicSeoMixin, Page):
    """Lists the treatments published under it (served at /treatments/)."""

    intro = models.TextField(verbose_name=_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = ClinicSeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    translatable_fields = page_fields(translated=["intro"])
    exclude_fields_in_copy = NOT_COPIED

    parent_page_types = ["home.HomePage"]
    subpage_types = ["treatments.TreatmentPage"]
    # Its template links to every live child, so they are never orphans.
    lists_children = True
    # Without a meta description of its own, the introduction describes it.
    seo_description_sources = ["search_description", "intro"]

    class Meta:
        verbose_name = _("treatment index page")

    def route(self, request, path_components):
        """Find the treatment in one query rather than Wagtail's two.

        Wagtail reads the child as a plain Page, then again as its own type.
        Every child here is a TreatmentPage (``subpage_types``), so read it as
        one; a child of another type (moved here by code) takes Wagtail's way.
        The medical reviewer comes in the same query: the byline and the
        JSON-LD both name them.
        """
        if not path_components:
            return super().route(request, path_components)
        try:
            child = (
                TreatmentPage.objects.child_of(self)
                .select_related("medical_reviewer")
                .get(slug=path_components[0])
            )
        except TreatmentPage.DoesNotExist:
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    #: Treatments listed on one page of the index.
    per_page = 24
    #: The listing page being served (set by ``get_context``), for its canonical.
    listing_page_number = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = self.listing_page(request.GET.get("page"))
        self.listing_page_number = context["treatments"].number
        return context

    def listing_page(self, number):
        """One page of the live treatments, by title; 404 for a page not there.

        A listing shows titles and summaries only, so the bodies (the bulk of a
        treatment's row, decoded from JSON) are not read.
        """
        treatments = (
            TreatmentPage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
            .defer_streamfields()
        )
        try:
            return Paginator(treatments, self.per_page).page(number or 1)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(_("There is no such page of treatments.")) from error

    @property
    def seo_canonical_url(self):
        """Each page of the listing is its own canonical (``?page=2``...)."""
        url = super().seo_canonical_url
        if self.listing_page_number > 1 and not self.canonical_url:
            return f"{url}?page={self.listing_page_number}"
        return url


class TreatmentPage(ClinicSeoMixin, Page):
    """One treatment for one condition, reviewed by a named doctor."""

    condition_name = models.CharField(
        verbose_name=_("Condition treated"),
        max_length=255,
        help_text=_('The condition treated, e.g. "Cerebral palsy".'),
    )
    summary = models.TextField(
        verbose_name=_("Summary"),
        help_text=_("The introduction shown under the title and in listings."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(TreatmentStreamBlock(), verbose_name=_("Body"), blank=True)
    medical_reviewer = models.ForeignKey(
        "doctors.Doctor",
        verbose_name=_("Medical reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_treatments",
        help_text=_("The doctor who checked this page's medical content."),
    )
    last_reviewed = models.DateField(
        verbose_name=_("Last reviewed"),
        null=True,
        blank=True,
        help_text=_("When the reviewer last checked it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("condition_name"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("medical_reviewer"), FieldPanel("last_reviewed")],
            _("Medical review"),
        ),
    ]
    promote_panels = ClinicSeoMixin.seo_panels
    search_fields = Page.search_fields + [
        index.SearchField("condition_name", boost=2),
        index.SearchField("summary"),
        index.SearchField("body"),
        # Headings are in the body too; indexed again so that they weigh more.
        index.SearchField("search_headings", boost=1.5),
        index.FilterField("last_reviewed"),
    ]

    # The reviewer and review date are the translation's own: a translation is
    # medically reviewed in its language before it goes live (``reviews``).
    translatable_fields = page_fields(
        translated=["condition_name", "summary", "body"], synchronised=["hero_image"]
    )
    exclude_fields_in_copy = [*NOT_COPIED, "medical_reviewer", "last_reviewed"]

    parent_page_types = ["treatments.TreatmentIndexPage"]
    subpage_types = []
    seo_description_sources = ["search_description", "summary"]

    class Meta:
        verbose_name = _("treatment page")

    def save(self, *args, **kwargs):
        """Store every list in the body with its item ids.

        A body built in code (brief import, the demo content) holds plain
        lists, which Wagtail stores as given until a block is read.
        wagtail-localize names a segment by the ids on its path and skips a
        list stored without them, so an FAQ's questions or a table's cells
        would never be offered for translation. Reading each block once gives
        every list item its id before the body is written.
        """
        for child in self.body:
            child.value  # noqa: B018 (reading it binds the block)
        super().save(*args, **kwargs)

    @cached_property
    def anchored_body(self):
        """The body's blocks with a unique id for each heading."""
        return anchored_blocks(self.body)

    @cached_property
    def table_of_contents(self):
        """The h2 headings (h3s nested) with their anchors, for the contents."""
        return article.table_of_contents(self.anchored_body)

    @cached_property
    def reading_minutes(self):
        """Estimated minutes to read the summary and body at 200 words/min."""
        text = f"{self.title}\n{self.summary}\n" + article.stream_text(
            self.body.raw_data
        )
        return article.reading_minutes(article.count_words(text))

    @cached_property
    def article_blocks(self):
        """(block, context) for each body block, for the page template.

        Headings get their anchor; paragraphs that cite references as ``[n]``
        get their HTML with the markers linked to ``#ref-n``; references are
        numbered across the page and link back to their first citation.
        """
        anchored = self.anchored_body
        reference_count = sum(
            len(block.value["items"])
            for block, _anchor in anchored
            if block.block_type == "references"
        )
        citations = article.Citations(reference_count)
        result = []
        for block, anchor in anchored:
            # Every key present: a missing one costs the template engine an
            # exception and a dir() of the context for each of 43 blocks.
            context = {"anchor": anchor, "cited_html": None, "numbered": None}
            if (
                reference_count
                and block.block_type == "paragraph"
                and article.has_citation(block.value.source)
            ):
                context["cited_html"] = citations.link(block.value)
            result.append((block, context))
        number = 0
        for block, context in result:
            if block.block_type == "references":
                numbered = []
                for item in block.value["items"]:
                    number += 1
                    numbered.append((number, item, citations.first_id(number)))
                context["numbered"] = numbered
        return result

    @property
    def search_headings(self):
        """The text of the body's headings (and callout headings), for search.

        As sentences ("First section. Good to know."): the index keeps this
        text after the body's, and an excerpt near the end of the body runs
        into it.
        """
        texts = []
        for block in self.body:
            if block.block_type == "heading":
                texts.append(block.value.get("text") or "")
            elif block.block_type == "callout":
                texts.append(block.value.get("heading") or "")
        return as_sentences(texts)
