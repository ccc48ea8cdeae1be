"""Per-language date formats (``FORMAT_MODULE_PATH``), read by ``|date``."""
