"""The accent colour from Settings > Clinic, served as /theme.css under the CSP."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from clinic import theme
from clinic.models import ClinicSettings
from tests.conftest import SEED_URL


@pytest.mark.parametrize(
    "colour", ["#0b5d63", "#ffd700", "#ffffff", "#000000", "#abc", "#e60000"]
)
def test_every_colour_gets_readable_text_and_links(colour):
    variables = theme.theme_variables(colour)
    assert variables["--accent"] == theme.normalise(colour)
    assert theme.contrast(variables["--accent"], variables["--accent-fg"]) >= 4.5
    assert theme.contrast(variables["--accent-text"], "#ffffff") >= 4.5
    assert theme.contrast(variables["--accent-dark"], "#ffffff") >= 7


def test_contrast_matches_known_wcag_values():
    assert round(theme.contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(theme.contrast("#777777", "#ffffff"), 2) == 4.48
    assert theme.readable_foreground("#ffd700") == theme.DARK
    assert theme.readable_foreground("#0b5d63") == theme.WHITE
    # The default is left as it is: it already reads well on white.
    assert theme.darken_until_readable(theme.DEFAULT_ACCENT) == theme.DEFAULT_ACCENT


@pytest.mark.parametrize("value", ["red", "#12345", "0b5d63", "#ggg000", ""])
def test_the_setting_refuses_what_is_not_a_hex_colour(value):
    with pytest.raises(ValidationError):
        theme.validate_hex_colour(value)


def test_pages_link_a_versioned_theme_stylesheet(client, demo):
    clinic = ClinicSettings.objects.get()
    assert clinic.accent_colour == theme.DEFAULT_ACCENT
    soup = BeautifulSoup(client.get(SEED_URL).content, "html.parser")
    links = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert links[-1] == f"/theme.css?v={theme.theme_version(clinic.accent_colour)}"
    # No inline style anywhere (the CSP would block it).
    assert soup.find("style") is None
    assert soup.find(attrs={"style": True}) is None


def test_theme_css_serves_the_clinics_colours(client, demo):
    clinic = ClinicSettings.objects.get()
    clinic.accent_colour = "#FFD700"
    clinic.full_clean()
    clinic.save()
    version = theme.theme_version(clinic.accent_colour)
    response = client.get(f"/theme.css?v={version}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    css = response.content.decode()
    assert "--accent: #ffd700;" in css
    assert "--accent-fg: #111111;" in css
    link_colour = re.search(r"--accent-text: (#[0-9a-f]{6});", css).group(1)
    assert theme.contrast(link_colour, "#ffffff") >= 4.5
    stale = client.get("/theme.css?v=old")
    assert stale["Cache-Control"] == "public, max-age=300"
    assert stale.content == response.content
    # Pages now point at the new version.
    page = client.get(SEED_URL).content.decode()
    assert f"/theme.css?v={version}" in page


def test_the_clinic_setting_validates_the_colour(demo):
    clinic = ClinicSettings.objects.get()
    clinic.accent_colour = "teal"
    with pytest.raises(ValidationError) as error:
        clinic.full_clean()
    assert "accent_colour" in error.value.message_dict
