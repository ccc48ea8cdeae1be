"""Hand ``ClinicSettings``, ``Doctor`` and ``DoctorIndexPage`` to their new apps.

The models now live in ``clinic`` and ``doctors`` with the same tables. This
migration drops them from ``home``'s state (never the tables) and renames their
content types in place (``home.doctor`` becomes ``doctors.doctor``, and so on),
so every row that refers to a content type by id keeps its meaning: the pages
of type ``DoctorIndexPage``, revisions and their history, log entries, the
reference index, search entries, and the permissions groups hold.

It runs after ``reviews`` 0002, which creates the ``home.doctor`` and
``home.clinicsettings`` permissions the editorial roles are given.
"""

from django.db import migrations

MOVED = {
    "clinicsettings": "clinic",
    "doctor": "doctors",
    "doctorindexpage": "doctors",
}


def _move_content_types(apps, schema_editor, source_of, target_of):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        old = content_types.filter(app_label=source_of(model), model=model).first()
        if old is None:
            continue
        # A content type made for the new label before this ran (by a partial
        # migrate) holds nothing yet; the old one holds the history, so it wins.
        content_types.filter(app_label=target_of(model), model=model).delete()
        old.app_label = target_of(model)
        old.save(update_fields=["app_label"])


def hand_over(apps, schema_editor):
    _move_content_types(apps, schema_editor, lambda m: "home", MOVED.get)


def hand_back(apps, schema_editor):
    _move_content_types(apps, schema_editor, MOVED.get, lambda m: "home")


def clear_content_type_cache(apps, schema_editor):
    """Forget ids cached for the old labels in this process."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_page_tree_depth_index"),
        ("clinic", "0001_moved_from_home"),
        ("doctors", "0001_moved_from_home"),
        ("treatments", "0003_reviewer_and_quotes_from_doctors_app"),
        ("reviews", "0002_roles_and_medical_review_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterUniqueTogether(name="doctor", unique_together=None),
                migrations.RemoveField(model_name="doctor", name="locale"),
                migrations.RemoveField(model_name="doctor", name="photo"),
                migrations.RemoveField(model_name="doctor", name="user"),
                migrations.RemoveField(model_name="doctorindexpage", name="og_image"),
                migrations.RemoveField(model_name="doctorindexpage", name="page_ptr"),
                migrations.DeleteModel(name="ClinicSettings"),
                migrations.DeleteModel(name="Doctor"),
                migrations.DeleteModel(name="DoctorIndexPage"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(hand_over, hand_back),
        migrations.RunPython(clear_content_type_cache, clear_content_type_cache),
    ]
