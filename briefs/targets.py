"""Where a brief's draft goes: a treatments index, in a language."""

from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from treatments.models import TreatmentIndexPage, TreatmentPage

from .errors import BriefError


def index_for_path(path, site=None):
    """The ``TreatmentIndexPage`` at ``path`` ("/treatments/") of the site."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise BriefError(_("There is no default site."))
    root = site.root_page
    wanted = root.url_path + path.strip("/") + "/" if path.strip("/") else root.url_path
    page = TreatmentIndexPage.objects.filter(url_path=wanted).first()
    if page is None:
        raise BriefError(_("No treatments index at %(path)s.") % {"path": path})
    return page


def locale_for_code(code):
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        raise BriefError(_("No content language “%(code)s”.") % {"code": code})
    return locale


def index_in_locale(index, locale):
    """The index's translation in ``locale``; a draft is never put elsewhere."""
    if index.locale_id == locale.pk:
        return index
    translation = index.get_translation_or_none(locale)
    if translation is None:
        raise BriefError(
            _("“%(title)s” has no %(language)s version to add the page under.")
            % {"title": index.title, "language": locale.get_display_name()}
        )
    return translation.specific


def can_import_under(user, index):
    """Whether ``user`` may add a treatment page under ``index``."""
    return (
        isinstance(index, TreatmentIndexPage)
        and TreatmentPage in index.specific_class.allowed_subpage_models()
        and index.permissions_for_user(user).can_add_subpage()
    )
