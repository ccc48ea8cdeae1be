"""Treatment pages refer to ``doctors.Doctor`` (the same table as before).

State only: the foreign key already points at ``home_doctor``, and the body is
JSON whose stored data does not change.
"""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("doctors", "0001_moved_from_home"),
        ("treatments", "0002_treatmentindexpage_focus_keyphrase_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of which app
            # owns the models changes.
            state_operations=[
                migrations.AlterField(
                    model_name="treatmentpage",
                    name="body",
                    field=wagtail.fields.StreamField(
                        [
                            ("heading", 2),
                            ("paragraph", 3),
                            ("table", 4),
                            ("doctor_quote", 7),
                            ("case_study", 15),
                            ("faq", 20),
                            ("references", 28),
                            ("callout", 31),
                            ("image", 34),
                        ],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Heading", "max_length": 255},
                            ),
                            1: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("h2", "Section (h2)"),
                                        ("h3", "Subsection (h3)"),
                                    ]
                                },
                            ),
                            2: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 0), ("level", 1)]],
                                {},
                            ),
                            3: ("content_blocks.text.ParagraphBlock", (), {}),
                            4: ("content_blocks.tables.DataTableBlock", (), {}),
                            5: ("wagtail.blocks.TextBlock", (), {"label": "Quote"}),
                            6: (
                                "wagtail.snippets.blocks.SnippetChooserBlock",
                                ("doctors.Doctor",),
                                {},
                            ),
                            7: (
                                "wagtail.blocks.StructBlock",
                                [[("quote", 5), ("doctor", 6)]],
                                {},
                            ),
                            8: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": 'For example "Case A".',
                                    "max_length": 60,
                                },
                            ),
                            9: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {"choices": [("h3", "h3"), ("h4", "h4"), ("h5", "h5")]},
                            ),
                            10: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": 'For example "5 years".',
                                    "max_length": 60,
                                    "required": False,
                                },
                            ),
                            11: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": 'A recognised scale, for example "GMFCS Level 4".',
                                    "max_length": 120,
                                    "required": False,
                                },
                            ),
                            12: ("wagtail.blocks.TextBlock", (), {"required": False}),
                            13: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {"help_text": "The case as told, with no names."},
                            ),
                            14: (
                                "wagtail.blocks.BooleanBlock",
                                (),
                                {
                                    "default": True,
                                    "help_text": "Confirm that nothing in this case identifies the patient (no name, initials, photo, exact dates or place).",
                                    "required": True,
                                },
                            ),
                            15: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("label", 8),
                                        ("heading_level", 9),
                                        ("patient_age", 10),
                                        ("classification", 11),
                                        ("intervention", 12),
                                        ("outcome", 12),
                                        ("narrative", 13),
                                        ("anonymised", 14),
                                    ]
                                ],
                                {},
                            ),
                            16: ("wagtail.blocks.CharBlock", (), {"max_length": 255}),
                            17: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {"features": ["bold", "italic", "link", "ol", "ul"]},
                            ),
                            18: (
                                "wagtail.blocks.StructBlock",
                                [[("question", 16), ("answer", 17)]],
                                {},
                            ),
                            19: (
                                "wagtail.blocks.ListBlock",
                                (18,),
                                {"label": "Questions", "min_num": 1},
                            ),
                            20: ("wagtail.blocks.StructBlock", [[("items", 19)]], {}),
                            21: ("wagtail.blocks.CharBlock", (), {"max_length": 500}),
                            22: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Journal or database.",
                                    "max_length": 255,
                                    "required": False,
                                },
                            ),
                            23: (
                                "wagtail.blocks.URLBlock",
                                (),
                                {"label": "URL", "required": False},
                            ),
                            24: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Digits only.",
                                    "label": "PubMed ID",
                                    "max_length": 9,
                                    "required": False,
                                },
                            ),
                            25: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "10.xxxx/…",
                                    "label": "DOI",
                                    "max_length": 255,
                                    "required": False,
                                },
                            ),
                            26: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("title", 21),
                                        ("source", 22),
                                        ("url", 23),
                                        ("pubmed_id", 24),
                                        ("doi", 25),
                                    ]
                                ],
                                {},
                            ),
                            27: (
                                "wagtail.blocks.ListBlock",
                                (26,),
                                {"label": "References", "min_num": 1},
                            ),
                            28: ("wagtail.blocks.StructBlock", [[("items", 27)]], {}),
                            29: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("info", "Information"),
                                        ("warning", "Warning"),
                                        ("disclaimer", "Disclaimer"),
                                    ]
                                },
                            ),
                            30: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"max_length": 255, "required": False},
                            ),
                            31: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("kind", 29),
                                        ("heading", 30),
                                        ("heading_level", 9),
                                        ("text", 17),
                                    ]
                                ],
                                {},
                            ),
                            32: ("wagtail.images.blocks.ImageChooserBlock", (), {}),
                            33: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Describe what the image shows for people who cannot see it.",
                                    "max_length": 250,
                                },
                            ),
                            34: (
                                "wagtail.blocks.StructBlock",
                                [[("image", 32), ("alt_text", 33), ("caption", 30)]],
                                {},
                            ),
                        },
                    ),
                ),
                migrations.AlterField(
                    model_name="treatmentpage",
                    name="medical_reviewer",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The doctor who checked this page's medical content.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reviewed_treatments",
                        to="doctors.doctor",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
