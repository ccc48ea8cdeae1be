"""A real Redis for the cache tests: started, stopped, paused and restarted.

Each test that asks for ``redis_server`` gets a ``redis-server`` of its own on
a free port, with nothing saved to disk. ``stop()`` makes it refuse
connections, ``pause()`` hangs it (SIGSTOP: the kernel still accepts
connections, nothing answers), ``start()`` brings it back on the same port.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches

from clinic_site import cache_backend
from clinic_site.settings.caching import build_caches

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None
        self.paused = False

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (a fixed local binary)
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    break
            except redis.RedisError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.02)
        client.close()

    def stop(self):
        """Connections are refused from now on."""
        self.resume()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self):
        """Hang: connections are accepted, nothing is answered."""
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self):
        if self.paused:
            os.kill(self.process.pid, signal.SIGCONT)
            self.paused = False

    def keys(self, db):
        client = redis.Redis(port=self.port, db=db, socket_timeout=1)
        try:
            return client.keys("*")
        finally:
            client.close()


@pytest.fixture
def redis_server():
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def use_redis(settings):
    """Point both caches at a Redis, through the settings' own CACHES builder."""

    def use(server, *, retry_seconds=30.0, socket_timeout=0.25):
        # A port may come round again: start from what a new process knows.
        cache_backend._circuits.clear()
        settings.CACHES = build_caches(
            server.url, retry_seconds=retry_seconds, socket_timeout=socket_timeout
        )
        return caches["default"].circuit, caches["pages"].circuit

    return use
