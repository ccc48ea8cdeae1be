"""Turkish dates as the clinic writes them: "2 Aralık 2026" (no leading zero)."""

DATE_FORMAT = "j F Y"
