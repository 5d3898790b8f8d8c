"""The ``kg serve`` application: :func:`create_app` assembles the routes, the worker pool and the
CORS policy; :func:`serve` runs it under uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import NotAStoreError
from kg.server.config import ServeConfig
from kg.server.cors import cors_middleware
from kg.server.pool import WorkerPool, pool_for

__all__ = ["check_store_dir", "create_app", "serve"]


def create_app(config: ServeConfig, *, pool: WorkerPool | None = None):  # -> Starlette
    """The Starlette application of ``kg serve`` (the worker pool starts with the app)."""
    # Starlette is imported here, not with the package: the query workers import the package
    from starlette.applications import Starlette

    from kg.server.routes import Routes

    routes = Routes(config, pool)
    return cors_middleware(Starlette(routes=routes.table(), lifespan=routes.lifespan), config.cors)


def check_store_dir(path: Path) -> None:
    from kg.store import MARKER

    if not path.is_dir() or not (path / MARKER).is_file() or not (path / "oxigraph").is_dir():
        raise NotAStoreError(f"{str(path)!r} is not a kg store; create one with `kg init DIR`")


def serve(config: ServeConfig, *, log_level: str = "warning", ready: Any = None) -> None:
    """Run the server until interrupted (the ``kg serve`` command)."""
    import uvicorn

    check_store_dir(config.store)
    # take the lock and start the workers before binding, so a locked store fails fast
    pool = pool_for(config)
    pool.start()
    app = create_app(config, pool=pool)
    if ready is not None:
        ready(pool)
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=5,
    )
