"""A process-local table of a function's answers, filled as keys are seen.

The checks need something of every word or run of text of every page (its
words, its folded form, its syllables, which figure-pattern words it holds),
and pages share most of them: each is computed once per process and looked
up after. Looked up from C (``map(table.__getitem__, keys)``), a key costs a
fraction of a call to an ``lru_cache`` function.
"""


class Remembered(dict):
    """``function(key)`` for each key looked up, computed once and kept.

    At most ``size`` keys: all are dropped when it is full (pages keep
    bringing back the same few thousand).
    """

    __slots__ = ("function", "size")

    def __init__(self, function, size):
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, key):
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.function(key)
        return value
