"""A Redis cache that degrades instead of failing: with Redis down, the site still serves, and
what the cache counts (allauth's and DRF's rate limits) is still counted.

Django's RedisCache raises on a lost connection, which would turn every page that touches
the cache (sessions, rate limits, cached searches) into a 500. Here a cache error is logged
and the call goes to this process's own memory instead (a LocMemCache): searches are cached
per process, and rate limits hold per process (N workers allow N times the rate) instead of
switching off. After an error Redis is left alone for ``RETRY_AFTER_S``, so a hung Redis
costs one short socket timeout (OPTIONS in settings) every few seconds, not one per call.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# When each Redis location failed last, per process (the cache objects themselves are per thread).
_failed_at: dict[str, float] = {}


def _falls_back(name: str) -> Callable[..., Any]:
    redis_method = getattr(RedisCache, name)

    def method(self: "ResilientRedisCache", *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            try:
                return redis_method(self, *args, **kwargs)
            except RedisError as error:
                _failed_at[self._location_key] = time.monotonic()
                logger.warning("cache unavailable, %s served from this process's memory: %s", name, error)
        return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    RETRY_AFTER_S = 5.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location_key = str(server)
        # LocMemCache shares its store between instances of the same name: one per process.
        self.fallback = LocMemCache(
            f"redis-fallback:{self._location_key}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )
        self.fallback.key_prefix = self.key_prefix
        self.fallback.version = self.version

    @property
    def degraded(self) -> bool:
        """Whether Redis failed a moment ago (calls go to this process's memory meanwhile)."""
        failed_at = _failed_at.get(self._location_key)
        return failed_at is not None and time.monotonic() - failed_at < self.RETRY_AFTER_S

    get = _falls_back("get")
    get_many = _falls_back("get_many")
    has_key = _falls_back("has_key")
    set = _falls_back("set")
    set_many = _falls_back("set_many")
    add = _falls_back("add")
    touch = _falls_back("touch")
    delete = _falls_back("delete")
    delete_many = _falls_back("delete_many")
    incr = _falls_back("incr")
    clear = _falls_back("clear")
