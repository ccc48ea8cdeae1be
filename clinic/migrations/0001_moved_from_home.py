"""``ClinicSettings`` moves here from ``home``, keeping its table.

On a database made before the move, the table ``home_clinicsettings`` exists
and is kept; ``home`` 0008 hands the content type over. On a new database the
table is made by ``home`` 0001 to 0006, which run first.
"""

import clinic.theme
import clinic.validators
import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("home", "0007_page_tree_depth_index"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app
            # owns the models changes.
            state_operations=[
                migrations.CreateModel(
                    name="ClinicSettings",
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
                            "name",
                            models.CharField(blank=True, default="", max_length=255),
                        ),
                        (
                            "street_address",
                            models.CharField(blank=True, max_length=255),
                        ),
                        (
                            "locality",
                            models.CharField(
                                blank=True, max_length=255, verbose_name="City"
                            ),
                        ),
                        (
                            "region",
                            models.CharField(
                                blank=True, max_length=255, verbose_name="Region"
                            ),
                        ),
                        ("postal_code", models.CharField(blank=True, max_length=32)),
                        (
                            "country",
                            models.CharField(
                                blank=True,
                                help_text="Two-letter country code, e.g. TR.",
                                max_length=2,
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                blank=True,
                                help_text="With the country code: +90 …",
                                max_length=40,
                            ),
                        ),
                        ("email", models.EmailField(blank=True, max_length=254)),
                        (
                            "opening_hours",
                            wagtail.fields.StreamField(
                                [("hours", 3)],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.MultipleChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("Monday", "Monday"),
                                                ("Tuesday", "Tuesday"),
                                                ("Wednesday", "Wednesday"),
                                                ("Thursday", "Thursday"),
                                                ("Friday", "Friday"),
                                                ("Saturday", "Saturday"),
                                                ("Sunday", "Sunday"),
                                            ],
                                            "help_text": "For late night hours past 23:59, define each day in a separate block.",
                                            "verbose_name": "Days",
                                        },
                                    ),
                                    1: (
                                        "wagtail.blocks.TimeBlock",
                                        (),
                                        {"verbose_name": "Opening time"},
                                    ),
                                    2: (
                                        "wagtail.blocks.TimeBlock",
                                        (),
                                        {"verbose_name": "Closing time"},
                                    ),
                                    3: (
                                        "wagtail.blocks.StructBlock",
                                        [
                                            [
                                                ("days", 0),
                                                ("start_time", 1),
                                                ("end_time", 2),
                                            ]
                                        ],
                                        {},
                                    ),
                                },
                            ),
                        ),
                        (
                            "profile_urls",
                            models.TextField(
                                blank=True,
                                help_text="One web address per line (social media, directories).",
                                validators=[clinic.validators.validate_profile_urls],
                                verbose_name="Profiles elsewhere",
                            ),
                        ),
                        (
                            "extra_structured_data",
                            models.TextField(
                                blank=True,
                                help_text='Optional JSON object merged into the clinic\'s schema.org data, e.g. {"medicalSpecialty": "Pediatric"}. It must be valid JSON.',
                                validators=[clinic.validators.validate_json_object],
                                verbose_name="Extra organisation structured data",
                            ),
                        ),
                        (
                            "medical_disclaimer",
                            wagtail.fields.RichTextField(
                                blank=True,
                                help_text="Shown at the end of every treatment page.",
                            ),
                        ),
                        (
                            "accent_colour",
                            models.CharField(
                                default="#0b5d63",
                                help_text="The header and button colour, as # and six hexadecimal digits. Text on it is made white or black, whichever reads better, and links are darkened where needed so that every text keeps a 4.5:1 contrast.",
                                max_length=7,
                                validators=[clinic.theme.validate_hex_colour],
                                verbose_name="Accent colour",
                            ),
                        ),
                        (
                            "logo",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                            ),
                        ),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="wagtailcore.site",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Clinic",
                        "db_table": "home_clinicsettings",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
