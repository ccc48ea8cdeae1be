"""Admin POST data and URLs for the review tests (built on the treatment tests')."""

import json

from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from tests.treatments.test_admin import PARAGRAPH_FEATURES, add_url, page_form_data

__all__ = ["add_url", "edit_url", "json_ld", "treatment_data", "workflow_action_url"]


def treatment_data(
    title, slug, *, action="submit", paragraph="Stem cells are collected.", **extra
):
    """A TreatmentPage form with the ``action`` button pressed (None: save draft)."""
    body = [
        ("heading", {"text": "How the treatment works", "level": "h2"}),
        ("paragraph", rich_text(f"<p>{paragraph}</p>", features=PARAGRAPH_FEATURES)),
    ]
    data = page_form_data(title, slug, body, **extra)
    del data["action-publish"]
    if action:
        data[f"action-{action}"] = action
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.id,))


def workflow_action_url(page, action, task_state):
    return reverse(
        "wagtailadmin_pages:workflow_action", args=(page.id, action, task_state.id)
    )


def json_ld(response):
    """The page's JSON-LD ``@graph`` nodes, by ``@type``, parsed from the HTML."""
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD scripts"
    graph = json.loads(scripts[0].string)["@graph"]
    nodes = {}
    for node in graph:
        nodes.setdefault(node["@type"], []).append(node)
    return nodes
