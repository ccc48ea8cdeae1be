"""The thresholds the checks use, from ``settings.SEO_CHECKS``."""

from dataclasses import dataclass, field, fields

from django.conf import settings


@dataclass(frozen=True)
class CheckConfig:
    TITLE_MAX_PX: int = 600
    TITLE_MIN_CHARS: int = 30
    DESCRIPTION_MIN_CHARS: int = 120
    DESCRIPTION_MAX_CHARS: int = 160
    MIN_WORDS: int = 300
    KEYPHRASE_MAX_WORDS: int = 4
    KEYPHRASE_DENSITY_MIN: float = 0.5
    KEYPHRASE_DENSITY_MAX: float = 3.0
    KEYPHRASE_SUBHEADING_MIN_SHARE: int = 30
    LONG_SENTENCE_WORDS: int = 20
    LONG_SENTENCES_MAX_SHARE: int = 25
    PARAGRAPH_MAX_WORDS: int = 150
    FLESCH_GOOD: int = 60
    FLESCH_FAIR: int = 50
    # Turkish pages (Ateşman readability, Yoast's Turkish sentence rule).
    ATESMAN_GOOD: int = 50
    ATESMAN_FAIR: int = 30
    TR_LONG_SENTENCE_WORDS: int = 15
    TR_LONG_SENTENCES_GOOD_SHARE: int = 20
    TR_LONG_SENTENCES_MAX_SHARE: int = 25
    TRANSITION_WORDS_MIN_SHARE: int = 30
    ALT_TEXT_MAX_CHARS: int = 125
    REVIEW_MAX_AGE_DAYS: int = 365
    MIN_REFERENCES: int = 2
    LINK_CHECK_TIMEOUT: int = 10
    LINK_CHECK_CONCURRENCY: int = 8
    # Claims checks: words added to the lists in seo/claims/<language>.json,
    # {"tr": {"superlative": ["lider klinik"]}}, and JSON files of the same
    # shape (with their "language") read after them.
    CLAIMS_EXTRA_TERMS: dict = field(default_factory=dict)
    CLAIMS_TERM_FILES: tuple = ()


def get_config(**overrides):
    """The configured thresholds; ``overrides`` win (tests use them)."""
    known = {field.name for field in fields(CheckConfig)}
    configured = getattr(settings, "SEO_CHECKS", {})
    values = {key: value for key, value in configured.items() if key in known}
    values.update(overrides)
    return CheckConfig(**values)
