"""A Redis cache that tolerates a missing Redis (issue 13, "Broker down").

Django's ``RedisCache`` raises ``redis.ConnectionError`` from every call when
Redis is down, which turns any page that touches the cache into a 500. The
portal only caches what it can do without (import progress, counters), so
:class:`TolerantRedisCache` logs a warning and answers as an empty cache would:
``get`` → the default, ``set``/``add``/``touch``/``delete`` → False,
``get_many`` → {}, ``has_key`` → False. ``incr`` still raises (there is no honest
number to return). Short socket timeouts come from ``OPTIONS`` (settings:
``REDIS_CONNECT_TIMEOUT_MS``, ``REDIS_SOCKET_TIMEOUT_MS``). Health checks still
see the failure: what they ``set`` cannot be ``get`` back.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def _tolerant(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                logger.warning("cache unavailable (%s): %s answered as an empty cache",
                               exc, method.__name__)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


class TolerantRedisCacheClient(RedisCacheClient):
    add = _tolerant(lambda *a, **k: False)(RedisCacheClient.add)
    get = _tolerant(lambda key, default: default)(RedisCacheClient.get)
    set = _tolerant(lambda *a, **k: False)(RedisCacheClient.set)
    touch = _tolerant(lambda *a, **k: False)(RedisCacheClient.touch)
    delete = _tolerant(lambda *a, **k: False)(RedisCacheClient.delete)
    get_many = _tolerant(lambda *a, **k: {})(RedisCacheClient.get_many)
    has_key = _tolerant(lambda *a, **k: False)(RedisCacheClient.has_key)
    set_many = _tolerant(lambda *a, **k: [])(RedisCacheClient.set_many)
    delete_many = _tolerant(lambda *a, **k: None)(RedisCacheClient.delete_many)
    clear = _tolerant(lambda *a, **k: False)(RedisCacheClient.clear)


class TolerantRedisCache(RedisCache):
    """``RedisCache`` answering as an empty cache while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
