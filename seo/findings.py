"""What a check reports: a finding with a severity and a one-line fix."""

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

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

    def as_dict(self):
        return asdict(self)


def status_of(findings):
    """good / improve / problem for a check's list of findings."""
    severities = {finding.severity for finding in findings}
    if ERROR in severities:
        return STATUS_PROBLEM
    if WARNING in severities:
        return STATUS_IMPROVE
    return STATUS_GOOD
