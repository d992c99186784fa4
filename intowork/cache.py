"""A Redis cache that degrades instead of failing: with Redis down, the site still serves.

Django's RedisCache raises on a lost connection, which would turn every page that touches
the cache (sessions, rate limits, cached searches) into a 500. Here a cache error is
logged and treated as a miss; writes are dropped. Short socket timeouts (OPTIONS in
settings) keep a hung Redis from holding requests.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _degrade(default_factory):
    def decorate(method):
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("cache unavailable, %s skipped: %s", method.__name__, error)
                return default_factory(*args, **kwargs)

        wrapper.__name__ = method.__name__
        return wrapper

    return decorate


def _default(key=None, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    get = _degrade(_default)(RedisCache.get)
    get_many = _degrade(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _degrade(lambda *a, **k: False)(RedisCache.has_key)
    set = _degrade(lambda *a, **k: None)(RedisCache.set)
    set_many = _degrade(lambda *a, **k: [])(RedisCache.set_many)
    add = _degrade(lambda *a, **k: False)(RedisCache.add)
    touch = _degrade(lambda *a, **k: False)(RedisCache.touch)
    delete = _degrade(lambda *a, **k: False)(RedisCache.delete)
    delete_many = _degrade(lambda *a, **k: None)(RedisCache.delete_many)
    incr = _degrade(lambda key, delta=1, *a, **k: delta)(RedisCache.incr)
