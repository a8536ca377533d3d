"""Serving a mock over real HTTP on loopback, for tests, the command line and conformance runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

LOOPBACK = "127.0.0.1"


@contextmanager
def running_server(app: ASGIApp, *, host: str = LOOPBACK, port: int = 0) -> Iterator[str]:
    """Serve `app` in a background thread; yield its base URL; stop it on exit.

    Port 0 binds a free port, so parallel test runs never collide.
    """
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="promotion-jobs-mock", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"the mock could not start on {host}:{port}")
            threading.Event().wait(0.01)
        bound = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
