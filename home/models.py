"""The shared content model: the home page, the clinic's settings and doctors."""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PreviewableMixin, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtailseo.blocks import OpenHoursBlock

from seo.models import ClinicSeoMixin


def validate_profile_urls(value):
    """One absolute URL per line (the clinic's profiles elsewhere, for sameAs)."""
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        if line.strip():
            try:
                check(line.strip())
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(number)s is not a web address: %(line)s"),
                    params={"number": number, "line": line.strip()},
                ) from error


def validate_json_object(value):
    """A JSON object whose keys are plain schema.org properties."""
    if not value.strip():
        return
    try:
        data = json.loads(value)
    except ValueError as error:
        raise ValidationError(
            _("This is not valid JSON: %(error)s"), params={"error": error}
        ) from error
    if not isinstance(data, dict):
        raise ValidationError(_('Give a JSON object: {"property": "value"}.'))
    reserved = sorted(key for key in data if key.startswith("@"))
    if reserved:
        raise ValidationError(
            _("These keys are set by the site and cannot be changed: %(keys)s"),
            params={"keys": ", ".join(reserved)},
        )


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """The clinic's identity and contact details: the one place they are typed.

    The footer, the contact block and the organisation structured data all read
    from here, so wagtail-seo's own organisation fields are hidden (see
    ``seo.apps``) and editors never type the clinic's name or address twice.
    """

    name = models.CharField(max_length=255, default="", blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street_address = models.CharField(max_length=255, blank=True)
    locality = models.CharField(_("City"), max_length=255, blank=True)
    region = models.CharField(_("Region"), max_length=255, blank=True)
    postal_code = models.CharField(max_length=32, blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text=_("Two-letter country code, e.g. TR.")
    )
    phone = models.CharField(
        max_length=40, blank=True, help_text=_("With the country code: +90 …")
    )
    email = models.EmailField(blank=True)
    opening_hours = StreamField(
        [("hours", OpenHoursBlock())], blank=True, use_json_field=True
    )
    profile_urls = models.TextField(
        _("Profiles elsewhere"),
        blank=True,
        validators=[validate_profile_urls],
        help_text=_("One web address per line (social media, directories)."),
    )
    extra_structured_data = models.TextField(
        _("Extra organisation structured data"),
        blank=True,
        validators=[validate_json_object],
        help_text=_(
            "Optional JSON object merged into the clinic's schema.org data, e.g. "
            '{"medicalSpecialty": "Pediatric"}. It must be valid JSON.'
        ),
    )
    medical_disclaimer = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown at the end of every treatment page."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("logo")], _("Identity")),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("locality"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("profile_urls"),
            ],
            _("Contact"),
        ),
        FieldPanel("extra_structured_data"),
        FieldPanel("medical_disclaimer"),
    ]

    class Meta:
        verbose_name = _("Clinic")

    @property
    def extra_structured_data_dict(self):
        """The validated extra JSON; {} if blank or (stored before) invalid."""
        try:
            data = json.loads(self.extra_structured_data or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def profile_url_list(self):
        return [line.strip() for line in self.profile_urls.splitlines() if line.strip()]

    @property
    def address_lines(self):
        locality = " ".join(p for p in [self.postal_code, self.locality] if p)
        return [p for p in [self.street_address, locality, self.region] if p]


@register_snippet
class Doctor(TranslatableMixin, PreviewableMixin, index.Indexed, models.Model):
    """A clinician, kept once and referred to by quotes and medical reviews."""

    honorific = models.CharField(
        _("Title"), max_length=40, blank=True, help_text=_('For example "Prof. Dr."')
    )
    name = models.CharField(max_length=255)
    specialty = models.CharField(max_length=255, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("Short biography"), blank=True)
    profile_url = models.URLField(
        blank=True, help_text=_("A page about the doctor, on this site or elsewhere.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doctor",
        help_text=_(
            "The doctor's admin account: approving a medical review as this user "
            "makes this doctor the page's reviewer."
        ),
    )

    # One account per doctor: a translation of the profile is not linked to it.
    exclude_fields_in_copy = ["user"]

    panels = [
        FieldPanel("honorific"),
        FieldPanel("name"),
        FieldPanel("specialty"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("profile_url"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("specialty"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("doctor")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.honorific} {self.name}".strip()

    def get_preview_template(self, request, mode_name):
        return "home/doctor_preview.html"


class HomePage(ClinicSeoMixin, Page):
    """The site's root page: an introduction, featured treatments, contact."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    contact_heading = models.CharField(
        max_length=255, default="Contact the clinic", blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_treatments", label=_("Featured treatments")),
        FieldPanel("contact_heading"),
    ]
    promote_panels = ClinicSeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            item.treatment
            for item in self.featured_treatments.select_related("treatment")
            if item.treatment and item.treatment.live
        ]
        return context


class HomePageFeaturedTreatment(Orderable):
    page = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_treatments"
    )
    treatment = models.ForeignKey(
        "treatments.TreatmentPage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("treatment")]
