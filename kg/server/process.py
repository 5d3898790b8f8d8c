"""The server's side of one worker process (:class:`Worker`: start it, talk to it down its pipe,
demote, stop or kill it) and the store's lock (:class:`StoreLock`), which the server holds
while its readers have the store open."""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
from pathlib import Path
from typing import Any

from kg.errors import StoreError, StoreLockedError
from kg.store import locking
from kg.server.worker import Response, worker_main

__all__ = ["StoreLock", "Worker", "WorkerDied", "worker_context"]


WorkerContext = multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext


def worker_context() -> WorkerContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pyoxigraph", "kg.server.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class WorkerDied(Exception):
    pass


class Worker:
    """One worker process and the pipe to it. ``fate`` says why the pool killed it, if it did."""

    def __init__(
        self, ctx: WorkerContext, store_dir: Path, writable: bool, policy: dict[str, bool],
        prefixes: dict[str, str] | None = None,
    ) -> None:
        parent, child = ctx.Pipe()
        self.conn = parent
        self.process = ctx.Process(
            target=worker_main, args=(child, str(store_dir), writable, policy, prefixes, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.long = False  # past long_after: deprioritised, its place in the pool taken
        self.fate: str | None = None  # "timeout" | "crowded" | "abandoned": killed by the pool
        if not parent.poll(60):
            self.kill()
            raise StoreError(f"a query worker did not open the store {str(store_dir)!r} within 60 s")
        try:
            status, detail = parent.recv()
        except EOFError:
            self.kill()
            raise StoreError(f"a query worker died opening the store {str(store_dir)!r}") from None
        if status != "ready":
            self.kill()
            if "lock" in str(detail).lower():
                raise StoreLockedError(
                    f"the store {str(store_dir)!r} is locked by another process; stop it first"
                )
            raise StoreError(f"a query worker cannot open the store {str(store_dir)!r}: {detail}")
        self.tid: int = detail["tid"]
        self.sandboxed: bool = detail["sandboxed"]

    def send(self, req: dict[str, Any]) -> None:
        try:
            self.conn.send(req)
        except (BrokenPipeError, OSError):
            raise WorkerDied() from None

    def receive(self, timeout: float) -> Any:
        """The worker's next message, or None if none came within ``timeout``; raises
        :class:`WorkerDied` if the process went away."""
        try:
            if not self.conn.poll(timeout):
                return None
            return self.conn.recv()
        except (EOFError, BrokenPipeError, OSError):
            raise WorkerDied() from None

    def call(self, req: dict[str, Any], timeout: float) -> Response | None:
        self.send(req)
        return self.receive(timeout)

    def demote(self) -> None:
        """Lowest CPU priority for the thread running its query, so cheap queries on the other
        workers keep the CPUs (a nice value cannot be lowered again: the worker is retired
        after this query)."""
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.tid, 19)

    def resident_mb(self) -> float | None:
        """The process's resident memory in MB (Linux: ``/proc``); None where it cannot be read."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as fh:
                return int(fh.read().split()[1]) * _PAGE / 1e6
        except (OSError, ValueError, IndexError):
            return None

    def signal(self) -> int | None:
        """The signal the process died of, once it is gone (None if it exited or still runs)."""
        self.process.join(5)
        code = self.process.exitcode
        return -code if code is not None and code < 0 else None

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
        self.process.join(10)
        if self.process.is_alive():
            self.kill()
        self.conn.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(10)
        with contextlib.suppress(Exception):
            self.conn.close()


class StoreLock:
    """Holds the store's own lock (:mod:`kg.store.locking`) for the server's life, and RocksDB's
    LOCK (an fcntl lock, as RocksDB takes it) while the readers have it open, so no other
    process opens the store read-write. An update lets go of RocksDB's lock only
    (:meth:`release_database`) for its worker to take: the store's own lock keeps every other
    writer out meanwhile (a `kg load` took RocksDB's lock in that gap, and the server could
    neither write nor serve again)."""

    def __init__(self, store_dir: Path) -> None:
        self.store_dir = store_dir
        self.path = store_dir / "oxigraph" / "LOCK"
        self.fd: int | None = None
        self.held = False

    def acquire(self) -> None:
        if not self.held:
            locking.hold(self.store_dir)
            self.held = True
        try:
            self.acquire_database()
        except StoreLockedError:
            self.release()
            raise

    def acquire_database(self) -> None:
        self.fd = locking.lock_file(
            self.path, f"the store {str(self.path.parent.parent)!r} is locked by another process (a running `kg` "
            "command or another `kg serve`?); stop it first",
        )

    def release_database(self) -> None:
        """Let go of RocksDB's lock only (for the update worker); the store's own stays held."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                fcntl.lockf(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def release(self) -> None:
        self.release_database()
        if self.held:
            self.held = False
            locking.let_go(self.store_dir)
