"""Django's Redis cache, made an optimisation rather than a dependency.

Django's ``RedisCache`` raises whenever Redis refuses, hangs or dies, and every
page goes through the cache (Wagtail's site lookup, the page cache, renditions),
so a Redis outage used to make every page a 500. This backend answers as an
empty cache instead: reads miss, writes and deletes are dropped.

* **A short timeout.** The socket timeouts come from ``OPTIONS``
  (``CACHE_SOCKET_TIMEOUT``); redis-py's own retries are turned off, so a hung
  Redis costs one timeout, not several.
* **A circuit breaker.** After a failure the backend does not go to Redis for
  ``RETRY_SECONDS``: later calls, in this request and the next ones, skip it at
  once. Then one call tries again (the others keep skipping while it does).
* **A clear on recovery.** While Redis was out of reach, writes, deletes and
  clears were lost (a publish whose page-cache clear failed), and a write sent
  to a hung Redis may still land when it resumes. So the first call that finds
  Redis answering again empties this cache before anything is read from it or
  written to it, and only then is the cache back in use.
* **Logs once per interval.** A WARNING with the alias and the error when the
  cache goes down and at each failed retry (so at most once per interval), and
  one when it is back, at the same level so that whoever sees one sees the
  other.

The breaker is per process and per alias, shared by the process's threads:
each process decides from what it saw itself (docs/deployment.md, "When Redis
is down", says what that guarantees across several app servers).
"""

import logging
import threading
from time import monotonic

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

DEFAULT_RETRY_SECONDS = 5.0


class Circuit:
    """What one process knows of one cache's Redis."""

    def __init__(self, alias, retry_seconds):
        self.alias = alias
        self.retry_seconds = retry_seconds
        self.attempts = 0  # calls that went to Redis (the tests count them)
        self._lock = threading.Lock()
        self._down_since = None  # monotonic time of the first failure
        self._retry_at = 0.0

    @property
    def is_down(self):
        return self._down_since is not None

    def admit(self):
        """Whether a call may go to Redis, and whether it is the retry.

        ``None``: skip Redis. ``False``: go (the cache is up). ``True``: go, as
        the one retry of this interval, which clears the cache first.
        """
        if self._down_since is None:
            self.attempts += 1
            return False
        with self._lock:
            now = monotonic()
            if self._down_since is None or now < self._retry_at:
                return None
            # The others keep skipping while this call tries.
            self._retry_at = now + self.retry_seconds
            self.attempts += 1
            return True

    def failed(self, error, retrying):
        with self._lock:
            now = monotonic()
            self._retry_at = max(self._retry_at, now + self.retry_seconds)
            if self._down_since is None:
                self._down_since = now
                message = "Cache %r is down (%s: %s); serving without it"
            elif retrying:
                message = "Cache %r is still down (%s: %s); serving without it"
            else:
                return  # another call in flight already said so
        logger.warning(
            message + ", next try in %s s",
            self.alias,
            type(error).__name__,
            error,
            self.retry_seconds,
            extra={"cache": self.alias},
        )

    def recovered(self):
        with self._lock:
            if self._down_since is None:
                return  # another retry got there first
            down_for = monotonic() - self._down_since
            self._down_since = None
        logger.warning(
            "Cache %r is back after %.1f s; emptied it of what the outage left stale",
            self.alias,
            down_for,
            extra={"cache": self.alias},
        )


_circuits = {}
_circuits_lock = threading.Lock()


def circuit_for(alias, location, retry_seconds):
    """One circuit per alias and server in the process, whatever the thread.

    Django makes a backend per thread (and again whenever the CACHES setting
    changes), so the state cannot live on the backend itself.
    """
    with _circuits_lock:
        circuit = _circuits.get((alias, location))
        if circuit is None:
            circuit = _circuits[(alias, location)] = Circuit(alias, retry_seconds)
        circuit.retry_seconds = retry_seconds
        return circuit


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every cache call, which builds its
    table of some 170 response callbacks each time: about as much CPU as the
    round trip itself, three times on every page-cache hit. A ``redis.Redis``
    holds no state of its own between commands (the pool lends a connection
    per command, and is safe across threads), so one per pool serves every
    call.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(
                id(pool), self._client(connection_pool=pool)
            )
        return client


class RedisCache(DjangoRedisCache):
    """Django's ``RedisCache`` that never raises because Redis is unreachable.

    ``OPTIONS`` takes, besides redis-py's connection options, ``ALIAS`` (the
    name the logs use) and ``RETRY_SECONDS`` (how long to skip Redis after a
    failure). While Redis is skipped the backend behaves as an empty cache that
    keeps nothing: ``get`` returns the default, ``add`` and ``delete`` return
    ``False``, ``set_many`` reports every key as not stored, and ``incr``
    raises ``ValueError`` as for a missing key.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        alias = options.pop("ALIAS", None)
        retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        # The breaker decides when to try again, not redis-py.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        servers = tuple(self._servers)
        self.circuit = circuit_for(alias or ",".join(servers), servers, retry_seconds)

    def _run(self, operation, default, *args, **kwargs):
        retrying = self.circuit.admit()
        if retrying is None:
            return default
        try:
            if retrying:
                super().clear()
            result = operation(*args, **kwargs)
        except RedisError as error:
            self.circuit.failed(error, retrying)
            return default
        if retrying:
            self.circuit.recovered()
        return result

    def run_with_client(self, operation, default=None):
        """``operation(client)`` with the ``redis.Redis`` behind this cache, for
        what Django's cache API cannot say (a hash, a pipeline), behind the same
        breaker: ``default`` when Redis is skipped or fails. Keys are the
        caller's to make (``make_and_validate_key``)."""
        return self._run(lambda: operation(self._cache.get_client(write=True)), default)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._run(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._run(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._run(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._run(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._run(super().incr, missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key {key!r} not found (the cache is down).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._run(super().delete_many, None, keys, version)

    def clear(self):
        return self._run(super().clear, False)
