"""Patient enquiries, the consent texts they accept, and the contact page.

What a patient writes in an enquiry is health data (GDPR Art. 9, KVKK
"özel nitelikli kişisel veri"): it is kept in its own table with its own
retention (``purge_enquiries``), left out of content archives, and shown in
the admin only to the "Patient coordinators" group.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, RevisionMixin, TranslatableMixin

MESSAGE_MAX_LENGTH = 5000


class Enquiry(models.Model):
    """One consultation request, as the patient sent it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = PhoneNumberField(_("phone"), blank=True, db_index=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES
    )
    treatment = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("treatment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    patient_age = models.PositiveSmallIntegerField(
        _("patient's age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    site_language = models.CharField(_("sent from language"), max_length=8)
    consent_text = models.TextField(
        _("consent text accepted"),
        help_text=_("The exact words the patient agreed to."),
    )
    consent_version = models.CharField(
        _("consent text version"),
        max_length=64,
        blank=True,
        help_text=_("The revision of the consent text the patient accepted."),
    )
    consent_given_at = models.DateTimeField(_("consent given at"))
    marketing_consent = models.BooleanField(_("marketing consent"), default=False)
    marketing_consent_at = models.DateTimeField(
        _("marketing consent given at"), null=True, blank=True
    )
    form_token = models.CharField(
        verbose_name=_("form token"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("Hash of the signed form token: a token is accepted once."),
    )
    notified_at = models.DateTimeField(
        _("notification sent at"), null=True, blank=True, editable=False
    )
    notification_attempts = models.PositiveSmallIntegerField(
        verbose_name=_("notification attempts"), default=0, editable=False
    )
    notification_error = models.TextField(
        verbose_name=_("last notification error"), blank=True, editable=False
    )

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-pk"]
        permissions = [("export_enquiry", "Can export enquiries")]

    def __str__(self):
        # No name or health detail: this label is copied into the audit log,
        # which outlives the enquiry.
        return _("Enquiry #%(number)s") % {"number": self.pk}


class ConsentText(TranslatableMixin, RevisionMixin, models.Model):
    """The words patients agree to before they send health information.

    One per language (a translation of the English one); every save in the
    admin makes a revision, and each enquiry records the revision it accepted.
    """

    health_consent = models.TextField(
        _("health data consent"),
        help_text=_(
            "Explicit consent to process the health information in the "
            "enquiry (KVKK açık rıza, GDPR Art. 9). Shown next to a required, "
            "unticked checkbox."
        ),
    )
    marketing_consent = models.TextField(
        _("marketing consent"),
        blank=True,
        help_text=_("Optional consent to news by email; leave blank to hide it."),
    )
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("KVKK aydınlatma metni / GDPR Art. 13 notice."),
    )

    panels = [
        FieldPanel("health_consent"),
        FieldPanel("marketing_consent"),
        FieldPanel("privacy_notice"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self):
        return _("Consent text (%(language)s)") % {
            "language": self.locale.get_display_name()
        }

    @property
    def version(self):
        """The revision the patient sees, as stored with their enquiry."""
        return str(self.latest_revision_id or "")


@register_setting(icon="mail")
class EnquirySettings(BaseSiteSetting):
    """Where the clinic is told of a new enquiry."""

    notification_email = models.EmailField(
        _("notification address"),
        blank=True,
        help_text=_(
            "Told of each new enquiry (no health details: a link to the admin)."
        ),
    )

    panels = [FieldPanel("notification_email")]

    class Meta:
        verbose_name = _("enquiry notifications")


class ContactPage(Page):
    """``/contact/``: the enquiry form, with the clinic's contact details."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # The header's "Contact" link leads here from every page (seo's orphan
    # check reads this).
    linked_from_every_page = True
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")


class PrivacyNoticePage(Page):
    """The privacy notice the consent links to (KVKK aydınlatma metni, GDPR
    Art. 13): who processes the data, why, for how long, and the patient's
    rights. Plain rich text the clinic's data controller writes."""

    body = RichTextField(_("notice"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    # Every enquiry form (on every treatment page) links here.
    linked_from_every_page = True
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("privacy notice page")
