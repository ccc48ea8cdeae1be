"""The enquiry form: what a patient fills in, and what it refuses."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from clinic.memo import memo
from treatments.models import TreatmentPage

from . import spam
from .consent import active_language, shown_text
from .models import MESSAGE_MAX_LENGTH, Enquiry

NAME_MAX_LENGTH = 200


class EnquiryForm(forms.Form):
    """Name, a way to reply, the question, and explicit consent.

    ``consent`` is the ``ConsentText`` the visitor was shown (or None for the
    built-in text); ``treatment`` the page the form sits on, pre-selected.
    """

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("An email address or a phone number, or both, so we can reply."),
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        region=settings.ENQUIRY_PHONE_REGION,
        help_text=_("With the country code for numbers outside Turkey, e.g. +44."),
        error_messages={
            "invalid": _("Enter a valid phone number, e.g. +90 212 555 0100.")
        },
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language for our reply"), choices=settings.LANGUAGES
    )
    treatment = forms.ModelChoiceField(
        label=_("Treatment"),
        queryset=TreatmentPage.objects.none(),
        required=False,
        empty_label=_("Not sure / something else"),
    )
    patient_age = forms.IntegerField(
        label=_("Patient's age (optional)"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("In years; helps the doctor answer."),
    )
    message = forms.CharField(
        label=_("Your question"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        # Formatted when shown, in the language of the request.
        help_text=lazy(
            lambda: _("Up to %(count)s characters.") % {"count": MESSAGE_MAX_LENGTH},
            str,
        )(),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _(
                "We can only read your enquiry with your consent: tick the box."
            )
        },
    )
    marketing = forms.BooleanField(required=False)
    consent_version = forms.CharField(required=False, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, consent=None, treatment=None, **kwargs):
        kwargs.setdefault("auto_id", "enquiry-%s")
        super().__init__(*args, **kwargs)
        self.consent = consent
        health, marketing, version = shown_text(consent)
        self.consent_label = health
        self.marketing_label = marketing
        self.consent_version_shown = version
        self.fields["consent"].label = health
        self.fields["marketing"].label = marketing
        if not marketing:
            del self.fields["marketing"]
        language = active_language()
        treatments = self.fields["treatment"]
        treatments.queryset = (
            TreatmentPage.objects.live()
            .filter(locale__language_code=language)
            .order_by("title")
        )
        self.about = None
        if not self.is_bound and treatment is not None:
            # On a treatment page the question is about that treatment: it
            # travels as a hidden field, named above the form, instead of a
            # list of every treatment in every page (most of a page's size
            # on a site with a thousand treatments). A sent form is checked
            # against the queryset, and shows the list again with its errors.
            treatments.widget = forms.HiddenInput()
            self.about = treatment.title
        elif not self.is_bound:
            # The list is kept in the shared cache until content changes
            # (clinic.memo).
            treatments.choices = [("", treatments.empty_label)] + memo(
                f"enquiries:treatments:{language}",
                lambda: list(treatments.queryset.values_list("pk", "title")),
            )
        if not self.is_bound:
            self.initial.setdefault("preferred_language", self._language())
            self.initial["consent_version"] = version
            if treatment is not None:
                self.initial["treatment"] = treatment.pk
        self.spam = None  # why the submission was silently dropped, if it was
        self.token_hash = ""

    @staticmethod
    def _language():
        code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self):
        """``aria-describedby`` to the help and the error, ``aria-invalid``."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if self.is_bound and self.errors.get(name):
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write your question."))
        return message

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if (
            not data.get("email")
            and not data.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email", _("Give an email address or a phone number so we can reply.")
            )
        if data.get("consent") and data.get("consent_version") != (
            self.consent_version_shown
        ):
            self.add_error(
                "consent",
                _(
                    "The consent text has changed since the page was loaded. "
                    "Read it again below and tick the box if you agree."
                ),
            )
        self._check_token(data.get("form_token") or "")
        return data

    def _check_token(self, token):
        if self.data.get(spam.HONEYPOT_FIELD):
            self.spam = "honeypot"
            return
        try:
            age = spam.token_age(token)
        except spam.TokenError:
            self.add_error(
                None,
                _(
                    "This form has expired or could not be checked. Check your "
                    "details and send it again."
                ),
            )
            return
        self.token_hash = spam.token_hash(token)
        if spam.is_too_fast(age):
            self.spam = "too-fast"
        elif Enquiry.objects.filter(form_token=self.token_hash).exists():
            self.add_error(
                None,
                _(
                    "This form was already sent. If you want to send another "
                    "enquiry, check your details and send it again."
                ),
            )

    def save(self, *, site_language):
        """Store the enquiry with the consent as it was shown; return it."""
        data = self.cleaned_data
        now = timezone.now()
        marketing = bool(data.get("marketing"))
        return Enquiry.objects.create(
            name=data["name"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            preferred_language=data["preferred_language"],
            treatment=data.get("treatment"),
            patient_age=data.get("patient_age"),
            message=data["message"],
            site_language=site_language,
            consent_text=self.consent_label,
            consent_version=self.consent_version_shown,
            consent_given_at=now,
            marketing_consent=marketing,
            marketing_consent_at=now if marketing else None,
            form_token=self.token_hash,
        )
