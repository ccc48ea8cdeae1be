"""Create or update the demo site from the seed page, idempotently.

Every function looks its object up by a natural key (a slug, a name) and only
saves when something differs, so a second run writes nothing: no duplicate
pages, no new revisions.
"""

import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from briefs.builder import stream_data
from briefs.outline import Outline
from clinic.models import ClinicSettings, ClinicText
from doctors.models import Doctor, DoctorIndexPage
from home.models import HomePage, HomePageFeaturedTreatment
from treatments.models import TreatmentIndexPage, TreatmentPage

from .seed import quoted_doctor_name
from .translate import ensure_locale, load_catalogue, translate

#: The language of the demo's translation (``*.tr.po``), when it is configured.
TRANSLATION_LANGUAGE = "tr"

#: The clinic's disclaimer (settings, and the clinic text visitors read). The
#: last sentence is the notice Turkey's regulation on promotion in health
#: services requires on every page (its Turkish is in ``*.tr.po``).
DISCLAIMER = (
    "<p>This page gives general information. It does not replace a consultation "
    "with a doctor, who can advise on a treatment plan for each patient. "
    "Treatment results vary from person to person.</p>"
)
#: What earlier versions of the demo wrote: the demo's own text, not an
#: editor's, so a new run replaces it with ``DISCLAIMER``.
EARLIER_DISCLAIMERS = (
    "<p>This page gives general information. It does not replace a consultation "
    "with a doctor, who can advise on a treatment plan for each patient.</p>",
)
#: The clinic's contact for enquiries, which the regulation also requires on
#: health promotion pages (the responsible editor's contact). ``.example`` is
#: reserved: no mail leaves the demo for a real address.
CONTACT_EMAIL = "info@clinic.example"


def _demo_default(value, wanted, earlier=()):
    """``wanted`` where ``value`` is blank or an earlier demo default; else the
    editor's ``value``, untouched."""
    return wanted if not value or value in earlier else value


def body_stream(seed: Outline, doctor: Doctor):
    """The seed's blocks as StreamField data, built by the brief importer.

    The seed's cases are vouched for as anonymised (they are the clinic's
    published text); a brief imported by an editor is not.
    """
    for _index, block in seed.quotes():
        block["_doctor"] = doctor.pk
    return stored_form(stream_data(seed, anonymised=True))


def stored_form(data):
    """``data`` as the body field stores it once saved: every list item with
    an id (``{"type": "item", "value": …, "id": …}``).

    wagtail-localize names a list item's segments by its id, and offers a
    list for translation only when it is stored this way: without it, the
    FAQ's questions and the references would be left out of the Turkish page.
    """
    block = TreatmentPage._meta.get_field("body").stream_block
    value = block.to_python(data)
    # A StreamValue hands back the raw data of blocks never read; read them.
    list(value)
    return block.get_prep_value(value)


def _without_ids(stream_data):
    """StreamField JSON with the random block ids removed, for comparison."""
    text = json.dumps(stream_data, sort_keys=True, default=str)
    data = json.loads(text)

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "id"}
        if isinstance(node, list):
            return [strip(item) for item in node]
        return node

    return strip(data)


def _apply(page, values):
    """Set ``values`` on ``page``; return True when anything changed."""
    changed = False
    for name, value in values.items():
        current = getattr(page, name)
        if name == "body":
            if _without_ids(current.get_prep_value()) == _without_ids(value):
                continue
        elif current == value:
            continue
        setattr(page, name, value)
        changed = True
    return changed


def _update(page, values):
    """Set ``values`` and publish a new revision only if something changed."""
    if _apply(page, values) or not page.live:
        page.save_revision().publish()
    return page


def _child(parent, model, slug, values):
    """Find ``parent``'s child by slug, or create and publish it."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return _update(existing, values)
    page = model(slug=slug, **values)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_doctor(full_name):
    """The doctor named in the seed ("Prof. Dr. Erdinç Özek"), made once."""
    honorific, separator, name = full_name.rpartition("Dr. ")
    honorific = f"{honorific}{separator}".strip()
    doctor, _created = Doctor.objects.get_or_create(
        name=name.strip(),
        locale=Locale.get_default(),
        defaults={"honorific": honorific},
    )
    return doctor


def ensure_site(home, hostname, port, site_name):
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    wanted = {
        "hostname": hostname,
        "port": port,
        "root_page_id": home.pk,
        "site_name": site_name,
    }
    if any(getattr(site, key) != value for key, value in wanted.items()) or not site.pk:
        for key, value in wanted.items():
            setattr(site, key, value)
        site.save()
    return site


def ensure_clinic_settings(site, name):
    """Fill in what is blank (or an earlier demo default); never overwrite
    what an editor has typed."""
    clinic = ClinicSettings.for_site(site)
    wanted = {
        "name": _demo_default(clinic.name, name),
        "email": _demo_default(clinic.email, CONTACT_EMAIL),
        "medical_disclaimer": _demo_default(
            clinic.medical_disclaimer, DISCLAIMER, EARLIER_DISCLAIMERS
        ),
    }
    changed = clinic.pk is None
    for field, value in wanted.items():
        if getattr(clinic, field) != value:
            setattr(clinic, field, value)
            changed = True
    if changed:
        clinic.save()
    return clinic


def ensure_clinic_text(clinic):
    """The clinic's text in the default language (the disclaimer visitors
    read), made once from the settings' disclaimer; filled in if blank (or an
    earlier demo default), never overwritten."""
    text = ClinicText.objects.filter(locale=Locale.get_default()).first()
    if text is None:
        text = ClinicText(locale=Locale.get_default())
    if not text.medical_disclaimer:
        wanted = clinic.medical_disclaimer or DISCLAIMER
    else:
        wanted = _demo_default(text.medical_disclaimer, DISCLAIMER, EARLIER_DISCLAIMERS)
    if text.pk is None or text.medical_disclaimer != wanted:
        text.medical_disclaimer = wanted
        text.save()
    return text


@transaction.atomic
def build_demo_site(seed: Outline, *, hostname, port, today=None):
    """Make the home page, the treatments index, /doctors/ and the seed page exist."""
    today = today or timezone.localdate()
    doctor = ensure_doctor(quoted_doctor_name(seed))
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Home", slug="home"))
    clinic_name = doctor.full_name
    site = ensure_site(home, hostname, port, clinic_name)
    clinic_text = ensure_clinic_text(ensure_clinic_settings(site, clinic_name))

    _update(
        home,
        {
            "title": f"Regenerative medicine with {clinic_name}",
            "intro": "<p>Treatments for children and adults, explained and "
            "reviewed by the doctors who provide them.</p>",
        },
    )
    index = _child(
        home,
        TreatmentIndexPage,
        "treatments",
        {
            "title": "Treatments",
            "intro": "Every treatment the clinic offers, reviewed by our doctors.",
            "show_in_menus": True,
        },
    )
    doctors = _child(
        home,
        DoctorIndexPage,
        "doctors",
        {
            "title": "Our doctors",
            "intro": "The doctors who treat our patients and review every "
            "treatment page on this site.",
            "search_description": "Meet the clinic's doctors: their specialties, "
            "their background and the treatment pages on this site that each of "
            "them has medically reviewed.",
            "show_in_menus": True,
        },
    )
    slug = "stem-cell-therapy-for-cerebral-palsy"
    existing = TreatmentPage.objects.child_of(index).filter(slug=slug).first()
    treatment = _child(
        index,
        TreatmentPage,
        slug,
        {
            "title": seed.title,
            "seo_title": seed.seo_title,
            "search_description": seed.seo_description,
            "condition_name": "Cerebral palsy",
            "summary": "\n\n".join(seed.summary),
            "medical_reviewer": doctor,
            # The review date is the day the demo is first loaded, never reset.
            "last_reviewed": existing.last_reviewed if existing else today,
            "body": body_stream(seed, doctor),
        },
    )
    if not HomePageFeaturedTreatment.objects.filter(page=home, treatment=treatment):
        home.featured_treatments.add(HomePageFeaturedTreatment(treatment=treatment))
        home.save_revision().publish()
    pages = {
        "site": site,
        "home": home,
        "index": index,
        "doctors": doctors,
        "treatment": treatment,
        "doctor": doctor,
        "clinic_text": clinic_text,
    }
    pages["translations"] = translate_demo_site(pages, today)
    return pages


def translate_demo_site(pages, today):
    """The Turkish doctor, clinic text (the disclaimer), home page, treatments
    index, doctors page and seed page, through wagtail-localize
    (``demo.translate``), live.

    The doctor comes first: the seed page's quote and medical reviewer point
    to the doctor's Turkish record. The Turkish page records its own review
    the way the English one does: the Turkish doctor as reviewer, and the day
    the translation was first loaded, never reset.
    """
    languages = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    if TRANSLATION_LANGUAGE not in languages:
        return {}
    locale = ensure_locale(TRANSLATION_LANGUAGE)
    catalogue = load_catalogue()
    doctor = translate(pages["doctor"], locale, catalogue)
    result = {
        "doctor": doctor,
        "clinic_text": translate(pages["clinic_text"], locale, catalogue),
    }
    for name in ("home", "index", "doctors"):
        result[name] = translate(pages[name], locale, catalogue)
    existing = pages["treatment"].get_translation_or_none(locale)
    reviewed = existing.specific.last_reviewed if existing else None
    result["treatment"] = translate(
        pages["treatment"],
        locale,
        catalogue,
        extra={"medical_reviewer": doctor, "last_reviewed": reviewed or today},
    )
    return result
