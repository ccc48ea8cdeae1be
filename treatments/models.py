"""Treatment pages: the long, reviewed medical articles a clinic publishes."""

from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import anchored_blocks
from seo.models import ClinicSeoMixin

from .blocks import TreatmentStreamBlock


class TreatmentIndexPage(ClinicSeoMixin, Page):
    """Lists the treatments published under it (served at /treatments/)."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = ClinicSeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["treatments.TreatmentPage"]
    # Its template links to every live child, so they are never orphans.
    lists_children = True

    class Meta:
        verbose_name = _("treatment index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = (
            TreatmentPage.objects.child_of(self).live().public().order_by("title")
        )
        return context


class TreatmentPage(ClinicSeoMixin, Page):
    """One treatment for one condition, reviewed by a named doctor."""

    condition_name = models.CharField(
        max_length=255, help_text=_('The condition treated, e.g. "Cerebral palsy".')
    )
    summary = models.TextField(
        help_text=_("The introduction shown under the title and in listings.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(TreatmentStreamBlock(), blank=True)
    medical_reviewer = models.ForeignKey(
        "home.Doctor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_treatments",
        help_text=_("The doctor who checked this page's medical content."),
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text=_("When the reviewer last checked it.")
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

    parent_page_types = ["treatments.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("treatment page")

    @cached_property
    def anchored_body(self):
        """The body's blocks with a unique id for each heading."""
        return anchored_blocks(self.body)

    @property
    def search_headings(self):
        """The text of the body's headings (and callout headings), for search."""
        texts = []
        for block in self.body:
            if block.block_type == "heading":
                texts.append(block.value.get("text") or "")
            elif block.block_type == "callout":
                texts.append(block.value.get("heading") or "")
        return " ".join(texts)
