"""Record the upgraded (or restored) site as ``before.py`` recorded the old one.

Run with this code tree on ``PYTHONPATH``, after ``migrate``:
``python after.py OUT.json``. The moved models are looked up under their new
labels (``clinic.ClinicSettings``, ``doctors.Doctor``, ``doctors.DoctorIndexPage``),
and the admin views under ``/admin/snippets/doctors/doctor/``.
"""

import site_facts
from site_facts import DOCTOR_SLUG, NEW


def main():
    out = site_facts.out_path()
    site_facts.setup()
    from django.apps import apps

    doctor = apps.get_model(NEW.doctors, "Doctor").objects.get(slug=DOCTOR_SLUG)
    facts = site_facts.collect(NEW)
    facts["pages"] = site_facts.render_pages()
    facts["admin"] = site_facts.admin_views(NEW, doctor.pk)
    site_facts.write(out, facts)


if __name__ == "__main__":
    main()
