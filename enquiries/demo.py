"""The enquiry path for the demo site: contact and privacy pages, consent
texts and the notification address, in English and Turkish. Idempotent: a
second run finds everything and writes nothing.

The Turkish pages are copies made with ``copy_for_translation`` (not through
wagtail-localize's catalogue), which is enough for demo content.
"""

from django.db import transaction
from wagtail.models import Locale

from .models import ConsentText, ContactPage, EnquirySettings, PrivacyNoticePage

NOTIFICATION_EMAIL = "enquiries@clinic.example"
TRANSLATION_LANGUAGE = "tr"

CONTACT = {
    "en": {
        "slug": "contact",
        "title": "Contact us",
        "intro": "Ask us about a treatment, an appointment or a second opinion. "
        "A member of our patient team replies within two working days.",
        "search_description": "Ask the clinic about a treatment, an "
        "appointment or a second opinion: our patient team replies within two "
        "working days, in English or Turkish.",
    },
    "tr": {
        "slug": "iletisim",
        "title": "İletişim",
        "intro": "Bir tedavi, randevu ya da ikinci görüş hakkında bize "
        "sorunuzu iletin. Hasta ekibimiz iki iş günü içinde yanıt verir.",
        "search_description": "Bir tedavi, randevu ya da ikinci görüş "
        "hakkında kliniğe sorunuzu iletin: hasta ekibimiz iki iş günü içinde "
        "Türkçe ya da İngilizce yanıt verir.",
    },
}
PRIVACY = {
    "en": {
        "slug": "privacy-notice",
        "title": "Privacy notice",
        "body": "<p>The clinic is the data controller for what you send through "
        "the enquiry form. We use it only to answer your enquiry, keep it for "
        "one year, and never send it to third parties. You may ask for a copy "
        "or for its deletion at any time by writing to us.</p>",
        "search_description": "How the clinic processes what you send through "
        "the enquiry form, how long it is kept and how to ask for a copy or "
        "its deletion.",
    },
    "tr": {
        "slug": "aydinlatma-metni",
        "title": "Aydınlatma metni",
        "body": "<p>Başvuru formuyla ilettiğiniz kişisel verilerin veri "
        "sorumlusu kliniğimizdir. Verilerinizi yalnızca başvurunuzu yanıtlamak "
        "için işler, bir yıl saklar ve üçüncü kişilere aktarmayız. KVKK 11. "
        "madde kapsamındaki haklarınızı bize yazarak kullanabilirsiniz.</p>",
        "search_description": "Başvuru formuyla ilettiğiniz kişisel "
        "verilerin nasıl işlendiği, ne kadar saklandığı ve KVKK kapsamındaki "
        "haklarınızı nasıl kullanacağınız.",
    },
}
CONSENT = {
    "en": {
        "health_consent": "I give my explicit consent to the clinic processing "
        "the health information in this enquiry in order to answer it.",
        "marketing_consent": "Send me occasional news about the clinic's "
        "treatments by email.",
    },
    "tr": {
        "health_consent": "Bu başvuruda paylaştığım sağlık verilerimin, "
        "başvurumun yanıtlanması amacıyla klinik tarafından işlenmesine açık "
        "rıza veriyorum.",
        "marketing_consent": "Kliniğin tedavileriyle ilgili haberleri e-posta "
        "ile almak istiyorum.",
    },
}


def _publish_if_changed(page, values):
    changed = any(getattr(page, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(page, name, value)
    if changed or not page.live:
        page.save_revision().publish()
    return page


def _page(model, home, values):
    page = model.objects.child_of(home).filter(slug=values["slug"]).first()
    if page is None:
        page = model(**values)
        home.add_child(instance=page)
        page.save_revision().publish()
        return page
    return _publish_if_changed(page, values)


def _translated_page(source, locale, values):
    page = source.get_translation_or_none(locale)
    if page is None:
        page = source.copy_for_translation(locale)
    return _publish_if_changed(page.specific, values)


def _consent(locale, values, privacy, source=None):
    text = ConsentText.objects.filter(locale=locale).first()
    if text is None:
        if source is not None:
            text = source.copy_for_translation(locale)
        else:
            text = ConsentText(locale=locale)
    values = {**values, "privacy_notice_id": privacy.pk}
    changed = text.pk is None or any(
        getattr(text, name) != value for name, value in values.items()
    )
    if changed or text.latest_revision_id is None:
        for name, value in values.items():
            setattr(text, name, value)
        text.save()
        text.save_revision()
    return text


@transaction.atomic
def ensure_enquiry_demo(site):
    """Contact and privacy pages, consent texts and the notification address."""
    settings = EnquirySettings.for_site(site)
    if not settings.notification_email:  # never overwrite the clinic's own
        settings.notification_email = NOTIFICATION_EMAIL
        settings.save()
    home = site.root_page.specific
    contact = _page(ContactPage, home, CONTACT["en"])
    privacy = _page(PrivacyNoticePage, home, PRIVACY["en"])
    consent = _consent(home.locale, CONSENT["en"], privacy)
    result = {"contact": contact, "privacy": privacy, "consent": consent}
    locale = Locale.objects.filter(language_code=TRANSLATION_LANGUAGE).first()
    if locale is not None and home.get_translation_or_none(locale) is not None:
        result["contact_tr"] = _translated_page(contact, locale, CONTACT["tr"])
        result["privacy_tr"] = _translated_page(privacy, locale, PRIVACY["tr"])
        result["consent_tr"] = _consent(
            locale, CONSENT["tr"], result["privacy_tr"], source=consent
        )
    return result
