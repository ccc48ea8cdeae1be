"""Keep new treatment sections under medical review."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from treatments.models import TreatmentIndexPage

from .sections import govern_treatment_section


@receiver(post_save, sender=TreatmentIndexPage)
def put_new_section_under_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        govern_treatment_section(instance)
