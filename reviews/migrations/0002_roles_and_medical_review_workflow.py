"""The editorial roles and the "Medical review" workflow.

Creates three groups with their permissions, the "Medical review" workflow with
one medical review task (approved by "Medical Reviewers"), and assigns the
workflow to every treatments section (``TreatmentIndexPage``) that exists now;
``reviews.signals`` assigns it to sections created later.

Running it again changes nothing (everything is looked up before it is made,
and permissions are only ever added). Reversing it deletes the workflow, its
task and the three groups (with their members' membership and permissions).

Permission rows are normally created after migrations run (``post_migrate``),
so on a new database they may not exist yet: each one is fetched or created
with the name Django would give it.
"""

from django.db import migrations

MARKETING_EDITORS = "Marketing Editors"
MEDICAL_REVIEWERS = "Medical Reviewers"
SITE_ADMINISTRATORS = "Site Administrators"
WORKFLOW_NAME = "Medical review"
TASK_NAME = "Medical review"

CUSTOM_PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "bulk_delete_page": "Delete pages with children",
    "lock_page": "Lock/unlock pages you've locked",
    "publish_page": "Publish any page",
    "unlock_page": "Unlock any page",
    "choose_image": "Can choose image",
    "choose_document": "Can choose document",
}

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")


def _crud(app_label, model, actions=("add", "change", "delete", "view")):
    return [(app_label, model, f"{action}_{model}") for action in actions]


# Global (model-wide) permissions, as (app label, model, codename).
GLOBAL_PERMISSIONS = {
    MARKETING_EDITORS: [ACCESS_ADMIN, ("home", "doctor", "view_doctor")],
    MEDICAL_REVIEWERS: [ACCESS_ADMIN, ("home", "doctor", "view_doctor")],
    SITE_ADMINISTRATORS: [
        ACCESS_ADMIN,
        *_crud("home", "doctor"),
        ("home", "clinicsettings", "change_clinicsettings"),
        ("wagtailseo", "seosettings", "change_seosettings"),
        *_crud("wagtailredirects", "redirect"),
        *_crud("wagtailsearchpromotions", "searchpromotion"),
        *_crud("wagtailcore", "workflow"),
        *_crud("wagtailcore", "task"),
        *_crud("auth", "user"),
        *_crud("auth", "group"),
    ],
}

# Page permissions on the root page (so on every page). Marketing editors get
# no publish permission: what they write goes through a workflow.
ROOT_PAGE_PERMISSIONS = {
    MARKETING_EDITORS: ["add_page", "change_page"],
    SITE_ADMINISTRATORS: [
        "add_page",
        "bulk_delete_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    ],
}

# Medical reviewers may edit (never publish) inside each treatments section.
SECTION_PAGE_PERMISSIONS = {MEDICAL_REVIEWERS: ["change_page"]}

# Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    MARKETING_EDITORS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    MEDICAL_REVIEWERS: [
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    SITE_ADMINISTRATORS: [
        *_crud("wagtailimages", "image", ("add", "change", "delete", "choose")),
        *_crud("wagtaildocs", "document", ("add", "change", "delete", "choose")),
        *_crud("wagtailcore", "collection", ("add", "change", "delete")),
    ],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    name = CUSTOM_PERMISSION_NAMES.get(codename)
    if name is None:
        action = codename.split("_", 1)[0]
        try:
            verbose_name = apps.get_model(app_label, model)._meta.verbose_name_raw
        except LookupError:
            verbose_name = model
        name = f"Can {action} {verbose_name}"
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _page_permission(apps, codename):
    return _permission(apps, "wagtailcore", "page", codename)


def create_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    MedicalReviewTask = apps.get_model("reviews", "MedicalReviewTask")
    TreatmentIndexPage = apps.get_model("treatments", "TreatmentIndexPage")

    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (MARKETING_EDITORS, MEDICAL_REVIEWERS, SITE_ADMINISTRATORS)
    }
    for name, permissions in GLOBAL_PERMISSIONS.items():
        groups[name].permissions.add(
            *(_permission(apps, *permission) for permission in permissions)
        )

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for name, codenames in ROOT_PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=root_page,
                    permission=_page_permission(apps, codename),
                )

    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for name, permissions in COLLECTION_PERMISSIONS.items():
            for permission in permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name],
                    collection=root_collection,
                    permission=_permission(apps, *permission),
                )

    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = MedicalReviewTask.objects.filter(name=TASK_NAME).order_by("pk").first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="reviews", model="medicalreviewtask"
        )
        task = MedicalReviewTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.add(groups[MEDICAL_REVIEWERS])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )

    for index_page in TreatmentIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(
            page_id=index_page.pk, defaults={"workflow": workflow}
        )
        for name, codenames in SECTION_PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page_id=index_page.pk,
                    permission=_page_permission(apps, codename),
                )


def remove_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    MedicalReviewTask = apps.get_model("reviews", "MedicalReviewTask")

    task_ids = list(MedicalReviewTask.objects.values_list("pk", flat=True))
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    # Deleting the base rows removes the group approval and medical review
    # rows with them (multi-table inheritance).
    Task.objects.filter(pk__in=task_ids).delete()
    Group.objects.filter(
        name__in=[MARKETING_EDITORS, MEDICAL_REVIEWERS, SITE_ADMINISTRATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0005_doctor_user"),
        ("treatments", "0002_treatmentindexpage_focus_keyphrase_and_more"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailseo", "0004_seosettings_og_image_default"),
    ]

    operations = [
        migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)
    ]
