"""CSV cells that a spreadsheet cannot mistake for a formula."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would run as a formula with ``'``.

    OWASP's advice against CSV injection: a cell that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return is written as text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
