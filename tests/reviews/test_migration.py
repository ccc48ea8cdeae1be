"""The data migration's roles and workflow, and how new sections join it."""

import importlib
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from reviews.models import MedicalReviewTask
from treatments.models import TreatmentIndexPage

from .conftest import MARKETING_EDITORS, MEDICAL_REVIEWERS, SITE_ADMINISTRATORS

MIGRATION = "0002_roles_and_medical_review_workflow"
migration = importlib.import_module(f"reviews.migrations.{MIGRATION}")
HOME_HAND_OVER = "0008_clinic_and_doctors_moved_out"
home_hand_over = importlib.import_module(f"home.migrations.{HOME_HAND_OVER}")
# Depends on this migration and grants one of its groups a permission, so
# ``migrate reviews 0001`` reverses it first and ``migrate`` runs it again.
SEO_AUDIT = "0002_stored_audit"
seo_audit = importlib.import_module(f"seo.migrations.{SEO_AUDIT}")


def historical_apps(node=("reviews", MIGRATION)):
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(node).apps


def snapshot():
    """Everything the migration makes, as comparable values."""
    roles = [MARKETING_EDITORS, MEDICAL_REVIEWERS, SITE_ADMINISTRATORS]
    return {
        "groups": sorted(
            (group.name, sorted(group.permissions.values_list("codename", flat=True)))
            for group in Group.objects.filter(name__in=roles)
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.filter(group__name__in=roles).values_list(
                "group__name", "page__url_path", "permission__codename"
            )
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.filter(group__name__in=roles).values_list(
                "group__name", "permission__codename"
            )
        ),
        "workflows": sorted(
            WorkflowTask.objects.values_list("workflow__name", "task__name")
        ),
        "tasks": Task.objects.count(),
        "assignments": sorted(
            WorkflowPage.objects.values_list("page__url_path", "workflow__name")
        ),
    }


def codenames(group_name):
    return set(
        Group.objects.get(name=group_name).permissions.values_list(
            "codename", flat=True
        )
    )


def page_codenames(group_name, page):
    return set(
        GroupPagePermission.objects.filter(
            group__name=group_name, page=page
        ).values_list("permission__codename", flat=True)
    )


def test_roles_have_the_permissions_the_issue_asks_for(demo):
    root = Page.get_first_root_node()
    index = TreatmentIndexPage.objects.get(locale__language_code="en")

    assert codenames(MARKETING_EDITORS) == {"access_admin", "view_doctor"}
    assert page_codenames(MARKETING_EDITORS, root) == {"add_page", "change_page"}

    assert codenames(MEDICAL_REVIEWERS) == {"access_admin", "view_doctor"}
    assert page_codenames(MEDICAL_REVIEWERS, root) == set()
    assert page_codenames(MEDICAL_REVIEWERS, index) == {"change_page"}

    admin = codenames(SITE_ADMINISTRATORS)
    assert {
        "access_admin",
        "change_clinicsettings",
        "change_seosettings",
        "add_redirect",
        "change_searchpromotion",
        "add_workflow",
        "change_task",
        "add_user",
        "change_group",
        "add_doctor",
        "change_doctor",
        "delete_doctor",
    } <= admin
    assert page_codenames(SITE_ADMINISTRATORS, root) == {
        "add_page",
        "bulk_delete_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    }
    nobody_publishes = GroupPagePermission.objects.filter(
        group__name__in=[MARKETING_EDITORS, MEDICAL_REVIEWERS],
        permission__codename="publish_page",
    )
    assert not nobody_publishes.exists()


@contextmanager
def content_types_as_this_migration_saw_them():
    """This migration ran while ``Doctor`` and ``ClinicSettings`` were ``home``'s;
    home 0008 has since renamed their content types. Running it again in place
    means handing them back first, as migrating backwards would."""
    apps = (
        MigrationExecutor(connection)
        .loader.project_state(("home", HOME_HAND_OVER))
        .apps
    )
    editor = SimpleNamespace(connection=connection)
    home_hand_over.hand_back(apps, editor)
    try:
        yield
    finally:
        home_hand_over.hand_over(apps, editor)
        home_hand_over.clear_content_type_cache(apps, editor)


def test_migration_is_idempotent(demo):
    before = snapshot()
    with content_types_as_this_migration_saw_them():
        migration.create_roles_and_workflow(historical_apps(), None)
    assert snapshot() == before
    admins = Group.objects.get(name=SITE_ADMINISTRATORS)
    assert admins.permissions.filter(
        content_type__app_label="doctors", codename="change_doctor"
    ).exists()
    assert not admins.permissions.filter(content_type__app_label="home").exists()


def test_migration_reverses_and_reapplies(demo):
    before = snapshot()
    apps = historical_apps()
    migration.remove_roles_and_workflow(apps, None)
    assert not Group.objects.filter(name=MEDICAL_REVIEWERS).exists()
    assert not Workflow.objects.filter(name="Medical review").exists()
    assert not MedicalReviewTask.objects.exists()
    assert (
        TreatmentIndexPage.objects.get(locale__language_code="en").get_workflow().name
        != "Medical review"
    )

    # Applied to a database that already has a treatments section, followed
    # (as ``migrate`` does) by the later migration that depends on it.
    migration.create_roles_and_workflow(apps, None)
    assert "run_seo_audit" not in codenames(SITE_ADMINISTRATORS)
    seo_audit.grant_run_seo_audit(historical_apps(("seo", SEO_AUDIT)), None)
    assert snapshot() == before
    assert (
        TreatmentIndexPage.objects.get(locale__language_code="en").get_workflow().name
        == "Medical review"
    )


def test_load_demo_content_ends_up_under_medical_review(demo):
    index = TreatmentIndexPage.objects.get(slug="treatments")
    assert WorkflowPage.objects.get(page=index).workflow.name == "Medical review"
    assert demo.get_workflow().name == "Medical review"
    # Loading it again changes nothing.
    before = snapshot()
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    assert snapshot() == before


@pytest.mark.parametrize("how", ["admin", "code"])
def test_a_new_treatments_section_joins_the_workflow(login, site_admin, demo, how):
    home = demo.get_parent().get_parent()
    if how == "admin":
        client = login(site_admin)
        url = reverse(
            "wagtailadmin_pages:add",
            args=("treatments", "treatmentindexpage", home.id),
        )
        data = {
            "title": "Adult treatments",
            "slug": "adult-treatments",
            "intro": "",
            "seo_title": "",
            "search_description": "",
            "canonical_url": "",
            "og_image": "",
            "go_live_at": "",
            "expire_at": "",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        }
        assert client.post(url, data).status_code == 302
        section = TreatmentIndexPage.objects.get(slug="adult-treatments")
    else:
        section = home.add_child(
            instance=TreatmentIndexPage(title="Adult treatments", slug="adult")
        )
    assert WorkflowPage.objects.get(page=section).workflow.name == "Medical review"
    assert page_codenames(MEDICAL_REVIEWERS, section) == {"change_page"}


def test_a_section_with_another_workflow_keeps_it(demo):
    """An editor's explicit choice of workflow for a new section is kept."""
    other = Workflow.objects.get(name="Moderators approval")
    home = demo.get_parent().get_parent()
    section = TreatmentIndexPage(title="Other", slug="other")
    home.add_child(instance=section)
    WorkflowPage.objects.filter(page=section).update(workflow=other)
    from reviews.sections import govern_treatment_section

    govern_treatment_section(section)
    assert WorkflowPage.objects.get(page=section).workflow == other
