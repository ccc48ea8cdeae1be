"""Search backends: Wagtail's database backends, tuned for this site."""
