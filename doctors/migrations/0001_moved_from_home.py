"""``Doctor`` and ``DoctorIndexPage`` move here from ``home``, keeping their tables.

On a database made before the move, ``home_doctor`` and ``home_doctorindexpage``
exist and are kept; ``home`` 0008 hands their content types over, so
revisions, permissions, log entries and pages keep pointing at them. On a new
database the tables are made by ``home`` 0001 to 0006, which run first.
"""

import django.db.models.deletion
import modelsearch.index
import uuid
import wagtail.contrib.routable_page.models
import wagtail.models.preview
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("home", "0007_page_tree_depth_index"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app
            # owns the models changes.
            state_operations=[
                migrations.CreateModel(
                    name="DoctorIndexPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="wagtailcore.page",
                            ),
                        ),
                        (
                            "canonical_url",
                            models.URLField(
                                blank=True,
                                help_text="Leave blank to use the page's URL.",
                                max_length=255,
                                verbose_name="Canonical URL",
                            ),
                        ),
                        (
                            "focus_keyphrase",
                            models.CharField(
                                blank=True,
                                help_text="Optional: the one to four words a patient would search for. The SEO checks look for it in the title, description, slug, first paragraph and subheadings.",
                                max_length=100,
                            ),
                        ),
                        (
                            "robots_noindex",
                            models.BooleanField(
                                default=False,
                                help_text="Keeps the page out of search results and the sitemap.",
                                verbose_name="Hide from search engines (noindex)",
                            ),
                        ),
                        (
                            "robots_nofollow",
                            models.BooleanField(
                                default=False,
                                help_text="Asks search engines not to follow this page's links.",
                                verbose_name="Do not follow links (nofollow)",
                            ),
                        ),
                        ("intro", models.TextField(blank=True)),
                        (
                            "og_image",
                            models.ForeignKey(
                                blank=True,
                                help_text="Shown when linking to this page on social media. If blank, may show an image from the page, or the default from Settings > SEO.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                                verbose_name="Preview image",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "doctor index page",
                        "db_table": "home_doctorindexpage",
                    },
                    bases=(
                        wagtail.contrib.routable_page.models.RoutablePageMixin,
                        "wagtailcore.page",
                        models.Model,
                    ),
                ),
                migrations.CreateModel(
                    name="Doctor",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "translation_key",
                            models.UUIDField(default=uuid.uuid4, editable=False),
                        ),
                        (
                            "honorific",
                            models.CharField(
                                blank=True,
                                help_text='For example "Prof. Dr."',
                                max_length=40,
                                verbose_name="Title",
                            ),
                        ),
                        ("name", models.CharField(max_length=255)),
                        (
                            "slug",
                            models.SlugField(
                                blank=True,
                                help_text="The last part of the profile's address (/doctors/<slug>/). Made from the name when left blank; unique within a language.",
                                max_length=255,
                            ),
                        ),
                        ("specialty", models.CharField(blank=True, max_length=255)),
                        (
                            "bio",
                            models.TextField(
                                blank=True, verbose_name="Short biography"
                            ),
                        ),
                        (
                            "profile_url",
                            models.URLField(
                                blank=True,
                                help_text="A page about the doctor, on this site or elsewhere.",
                            ),
                        ),
                        (
                            "locale",
                            models.ForeignKey(
                                editable=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="wagtailcore.locale",
                                verbose_name="locale",
                            ),
                        ),
                        (
                            "photo",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                blank=True,
                                help_text="The doctor's admin account: approving a medical review as this user makes this doctor the page's reviewer.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="doctor",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "doctor",
                        "db_table": "home_doctor",
                        "ordering": ["name"],
                        "abstract": False,
                        "unique_together": {
                            ("slug", "locale"),
                            ("translation_key", "locale"),
                        },
                    },
                    bases=(
                        wagtail.models.preview.PreviewableMixin,
                        modelsearch.index.Indexed,
                        models.Model,
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
