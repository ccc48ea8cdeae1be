"""Admin: upload or paste a brief, preview what was found, create a draft."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Locale, Page

from .builder import create_draft, guess_condition, match_doctors
from .errors import BriefError
from .forms import ImportBriefForm, PreviewForm, upload_limit
from .importer import read_brief, too_large
from .outline import Outline
from .targets import can_import_under, index_in_locale

SESSION_KEY = "briefs:%s"


def _index(request, parent_id):
    page = get_object_or_404(Page, pk=parent_id).specific
    if not can_import_under(request.user, page):
        raise PermissionDenied
    return page


def import_brief(request, parent_id):
    index = _index(request, parent_id)
    locales = Locale.objects.order_by("language_code")
    context = {"index": index}
    initial = {"locale": index.locale.language_code}
    if request.method == "POST":
        if not _small(request):
            # Refused before Django reads the upload: a form error, not a 500.
            form = ImportBriefForm(locales=locales, initial=initial)
            context["request_errors"] = [str(too_large())]
            return _render_form(request, form, context)
        if request.POST.get("token"):
            return _create(request, index, context)
        form = ImportBriefForm(request.POST, request.FILES, locales=locales)
        if form.is_valid():
            return _preview_new(request, index, form, context)
        return _render_form(request, form, context)
    form = ImportBriefForm(locales=locales, initial=initial)
    return _render_form(request, form, context)


def _small(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= upload_limit()


def _render_form(request, form, context):
    return TemplateResponse(
        request, "briefs/import_form.html", {**context, "form": form}
    )


def _preview_new(request, index, form, context):
    data = form.cleaned_data
    locale = Locale.objects.get(language_code=data["locale"])
    try:
        target = index_in_locale(index, locale)
        if not can_import_under(request.user, target):
            raise PermissionDenied
        outline = read_brief(data["content"], data["format"])
    except BriefError as error:
        form.add_error(None, str(error))
        return _render_form(request, form, context)
    match_doctors(outline, locale)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY % token] = {
        "outline": outline.to_session(),
        "locale": locale.pk,
        "target": target.pk,
    }
    preview = PreviewForm(
        outline=outline,
        locale=locale,
        initial={"condition_name": guess_condition(outline.title)},
    )
    return _render_preview(request, preview, token, target, context)


def _render_preview(request, preview, token, target, context):
    outline = preview.outline
    rows = []
    for index, block in enumerate(outline.blocks):
        row = {"block": block, "type": block["type"]}
        if block["type"] == "heading":
            row["field"] = preview.field_for("level", index)
        elif block["type"] == "doctor_quote":
            row["field"] = preview.field_for("doctor", index)
        rows.append(row)
    return TemplateResponse(
        request,
        "briefs/preview.html",
        {
            **context,
            "outline": outline,
            "rows": rows,
            "preview": preview,
            "token": token,
            "target": target,
        },
    )


def _create(request, index, context):
    token = request.POST["token"]
    stored = request.session.get(SESSION_KEY % token)
    if not stored:
        messages.error(request, _("This preview has expired; read the brief again."))
        return redirect("briefs_import", parent_id=index.pk)
    target = get_object_or_404(Page, pk=stored["target"]).specific
    if not can_import_under(request.user, target):
        raise PermissionDenied
    locale = Locale.objects.get(pk=stored["locale"])
    outline = Outline.from_session(stored["outline"])
    preview = PreviewForm(request.POST, outline=outline, locale=locale)
    if not preview.is_valid():
        return _render_preview(request, preview, token, target, context)
    outline = preview.apply()
    try:
        page = create_draft(
            outline,
            target,
            user=request.user,
            condition_name=preview.cleaned_data["condition_name"],
        )
    except ValidationError as error:
        preview.add_error(None, error)
        return _render_preview(request, preview, token, target, context)
    del request.session[SESSION_KEY % token]
    messages.success(
        request,
        _(
            "Draft “%(title)s” created from the brief. Check it, then "
            "submit it for medical review."
        )
        % {"title": page.title},
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
