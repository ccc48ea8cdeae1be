"""The archive's layout, shared by the writer and the reader."""

FORMAT = "clinic-cms-content-archive"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be written or read; the message says why."""
