"""The home page and the treatments it features; nothing else lives here."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from seo.models import ClinicSeoMixin
from seo.translatable import NOT_COPIED, page_fields


class HomePage(ClinicSeoMixin, Page):
    """The site's root page: an introduction, featured treatments, contact."""

    intro = RichTextField(
        verbose_name=_("Introduction"), blank=True, features=["bold", "italic", "link"]
    )
    contact_heading = models.CharField(
        verbose_name=_("Contact heading"),
        max_length=255,
        default="Contact the clinic",
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_treatments", label=_("Featured treatments")),
        FieldPanel("contact_heading"),
    ]
    promote_panels = ClinicSeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    # The featured treatments are copied; each is shown in this page's
    # language (``get_context``).
    translatable_fields = page_fields(
        translated=["intro", "contact_heading"], synchronised=["featured_treatments"]
    )
    exclude_fields_in_copy = NOT_COPIED

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    # Without a meta description of its own, the page describes itself by its
    # introduction (the SEO audit still asks the editor to write one).
    seo_description_sources = ["search_description", "intro_text"]

    class Meta:
        verbose_name = _("home page")

    @property
    def intro_text(self):
        return Truncator(" ".join(strip_tags(self.intro or "").split())).chars(160)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            treatment
            for item in self.featured_treatments.select_related("treatment")
            if (treatment := self._in_own_language(item.treatment)) and treatment.live
        ]
        return context

    def _in_own_language(self, treatment):
        """The treatment in this page's language, or None if it has none.

        wagtail-localize copies a translated home page's featured treatments
        from its source, so they point to the source language's pages.
        """
        if treatment is None or treatment.locale_id == self.locale_id:
            return treatment
        return treatment.get_translation_or_none(self.locale)


class HomePageFeaturedTreatment(Orderable):
    page = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_treatments"
    )
    treatment = models.ForeignKey(
        "treatments.TreatmentPage",
        verbose_name=_("Treatment"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("treatment")]
