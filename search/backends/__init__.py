"""Search backends: Wagtail's database backends, tuned for this site."""

# A query word of a language with its own search configuration
# (``LANGUAGE_CONFIGS``) also matches the words it starts when it has at least
# this many letters: "tedavi" finds "tedavisinin"; "kan" (blood) does not
# find "kanser".
PREFIX_MIN_LENGTH = 4
