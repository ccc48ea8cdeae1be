"""The "Patient coordinators" group: the only editors who see enquiries.

They may open the admin and view, change (the status), delete and export
enquiries; nothing else. Superusers see them too; editors and reviewers do
not. Running it again changes nothing; reversing it deletes the group.

Permission rows are normally created after migrations run (``post_migrate``),
so on a new database they may not exist yet: each is fetched or created with
the name Django would give it (as ``reviews`` does for its roles).
"""

from django.db import migrations

PATIENT_COORDINATORS = "Patient coordinators"

PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("enquiries", "enquiry", "view_enquiry", "Can view enquiry"),
    ("enquiries", "enquiry", "change_enquiry", "Can change enquiry"),
    ("enquiries", "enquiry", "delete_enquiry", "Can delete enquiry"),
    ("enquiries", "enquiry", "export_enquiry", "Can export enquiries"),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=PATIENT_COORDINATORS)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PATIENT_COORDINATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
