"""The shared content model: the home page, the clinic's settings and doctors."""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PreviewableMixin, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtailseo.blocks import OpenHoursBlock

from seo.models import ClinicSeoMixin

from . import theme


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
    accent_colour = models.CharField(
        _("Accent colour"),
        max_length=7,
        default=theme.DEFAULT_ACCENT,
        validators=[theme.validate_hex_colour],
        help_text=_(
            "The header and button colour, as # and six hexadecimal digits. Text "
            "on it is made white or black, whichever reads better, and links are "
            "darkened where needed so that every text keeps a 4.5:1 contrast."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("logo"), FieldPanel("accent_colour")],
            _("Identity"),
        ),
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
    def theme_version(self):
        """Changes whenever the theme stylesheet does (its cache-busting key)."""
        return theme.theme_version(self.accent_colour)

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
    slug = models.SlugField(
        max_length=255,
        blank=True,
        help_text=_(
            "The last part of the profile's address (/doctors/<slug>/). Made "
            "from the name when left blank; unique within a language."
        ),
    )
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
        FieldPanel("slug"),
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
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def clean(self):
        """Fill a blank slug; refuse one another doctor of this locale has.

        The admin form has no locale field, so Django's own unique check for
        (slug, locale) would not run there.
        """
        super().clean()
        if not self.slug:
            self.slug = self.unique_slug()
            return
        clash = Doctor.objects.filter(locale_id=self.locale_id, slug=self.slug)
        if self.locale_id and clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another doctor already has this slug. Choose another.")}
            )

    def unique_slug(self):
        """A slug from the name, with ``-2``, ``-3`` … if another doctor has it."""
        base = doctor_slug(self.name)
        others = Doctor.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        taken = set(others.values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base[:250]}-{number}"
        return slug

    @property
    def full_name(self):
        return f"{self.honorific} {self.name}".strip()

    def get_preview_template(self, request, mode_name):
        """Editors preview the public profile itself."""
        return "home/doctor_profile_page.html"

    def get_preview_context(self, request, mode_name):
        from treatments.models import TreatmentPage

        context = super().get_preview_context(request, mode_name)
        reviewed = TreatmentPage.objects.none()
        if self.pk:
            reviewed = (
                TreatmentPage.objects.live().public().filter(medical_reviewer=self)
            )
        return {**context, "doctor": self, "reviewed_pages": reviewed}


TURKISH_LETTERS = str.maketrans({"ı": "i", "İ": "I"})


def doctor_slug(name):
    """An ASCII slug for a doctor's name ("Erdinç Özek" → "erdinc-ozek")."""
    return slugify((name or "").translate(TURKISH_LETTERS))[:255] or "doctor"


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


class DoctorIndexPage(RoutablePageMixin, ClinicSeoMixin, Page):
    """The clinic's doctors at /doctors/, and a profile for each at /doctors/<slug>/.

    Profiles are served from the ``Doctor`` snippets, not stored as pages: a
    doctor is typed once and quotes, medical reviews and the profile all read
    the same record. Saving a doctor clears the page cache (``home.cache``).
    """

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = ClinicSeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    seo_description_sources = ["search_description", "intro"]

    #: The doctor whose profile is being served, if any (set by the route).
    routed_doctor = None

    class Meta:
        verbose_name = _("doctor index page")

    def doctors(self):
        return Doctor.objects.filter(locale_id=self.locale_id).select_related("photo")

    def doctor_path(self, doctor):
        return self.reverse_subpage("doctor", kwargs={"slug": doctor.slug})

    def doctor_url(self, doctor, request=None):
        return self.get_url(request) + self.doctor_path(doctor)

    def doctor_full_url(self, doctor, request=None):
        return self.get_full_url(request) + self.doctor_path(doctor)

    @path("", name="index")
    def index_route(self, request):
        doctors = [
            (doctor, self.doctor_url(doctor, request)) for doctor in self.doctors()
        ]
        return self.render(request, context_overrides={"doctors": doctors})

    @path("<slug:slug>/", name="doctor")
    def doctor_route(self, request, slug):
        doctor = get_object_or_404(self.doctors(), slug=slug)
        self.routed_doctor = doctor
        from treatments.models import TreatmentPage

        reviewed = (
            TreatmentPage.objects.live()
            .public()
            .filter(medical_reviewer=doctor)
            .order_by("title")
        )
        return self.render(
            request,
            template="home/doctor_profile_page.html",
            context_overrides={"doctor": doctor, "reviewed_pages": reviewed},
        )

    @property
    def seo_pagetitle(self):
        doctor = self.routed_doctor
        if doctor is None:
            return super().seo_pagetitle
        if doctor.specialty:
            return f"{doctor.full_name}, {doctor.specialty}"
        return doctor.full_name

    @property
    def seo_description(self):
        doctor = self.routed_doctor
        if doctor is None:
            return super().seo_description
        specialty = f", {doctor.specialty}" if doctor.specialty else ""
        text = " ".join(doctor.bio.split()) or (
            f"{doctor.full_name}{specialty}: profile and the treatment pages on "
            "this site that the doctor has medically reviewed."
        )
        return Truncator(text).chars(155)

    @property
    def seo_canonical_url(self):
        if self.routed_doctor is None:
            return super().seo_canonical_url
        return self.doctor_full_url(self.routed_doctor, self._seo_request)

    def routed_subpage_graph(self, request, root_url):
        """What ``seo.graph`` needs for a profile: its URL, name and Physician."""
        doctor = self.routed_doctor
        if doctor is None:
            return None
        from seo.structured_data import physician_node

        url = self.doctor_full_url(doctor, request)
        physician = physician_node(doctor, root_url)
        physician["url"] = url
        if doctor.specialty:
            physician["description"] = doctor.specialty
        if doctor.photo:
            rendition = doctor.photo.get_rendition("fill-400x400|format-jpeg")
            physician["image"] = root_url + rendition.url
        return {
            "url": url,
            "name": doctor.full_name,
            "description": self.seo_description,
            "physician": physician,
        }

    def get_sitemap_urls(self, request=None):
        """The index, then every doctor's profile (no lastmod: not tracked)."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        return urls + [
            {"location": self.doctor_full_url(doctor, request)}
            for doctor in self.doctors()
        ]
