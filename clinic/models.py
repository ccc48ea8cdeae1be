"""The clinic's identity: its name, contact details, disclaimer and colour.

Every app may read ``ClinicSettings``; this app imports no other app of ours,
so the clinic's identity sits at the bottom of the dependency rule
(``docs/architecture.md``).
"""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtailseo.blocks import OpenHoursBlock

from . import theme
from .validators import validate_json_object, validate_profile_urls


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """The clinic's identity and contact details: the one place they are typed.

    The footer, the contact block and the organisation structured data all read
    from here, so wagtail-seo's own organisation fields are hidden (see
    ``seo.apps``) and editors never type the clinic's name or address twice.
    """

    name = models.CharField(
        verbose_name=_("Clinic name"), max_length=255, default="", blank=True
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street_address = models.CharField(
        verbose_name=_("Street address"), max_length=255, blank=True
    )
    locality = models.CharField(_("City"), max_length=255, blank=True)
    region = models.CharField(_("Region"), max_length=255, blank=True)
    postal_code = models.CharField(
        verbose_name=_("Postal code"), max_length=32, blank=True
    )
    country = models.CharField(
        verbose_name=_("Country"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter country code, e.g. TR."),
    )
    phone = models.CharField(
        verbose_name=_("Phone"),
        max_length=40,
        blank=True,
        help_text=_("With the country code: +90 …"),
    )
    email = models.EmailField(verbose_name=_("Email"), blank=True)
    opening_hours = StreamField(
        [("hours", OpenHoursBlock())],
        verbose_name=_("Opening hours"),
        blank=True,
        use_json_field=True,
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
        verbose_name=_("Medical disclaimer"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Shown at the end of treatment pages in a language that has no "
            "clinic text of its own (Snippets > Clinic texts), where the "
            "disclaimer is written and translated."
        ),
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
        # The table keeps the name it had when this model lived in ``home``.
        db_table = "home_clinicsettings"
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
class ClinicText(TranslatableMixin, models.Model):
    """The clinic's words that visitors read, one version per language.

    ``ClinicSettings`` is a site setting: one row per site, which
    wagtail-localize cannot translate. The text visitors read lives here, a
    translatable snippet ("Translate" in its menu, like a doctor), and pages
    show the version in their language (``for_language``). The settings keep
    their own copy of the disclaimer as the last fallback (``clinic`` 0002
    copied it here, so nothing was lost).
    """

    medical_disclaimer = RichTextField(
        verbose_name=_("Medical disclaimer"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown at the end of every treatment page in this language."),
    )

    panels = [FieldPanel("medical_disclaimer")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("clinic text")
        verbose_name_plural = _("clinic texts")

    def __str__(self):
        return str(_("Clinic text (%(language)s)")) % {
            "language": self.locale.get_display_name()
        }

    @classmethod
    def for_language(cls, language_code):
        """The text in ``language_code``, else in the default language, else
        None (there is none yet)."""
        texts = {
            text.locale.language_code: text
            for text in cls.objects.select_related("locale")
        }
        return texts.get(language_code) or texts.get(settings.LANGUAGE_CODE)


def medical_disclaimer(clinic, language_code):
    """The disclaimer for a page in ``language_code``: the clinic text's in
    that language, else the default language's, else the clinic settings'."""
    text = ClinicText.for_language(language_code)
    if text is not None and text.medical_disclaimer:
        return text.medical_disclaimer
    return getattr(clinic, "medical_disclaimer", "")
