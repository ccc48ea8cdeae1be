"""What a check reports: a finding with a severity and a one-line fix."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from .messages import message_fields, render

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {
    ERROR: gettext_lazy("Error"),
    WARNING: gettext_lazy("Warning"),
    INFO: gettext_lazy("Note"),
}

# How the editor sees a check's outcome.
STATUS_PROBLEM = "problem"
STATUS_IMPROVE = "improve"
STATUS_GOOD = "good"


@dataclass(frozen=True)
class Finding:
    """One thing to fix (or to know) about a page or the site.

    ``message`` says what is wrong and what to do, in one line; ``target``
    names what it is about (a field, a block, a URL) where there is one.
    """

    check: str
    severity: str
    message: str
    target: str = ""

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"Unknown severity {self.severity!r}")

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    def as_dict(self):
        """The finding as ``seo_audit --format json`` prints it."""
        return {
            "check": self.check,
            "severity": self.severity,
            "message": str(self.message),
            "target": self.target,
        }

    def as_stored_dict(self):
        """The finding as stored: ``as_dict`` (its text as rendered now) and,
        for a ``Message``, what is needed to translate it again when read."""
        return {**self.as_dict(), **message_fields(self.message)}

    @classmethod
    def from_dict(cls, data):
        """A stored finding, its message in the current language."""
        return cls(
            data["check"], data["severity"], render(data), data.get("target", "")
        )


class CountsFindings:
    """``errors``, ``warnings`` and ``notes``: how many of ``self.findings``
    have each severity (a page's audit, a row of the report)."""

    @property
    def errors(self):
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self):
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def notes(self):
        return sum(1 for f in self.findings if f.severity == INFO)


def status_of(findings):
    """good / improve / problem for a check's list of findings."""
    severities = {finding.severity for finding in findings}
    if ERROR in severities:
        return STATUS_PROBLEM
    if WARNING in severities:
        return STATUS_IMPROVE
    return STATUS_GOOD
