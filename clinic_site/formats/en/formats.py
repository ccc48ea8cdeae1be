"""English dates as the clinic writes them: "2 December 2026"."""

DATE_FORMAT = "j F Y"
