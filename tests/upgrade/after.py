"""Record the upgraded (or restored) site as ``before.py`` recorded the old one.

Run with this code tree on ``PYTHONPATH``, after ``migrate``:
``python after.py OUT.json``. Besides what ``before.py`` records, it fetches
what only this release has: the seed page under the Turkish prefix, which the
site has no translation for, and the stored SEO audit's report as a
superuser.
"""

import site_facts
from site_facts import (
    DOCTOR_SLUG,
    DOCTORS_APP,
    SEO_REPORT_URL,
    SUPERUSER_USERNAME,
    TURKISH_SEED_URL,
)


def main():
    out = site_facts.out_path()
    site_facts.setup()
    from django.apps import apps

    doctor = apps.get_model(DOCTORS_APP, "Doctor").objects.get(slug=DOCTOR_SLUG)
    facts = site_facts.collect()
    facts["pages"] = site_facts.render_pages()
    facts["admin"] = site_facts.admin_views(doctor.pk)
    turkish = site_facts.fetch(TURKISH_SEED_URL)
    facts["turkish_seed"] = {key: turkish[key] for key in ("status", "location")}
    facts["seo_report"] = site_facts.fetch(SEO_REPORT_URL, SUPERUSER_USERNAME)
    site_facts.write(out, facts)


if __name__ == "__main__":
    main()
