"""Translations made with wagtail-localize go through the page's workflow.

wagtail-localize publishes a translation in three places: its "Translate"
action (a translation of a live page is published at once, unless
``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE`` is off, as it is here), the
translation editor's "Publish" button (refused, 403, to those who may not
publish the page) and the "Sync translated pages" form's "Publish
immediately" box (which checks nothing; ``ReviewedUpdateTranslationsView``
refuses it, 403, to those who may not publish every translated page).

Editors, who may not publish, apply a translation to its page as a draft and
submit it to the page's workflow (the medical review on treatment pages) with
``submit_translation``: "Submit translation for review" in the translated
page's "More" menu in the page listing. The reviewer approves it like any page, and the
approval records the reviewer and the date on the translated page
(``reviews.approval``).
"""

import contextlib
import os
import tempfile

import polib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation
from wagtail_localize.views.update_translations import UpdateTranslationsView


def translation_of(page):
    """The enabled wagtail-localize translation whose target is ``page``."""
    if page is None or page.is_root():
        return None
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source")
        .first()
    )


def submit_translation_for_review(translation, user):
    """Apply the translated text to the page as a draft and start its
    workflow; return the workflow state (None when there is no workflow)."""
    translation.save_target(user=user, publish=False)
    page = translation.get_target_instance()
    page = Page.objects.get(pk=page.pk).specific
    if page.workflow_in_progress:
        return page.current_workflow_state
    workflow = page.get_workflow()
    if workflow is None:
        return None
    return workflow.start(page, user)


@require_http_methods(["GET", "POST"])
def submit_translation(request, page_id):
    """Asks for confirmation (GET), then applies and submits (POST)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    translation = translation_of(page)
    if translation is None:
        messages.error(request, _("This page is not translated with the editor."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "reviews/admin/submit_translation.html",
            {"page": page, "workflow": page.get_workflow(), "translation": translation},
        )
    state = submit_translation_for_review(translation, request.user)
    if state is None:
        messages.success(request, _("The translation was saved as a draft."))
    else:
        messages.success(
            request,
            _("The translation was submitted to “%(workflow)s”.")
            % {"workflow": state.workflow.name},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


def submit_buttons(page, user, next_url=None):
    """The "More" button of a translated page in the page listing, for those
    who may edit it."""
    if translation_of(page) is None:
        return []
    if not page.permissions_for_user(user).can_edit():
        return []
    return [
        Button(
            _("Submit translation for review"),
            reverse("reviews_submit_translation", args=[page.pk]),
            icon_name="tick",
            priority=5,
        )
    ]


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", whose "Publish immediately"
    is refused to a user who may not publish every page it would publish."""

    def form_valid(self, form):
        if form.cleaned_data.get("publish_translations"):
            for translation in self.object.translations.filter(enabled=True):
                target = translation.get_target_instance()
                permissions = getattr(target, "permissions_for_user", None)
                if permissions and not permissions(self.request.user).can_publish():
                    raise PermissionDenied
        return super().form_valid(form)


#: A page's PO file is a few hundred kilobytes at most.
MAX_PO_FILE_SIZE = 5 * 1024 * 1024
TRANSLATION_ID = "X-WagtailLocalize-TranslationID"


def _names_a_translation(upload):
    """Whether ``upload`` is a PO file that says which translation it is of.

    wagtail-localize's upload view answers a missing file, or a file without
    its ``X-WagtailLocalize-TranslationID`` header, with a 500.
    """
    if upload is None or upload.size > MAX_PO_FILE_SIZE:
        return False
    with tempfile.NamedTemporaryFile(delete=False, suffix=".po") as file:
        file.write(upload.read())
    upload.seek(0)
    try:
        return TRANSLATION_ID in polib.pofile(file.name).metadata
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(file.name)


@require_http_methods(["POST"])
def upload_pofile(request, translation_id):
    """wagtail-localize's PO upload, with a bad file as a message, not a 500."""
    translation = get_object_or_404(Translation, id=translation_id)
    instance = translation.get_target_instance()
    if not edit_translation.user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    if not _names_a_translation(request.FILES.get("file")):
        messages.error(request, _("Please upload a valid PO file."))
        return redirect(
            get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
        )
    return edit_translation.upload_pofile(request, translation_id)
