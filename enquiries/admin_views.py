"""The "Enquiries" section of the admin: list, read, answer, export, erase.

Wagtail's model views, with what health data needs on top:

* each opening of an enquiry (edit or inspect view) is written to the audit
  log ("enquiries.view"), and each export, one entry per enquiry exported
  ("enquiries.export"); Wagtail logs deletions itself ("wagtail.delete");
* exporting needs the ``export_enquiry`` permission, not only ``view``;
* CSV cells that a spreadsheet would run as formulas are neutralised;
* the "requests by a patient" view exports or erases everything held for one
  email address or phone number (``rights.py``).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from . import rights
from .spreadsheet import neutralise


def _export_allowed(view):
    return view.permission_policy.user_has_permission(view.request.user, "export")


class EnquiryIndexView(generic.IndexView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.is_export and not _export_allowed(self):
            raise PermissionDenied

    @property
    def show_export_buttons(self):
        return bool(self.list_export) and _export_allowed(self)

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_any_permission(
            self.request.user, ["export", "delete"]
        ):
            buttons.append(
                HeaderButton(
                    _("Requests by a patient"),
                    url=reverse("enquiries:rights"),
                    icon_name="user",
                )
            )
        return buttons

    def as_spreadsheet(self, queryset, spreadsheet_format):
        enquiries = list(queryset)
        for enquiry in enquiries:
            log(enquiry, "enquiries.export", user=self.request.user)
        return super().as_spreadsheet(enquiries, spreadsheet_format)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise(
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)
                )
                for field, value in row_dict.items()
            }
        )


class LogViewMixin:
    """Record that the enquiry was opened, by whom and when."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(self.object, "enquiries.view", user=request.user)
        return response


class EnquiryEditView(LogViewMixin, generic.EditView):
    pass


class EnquiryInspectView(LogViewMixin, generic.InspectView):
    pass


class SubjectForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)

    def clean_phone(self):
        text = self.cleaned_data["phone"].strip()
        if not text:
            return ""
        number = rights.normalise_phone(text)
        if not number:
            raise forms.ValidationError(_("Enter a valid phone number."))
        return number

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Give an email address or a phone number."))
        return data


def rights_view(permission_policy):
    """The view for one data subject's access and erasure requests."""
    check = PermissionPolicyChecker(permission_policy)

    @check.require_any("export", "delete")
    def view(request):
        user = request.user
        can_export = permission_policy.user_has_permission(user, "export")
        can_erase = permission_policy.user_has_permission(user, "delete")
        data = request.POST if request.method == "POST" else request.GET
        form = SubjectForm(data if ("email" in data or "phone" in data) else None)
        found = None
        if form.is_valid():
            found = rights.matching(
                form.cleaned_data["email"], form.cleaned_data["phone"]
            )
            action = request.POST.get("action") if request.method == "POST" else None
            if action == "export":
                if not can_export:
                    raise PermissionDenied
                response = HttpResponse(
                    rights.export_csv(found, user), content_type="text/csv"
                )
                response["Content-Disposition"] = (
                    'attachment; filename="enquiries-subject-export.csv"'
                )
                return response
            if action == "erase":
                if not can_erase:
                    raise PermissionDenied
                if request.POST.get("confirm") != "yes":
                    messages.error(request, gettext("Tick the box to confirm."))
                else:
                    count = rights.erase(found, user)
                    messages.success(
                        request,
                        gettext("Erased %(count)s enquiries.") % {"count": count},
                    )
                    found = rights.matching(
                        form.cleaned_data["email"], form.cleaned_data["phone"]
                    )
        return render(
            request,
            "enquiries/admin/rights.html",
            {
                "form": form,
                "found": found,
                "can_export": can_export,
                "can_erase": can_erase,
                "header_icon": "user",
            },
        )

    return view
