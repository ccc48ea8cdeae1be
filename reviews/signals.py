"""Keep new treatment sections under medical review; keep the dashboard fresh."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from treatments.models import TreatmentIndexPage

from . import seo_summary
from .sections import govern_treatment_section


@receiver(post_save, sender=TreatmentIndexPage)
def put_new_section_under_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        govern_treatment_section(instance)


@receiver(page_published)
@receiver(page_unpublished)
def refresh_seo_summary(sender, **kwargs):
    seo_summary.invalidate()
