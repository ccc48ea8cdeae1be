"""Validators for what editors type into the clinic's settings."""

import json

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _


def validate_profile_urls(value):
    """One absolute URL per line (the clinic's profiles elsewhere, for sameAs)."""
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        if line.strip():
            try:
                check(line.strip())
            except ValidationError as error:
                raise ValidationError(
                    _("Line %(number)s is not a web address: %(line)s"),
                    params={"number": number, "line": line.strip()},
                ) from error


def validate_json_object(value):
    """A JSON object whose keys are plain schema.org properties."""
    if not value.strip():
        return
    try:
        data = json.loads(value)
    except ValueError as error:
        raise ValidationError(
            _("This is not valid JSON: %(error)s"), params={"error": error}
        ) from error
    if not isinstance(data, dict):
        raise ValidationError(_('Give a JSON object: {"property": "value"}.'))
    reserved = sorted(key for key in data if key.startswith("@"))
    if reserved:
        raise ValidationError(
            _("These keys are set by the site and cannot be changed: %(keys)s"),
            params={"keys": ", ".join(reserved)},
        )
