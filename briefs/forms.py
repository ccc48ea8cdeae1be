from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from doctors.models import Doctor

from .errors import BriefError
from .importer import MAX_BRIEF_BYTES, format_for, too_large
from .outline import LEVELS

PASTE_FORMATS = [("text", _("Plain text")), ("markdown", _("Markdown"))]


class ImportBriefForm(forms.Form):
    file = forms.FileField(
        label=_("Brief file"),
        required=False,
        help_text=_("A .docx, .md or .txt file of at most %(size)s MB.")
        % {"size": MAX_BRIEF_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.md,.markdown,.txt"}),
    )
    text = forms.CharField(
        label=_("Or paste the brief"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    text_format = forms.ChoiceField(
        label=_("Pasted text is"), choices=PASTE_FORMATS, initial="text"
    )
    locale = forms.ChoiceField(label=_("Language of the page"))

    def __init__(self, *args, locales=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = [
            (locale.language_code, locale.get_display_name()) for locale in locales
        ]

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if not upload and not text:
            raise forms.ValidationError(_("Upload a file or paste the brief's text."))
        try:
            if upload:
                if upload.size > MAX_BRIEF_BYTES:
                    raise too_large()
                data["format"] = format_for(upload.name)
                data["content"] = upload.read()
            else:
                data["format"] = data.get("text_format") or "text"
                data["content"] = data["text"]
        except BriefError as error:
            raise forms.ValidationError(str(error)) from error
        return data


class PreviewForm(forms.Form):
    """What the editor may change in the preview: heading levels, the doctor
    of each quotation, and the condition the page is about."""

    condition_name = forms.CharField(
        label=_("Condition treated"),
        max_length=255,
        help_text=_('For example "Cerebral palsy".'),
    )

    def __init__(self, *args, outline, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.outline = outline
        doctors = Doctor.objects.filter(locale=locale).order_by("name")
        for index, block in outline.headings():
            self.fields[f"level_{index}"] = forms.ChoiceField(
                label=_("Level of “%(text)s”") % {"text": block["text"]},
                choices=[(level, level.upper()) for level in LEVELS],
                initial=block["level"],
            )
        for index, block in outline.quotes():
            self.fields[f"doctor_{index}"] = forms.ModelChoiceField(
                label=_("Doctor quoted"),
                queryset=doctors,
                required=False,
                initial=block.get("_doctor"),
                empty_label=_("No match: choose one"),
            )

    def field_for(self, prefix, index):
        return self[f"{prefix}_{index}"]

    def apply(self):
        """The outline with the editor's choices."""
        for index, _block in self.outline.headings():
            self.outline.set_level(index, self.cleaned_data[f"level_{index}"])
        for index, block in self.outline.quotes():
            doctor = self.cleaned_data.get(f"doctor_{index}")
            block["_doctor"] = doctor.pk if doctor else None
        return self.outline


def upload_limit():
    """The largest request the import view reads: the file and the form."""
    return MAX_BRIEF_BYTES + getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", 0) + 65536
