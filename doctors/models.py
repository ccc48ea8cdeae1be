"""Doctors: kept once as snippets, shown on profiles at /doctors/<slug>/.

Quotes, medical reviews and the profile all read the same ``Doctor`` record.
This app knows no other page app: the treatment pages a doctor reviewed are
reached through the reverse relation ``reviewed_pages`` that those pages'
``medical_reviewer`` foreign key declares.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, PreviewableMixin, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField, TranslatableField

from seo.models import ClinicSeoMixin
from seo.structured_data import physician_node
from seo.translatable import NOT_COPIED, page_fields


@register_snippet
class Doctor(TranslatableMixin, PreviewableMixin, index.Indexed, models.Model):
    """A clinician, kept once and referred to by quotes and medical reviews."""

    honorific = models.CharField(
        pgettext_lazy("honorific", "Title"),
        max_length=40,
        blank=True,
        help_text=_('For example "Prof. Dr."'),
    )
    name = models.CharField(verbose_name=_("Name"), max_length=255)
    slug = models.SlugField(
        verbose_name=_("Slug"),
        max_length=255,
        blank=True,
        help_text=_(
            "The last part of the profile's address (/doctors/<slug>/). Made "
            "from the name when left blank; unique within a language."
        ),
    )
    specialty = models.CharField(
        verbose_name=_("Specialty"), max_length=255, blank=True
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("Short biography"), blank=True)
    profile_url = models.URLField(
        verbose_name=_("Profile page"),
        blank=True,
        help_text=_("A page about the doctor, on this site or elsewhere."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Admin account"),
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
    # A name is the same in every language, and so is the address it makes;
    # the account (``user``) is neither translated nor copied.
    translatable_fields = [
        TranslatableField("honorific"),
        TranslatableField("specialty"),
        TranslatableField("bio"),
        SynchronizedField("name"),
        SynchronizedField("slug"),
        SynchronizedField("photo"),
        SynchronizedField("profile_url"),
    ]

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
        # The table keeps the name it had when this model lived in ``home``.
        db_table = "home_doctor"
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
        return "doctors/doctor_profile_page.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        return {**context, "doctor": self, "reviewed_pages": self.reviewed_pages()}

    def reviewed_pages(self):
        """The live, public pages this doctor is the medical reviewer of.

        Whichever page types name a doctor as ``medical_reviewer`` declare the
        reverse relation ``reviewed_treatments``; none does before the first
        save, so an unsaved doctor has reviewed nothing.
        """
        if self.pk is None:
            return []
        return self.reviewed_treatments.live().public().order_by("title")

    def site_profile_url(self, request=None, full=False):
        """The doctor's profile on this site, or None if the site has none.

        The doctors page of the doctor's language is looked up once per request
        however many doctors are linked. ``seo`` calls this when it builds a
        Physician node, without importing this app.
        """
        index = DoctorIndexPage.for_locale(self.locale_id, request)
        if index is None or not self.slug:
            return None
        if full:
            return index.doctor_full_url(self, request)
        return index.doctor_url(self, request)


TURKISH_LETTERS = str.maketrans({"ı": "i", "İ": "I"})


def doctor_slug(name):
    """An ASCII slug for a doctor's name ("Erdinç Özek" → "erdinc-ozek")."""
    return slugify((name or "").translate(TURKISH_LETTERS))[:255] or "doctor"


class DoctorIndexPage(RoutablePageMixin, ClinicSeoMixin, Page):
    """The clinic's doctors at /doctors/, and a profile for each at /doctors/<slug>/.

    Profiles are served from the ``Doctor`` snippets, not stored as pages: a
    doctor is typed once and quotes, medical reviews and the profile all read
    the same record. Saving a doctor clears the page cache
    (``clinic_site.cache_invalidation``).
    """

    intro = models.TextField(verbose_name=_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = ClinicSeoMixin.seo_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    translatable_fields = page_fields(translated=["intro"])
    exclude_fields_in_copy = NOT_COPIED

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    seo_description_sources = ["search_description", "intro"]

    #: The doctor whose profile is being served, if any (set by the route).
    routed_doctor = None

    class Meta:
        db_table = "home_doctorindexpage"
        verbose_name = _("doctor index page")

    @classmethod
    def for_locale(cls, locale_id, request=None):
        """The live doctors page of a locale, looked up once per request."""
        found = getattr(request, "_doctor_index_pages", None) if request else None
        if found is None:
            found = {}
            if request is not None:
                request._doctor_index_pages = found
        if locale_id not in found:
            # Not .public(): it costs a second query, for a page that is public
            # on every clinic site (a restricted one would ask visitors to sign
            # in).
            found[locale_id] = (
                cls.objects.live().filter(locale_id=locale_id).order_by("path").first()
            )
        return found[locale_id]

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
        return self.render(
            request,
            template="doctors/doctor_profile_page.html",
            context_overrides={
                "doctor": doctor,
                "reviewed_pages": doctor.reviewed_pages(),
            },
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
            _(
                "%(doctor)s: profile and the treatment pages on this site that "
                "the doctor has medically reviewed."
            )
            % {"doctor": f"{doctor.full_name}{specialty}"}
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
