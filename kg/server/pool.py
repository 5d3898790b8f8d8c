"""The pool of query workers: each query runs in a reader process that can be killed at the
timeout; a watchdog enforces the timeout and turns long queries into low-priority ones; an
update runs alone in a one-shot writer process (see the kg.server package docstring)."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import threading
import time
from pathlib import Path
from typing import Any, Callable

from kg.errors import StoreError
from kg.server.config import ServeConfig
from kg.server.guard import NETWORK_DENIED, SERVICE_REFUSED
from kg.server.process import StoreLock, Worker, WorkerDied, worker_context
from kg.server.worker import Response

log = logging.getLogger("kg.server")

__all__ = ["GraphStream", "StreamCut", "WorkerPool", "pool_for"]


SHUTTING_DOWN: Response = ("error", 503, "the server is shutting down; try again when it is back")
STOP_GRACE = 2.0
"""Seconds a request whose worker died for no reason of the pool's waits for the pool to close:
a stop (systemd's SIGTERM to the whole service, `timeout`'s to its process group) reaches the
workers and their fork server with the server, and one may die before the server's handler
closes the pool."""


class StreamCut(Exception):
    """A streamed response stopped before its end (timeout, worker death, read error)."""


class WorkerPool:
    """Reader processes answering queries, each killable at the timeout; updates run
    exclusively in a one-shot writer process (see the module docstring).

    Admission: ``size`` workers take the queries. A query still running after ``long_after``
    seconds is *long*: its worker is deprioritised (nice 19) and a fresh worker takes its place,
    so cheap queries keep ``size`` workers and most of the CPU; at most ``max_long`` long
    queries run at once (one more is stopped with a 503). A watchdog thread enforces this and
    the timeout."""

    def __init__(
        self,
        store_dir: Path,
        *,
        size: int,
        timeout: float,
        long_after: float = 0.5,
        max_long: int | None = None,
        allow_service: bool = False,
        allow_load: bool = False,
        prefixes: dict[str, str] | None = None,
        max_memory_mb: int = 0,
    ) -> None:
        self.store_dir = store_dir
        self.max_memory_mb = max_memory_mb  # a query's worker past this resident size is stopped; 0: no cap
        self.prefixes = dict(prefixes or {})  # the store's domains' prefixes, beside the project's
        self.size = size
        self.timeout = timeout
        self.long_after = long_after
        self.max_long = size if max_long is None else max_long
        self.policy = {"allow_service": allow_service, "allow_load": allow_load}
        self._ctx = worker_context()
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = StoreLock(store_dir)
        self._identity: tuple[int, int] | None = None  # the served database folder's (device, inode)
        self._cond = threading.Condition()
        self._busy: dict[Worker, tuple[float, float]] = {}  # worker -> (started, timeout)
        self._when_long: dict[Worker, Callable[[], None]] = {}  # told when its query turns long
        self._active = 0  # requests holding or waiting for a worker
        self._long = 0  # long queries running
        self._pending = 0  # readers being started in the background
        self._exclusive = False
        self._closed = False
        self._watchdog: threading.Thread | None = None
        self.sandboxed: bool | None = None  # whether the readers run without network
        self.killed = 0  # workers killed at the timeout (reported by /health)
        self.crowded = 0  # long queries stopped because max_long were running
        self.memory_stopped = 0  # queries stopped past max_memory_mb

    def store_gone(self) -> str | None:
        """Why the store served is no longer at its path (removed, or another put in its place: a
        backup moved where it was, as `kg backup --help` advises), or None. The workers still
        read the old files: answers from them would be stale, so the server says so instead."""
        try:
            stat = os.stat(self.store_dir / "oxigraph")
        except OSError:
            return f"the store {str(self.store_dir)!r} was removed while it was served; restart kg serve"
        if self._identity is not None and (stat.st_dev, stat.st_ino) != self._identity:
            return f"another store was put at {str(self.store_dir)!r} while the old one was served; restart kg serve"
        return None

    def start(self) -> None:
        stat = os.stat(self.store_dir / "oxigraph")
        self._identity = (stat.st_dev, stat.st_ino)
        self._lock.acquire()
        try:
            self._start_workers()
        except Exception:
            self._lock.release()
            raise
        self._watchdog = threading.Thread(target=self._watch, name="kg-watchdog", daemon=True)
        self._watchdog.start()

    def _new_worker(self, writable: bool = False) -> Worker:
        worker = Worker(self._ctx, self.store_dir, writable, self.policy, self.prefixes)
        if not writable:
            self.sandboxed = worker.sandboxed
        return worker

    def _start_workers(self) -> None:
        threads, errors = [], []

        def one() -> None:
            try:
                self._idle.put(self._new_worker())
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

        for _ in range(self.size):
            t = threading.Thread(target=one)
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        if errors:
            self._drain()
            raise errors[0]

    def _replace(self) -> None:
        """Start a reader in the background to take the place of one killed or turned long. An
        update waits for pending replacements, so no reader opens the store while the writer
        has it."""
        with self._cond:
            self._pending += 1

        def one() -> None:
            try:
                for _ in range(10):
                    if self._closed:
                        return
                    try:
                        self._idle.put(self._new_worker())
                        return
                    except Exception as exc:  # noqa: BLE001 - retried, then the pool runs one short
                        log.warning("cannot start a query worker: %s", exc)
                        time.sleep(1)
            finally:
                with self._cond:
                    self._pending -= 1
                    self._cond.notify_all()

        threading.Thread(target=one, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return

    # -- the watchdog: timeouts and long queries

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(0.05)
            now = time.monotonic()
            with self._cond:
                busy = [(w, now - started, limit) for w, (started, limit) in self._busy.items() if w.fate is None]
            for worker, elapsed, limit in busy:
                if elapsed > limit:
                    self._cut(worker, "timeout")
                elif self.max_memory_mb and (worker.resident_mb() or 0) > self.max_memory_mb:
                    self._cut(worker, "memory")
                elif not worker.long and elapsed > self.long_after:
                    with self._cond:
                        crowded = self._long >= self.max_long
                        if not crowded:
                            self._long += 1
                            worker.long = True
                    with self._cond:
                        long = self._when_long.pop(worker, None)
                    if long is not None:
                        long()
                    if crowded:
                        self._cut(worker, "crowded")
                    else:
                        worker.demote()
                        self._replace()

    def _cut(self, worker: Worker, fate: str) -> None:
        """Kill a busy worker; the request thread waiting on it reports why (``fate``)."""
        worker.fate = fate
        if fate == "timeout":
            self.killed += 1
        elif fate == "crowded":
            self.crowded += 1
        elif fate == "memory":
            self.memory_stopped += 1
        with contextlib.suppress(Exception):
            worker.process.kill()

    # -- requests

    def _acquire(self, timeout: float) -> Worker | Response:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._exclusive or self._closed, timeout):
                return ("error", 503, "the server is busy with an update; try again")
            if self._closed:
                return ("error", 503, "the server is shutting down")
            self._active += 1
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()
            return ("error", 503, f"all {self.size} query workers stayed busy for {timeout:g} s; try again")

    def _begin(self, worker: Worker, req: dict[str, Any], timeout: float, long: Callable[[], None] | None = None) -> None:
        with self._cond:
            self._busy[worker] = (time.monotonic(), timeout)
            if long is not None:
                self._when_long[worker] = long
        worker.send(req)

    def _next(self, worker: Worker, timeout: float) -> Any:
        """The worker's next message; the watchdog kills it at the timeout (the extra seconds
        here are only a backstop)."""
        msg = worker.receive(timeout + 5)
        if msg is None:
            self._cut(worker, "timeout")
            raise WorkerDied()
        return msg

    def _release(self, worker: Worker) -> None:
        """A request is done with its worker: back to the pool, retired, or replaced."""
        with self._cond:
            self._busy.pop(worker, None)
            self._when_long.pop(worker, None)
        dead = worker.fate is not None or not worker.process.is_alive()
        if dead:
            worker.kill()
        elif worker.long or self._closed:
            worker.stop()  # deprioritised: its replacement already runs
        else:
            self._idle.put(worker)
        if dead and not worker.long:
            self._replace()
        with self._cond:
            if worker.long:
                self._long -= 1
            self._active -= 1
            self._cond.notify_all()

    def _obituary(self, worker: Worker, req: dict[str, Any], timeout: float) -> Response:
        """Why a worker died running ``req``, as the client's answer."""
        text = req.get("query") or req.get("update")
        if worker.fate == "timeout":
            log.warning("query stopped at the %g s timeout: %.200r", timeout, text)
            return (
                "error",
                503,
                f"query stopped: it ran past the {timeout:g} s timeout of this endpoint "
                "(kg serve --timeout); narrow it or add a LIMIT",
            )
        if worker.fate == "crowded":
            return (
                "error",
                503,
                f"query stopped: it ran past {self.long_after:g} s while {self.max_long} long "
                "queries were already running (kg serve --max-long); try again later",
            )
        if worker.fate == "memory":
            log.warning("query stopped past %d MB of memory: %.200r", self.max_memory_mb, text)
            return (
                "error",
                503,
                f"query stopped: it took more than {self.max_memory_mb:,} MB of memory (kg serve "
                "--max-query-memory); narrow it, or add a LIMIT without ORDER BY",
            )
        if worker.fate == "abandoned":
            return ("error", 499, "the client went away")
        if worker.fate == "closing":
            return SHUTTING_DOWN
        sig = worker.signal()
        if sig == NETWORK_DENIED:
            log.warning("a query tried to connect out and was stopped: %.200r", text)
            return ("error", 403, SERVICE_REFUSED + " (the query tried to connect out; it was stopped)")
        if self._stopping():  # killed by the stop before the pool knew of it
            return SHUTTING_DOWN
        name = signal.Signals(sig).name if sig else "no signal"
        log.warning("a query worker died (%s) running %.200r; replaced", name, text)
        hint = " (out of memory?)" if sig == signal.SIGKILL else ""
        return ("error", 500, f"the query worker died ({name}){hint} running this query; it has been replaced")

    def _stopping(self) -> bool:
        """Whether the server is stopping: a worker that died for no reason of the pool's is
        taken for the stop once the pool closes within :data:`STOP_GRACE` seconds."""
        with self._cond:
            return self._cond.wait_for(lambda: self._closed, STOP_GRACE)

    def run(self, req: dict[str, Any], timeout: float | None = None, long: Callable[[], None] | None = None) -> Response:
        """Run one request on a reader; an error Response when it fails, passes the timeout or
        is stopped as one long query too many. ``long`` is called if it turns long (from the watchdog)."""
        timeout = self.timeout if timeout is None else timeout
        worker = self._acquire(timeout)
        if isinstance(worker, tuple):
            return worker
        try:
            self._begin(worker, req, timeout, long)
            return self._next(worker, timeout)
        except WorkerDied:
            return self._obituary(worker, req, timeout)
        finally:
            self._release(worker)

    def stream(self, req: dict[str, Any], long: Callable[[], None] | None = None) -> Response | GraphStream:
        """Start a streamed CONSTRUCT (op ``stream``): an error Response, or a :class:`GraphStream`
        whose ``next()`` gives the body's chunks. ``long`` is called if it turns long (from the watchdog)."""
        worker = self._acquire(self.timeout)
        if isinstance(worker, tuple):
            return worker
        try:
            self._begin(worker, {**req, "op": "stream"}, self.timeout, long)
            first = self._next(worker, self.timeout)
        except WorkerDied:
            resp = self._obituary(worker, req, self.timeout)
            self._release(worker)
            return resp
        if first[0] != "stream":
            self._release(worker)
            return first
        return GraphStream(self, worker, req, first)

    def update(self, text: str) -> Response:
        """Run an update alone: wait for queries, stop the readers, write, restart readers."""
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive)
            self._exclusive = True
            self._cond.wait_for(lambda: self._active == 0 and self._pending == 0)
        try:
            self._drain()  # every reader is idle now: stop them all
            self._lock.release_database()  # for the writer; the store's own lock keeps others out
            try:
                try:
                    writer = self._new_worker(writable=True)
                except StoreError as exc:
                    return SHUTTING_DOWN if self._stopping() else ("error", 503, f"cannot write: {exc}")
                try:
                    resp = writer.call({"op": "update", "update": text}, self.timeout)
                except WorkerDied:
                    sig = writer.signal()
                    writer.kill()
                    if sig == NETWORK_DENIED:
                        return ("error", 403, "LOAD and SERVICE are disabled on this endpoint: the update "
                                "tried to connect out and was stopped; nothing was written")
                    if self._stopping():
                        return SHUTTING_DOWN
                    return ("error", 500, "the update worker died; nothing was written")
                if resp is None:
                    writer.kill()
                    self.killed += 1
                    return (
                        "error",
                        503,
                        f"update stopped: it ran past the {self.timeout:g} s timeout; nothing was written",
                    )
                writer.stop()
                return resp
            finally:
                if not self._closed:  # closed meanwhile (the server stopping): no new readers
                    self._restart_readers()
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()

    def _restart_readers(self) -> None:
        """Take RocksDB's lock back and start the readers after an update; readers that die
        starting because the server is stopping are the stop, not an error."""
        try:
            self._lock.acquire_database()
            self._start_workers()
        except StoreError:
            if not self._stopping():
                raise

    @property
    def long_running(self) -> int:
        return self._long

    def close(self) -> None:
        """Stop: refuse new requests (503), kill the workers running queries (their clients get
        a 503 at once), stop the idle ones, and only then release the store's lock. A query
        still running when the server stopped kept its worker alive, reading the store, after
        the lock was gone (and burning a core until its end)."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            busy = list(self._busy)
            self._cond.notify_all()
        for worker in busy:
            self._cut(worker, "closing")
        for worker in busy:
            worker.process.join(5)
        self._drain()
        self._lock.release()


class GraphStream:
    """A streamed response in progress: holds its worker until the end (or a cut)."""

    def __init__(self, pool: WorkerPool, worker: Worker, req: dict[str, Any], first: tuple) -> None:
        self.pool, self.worker, self.req = pool, worker, req
        _, self.status, self.media, _, self.headers = first
        self.finished = False  # the worker sent its last message (or died)
        self.done = False
        self._closing = threading.Lock()  # the event loop (client gone) and a reading thread

    def next(self) -> bytes | None:
        """The next chunk; None at the end; :class:`StreamCut` if it stops before the end."""
        try:
            msg = self.pool._next(self.worker, self.pool.timeout)
        except WorkerDied:
            self.finished = True
            reason = self.pool._obituary(self.worker, self.req, self.pool.timeout)[2]
            self.close()
            raise StreamCut(reason) from None
        if msg[0] == "chunk":
            return msg[1]
        self.finished = True
        self.close()
        if msg[0] == "end":
            return None
        raise StreamCut(msg[1])

    def close(self) -> None:
        """Done, or the client went away: a worker still streaming is killed and replaced."""
        with self._closing:
            if self.done:
                return
            self.done = True
        if not self.finished:
            self.pool._cut(self.worker, "abandoned")
        self.pool._release(self.worker)


def pool_for(config: ServeConfig) -> WorkerPool:
    return WorkerPool(
        config.store,
        size=config.workers,
        timeout=config.timeout,
        long_after=config.long_after,
        max_long=config.max_long,
        allow_service=config.allow_service,
        allow_load=config.allow_load,
        prefixes=dict(config.prefixes),
        max_memory_mb=config.max_query_memory_mb,
    )
