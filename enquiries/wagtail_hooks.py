"""The admin's "Enquiries" menu item, the consent texts and the audit actions."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import (
    EnquiryEditView,
    EnquiryIndexView,
    EnquiryInspectView,
    rights_view,
)
from .models import ConsentText, Enquiry

READ_ONLY = [
    "name",
    "email",
    "phone",
    "preferred_language",
    "treatment",
    "patient_age",
    "message",
]


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    name = "enquiries"
    icon = "mail"
    menu_label = _("Enquiries")
    add_to_admin_menu = True
    menu_order = 250
    index_view_class = EnquiryIndexView
    edit_view_class = EnquiryEditView
    inspect_view_class = EnquiryInspectView
    inspect_view_enabled = True
    list_display = [
        "__str__",
        "status",
        "created_at",
        "preferred_language",
        "treatment",
    ]
    list_filter = ["status", "preferred_language", "created_at"]
    search_fields = ["name", "email", "phone"]
    search_backend_name = None
    list_export = [
        "id",
        "created_at",
        "status",
        "name",
        "email",
        "phone",
        "preferred_language",
        "treatment",
        "patient_age",
        "message",
        "consent_version",
        "consent_given_at",
        "marketing_consent",
    ]
    export_filename = "enquiries"
    inspect_view_fields = [
        *READ_ONLY,
        "status",
        "created_at",
        "site_language",
        "consent_text",
        "consent_version",
        "consent_given_at",
        "marketing_consent",
        "marketing_consent_at",
        "notified_at",
    ]
    panels = [
        FieldPanel("status"),
        MultiFieldPanel(
            [FieldPanel(name, read_only=True) for name in READ_ONLY],
            heading=_("The enquiry"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("consent_given_at", read_only=True),
                        FieldPanel("consent_version", read_only=True),
                    ]
                ),
                FieldPanel("consent_text", read_only=True),
                FieldRowPanel(
                    [
                        FieldPanel("marketing_consent", read_only=True),
                        FieldPanel("marketing_consent_at", read_only=True),
                    ]
                ),
            ],
            heading=_("Consent"),
        ),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("rights/", rights_view(self.permission_policy), name="rights"),
        ]


class ConsentTextViewSet(SnippetViewSet):
    model = ConsentText
    icon = "doc-full"
    menu_label = _("Consent texts")
    add_to_settings_menu = True


register_snippet(ConsentTextViewSet)


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


@hooks.register("register_log_actions")
def register_enquiry_log_actions(actions):
    actions.register_action(
        "enquiries.view", _("View enquiry"), _("Opened the enquiry")
    )
    actions.register_action(
        "enquiries.export", _("Export enquiry"), _("Exported the enquiry")
    )
    actions.register_action(
        "enquiries.erase", _("Erase enquiry"), _("Erased the enquiry on request")
    )
    actions.register_action(
        "enquiries.purge",
        _("Purge enquiry"),
        _("Deleted the enquiry at the end of its retention period"),
    )
