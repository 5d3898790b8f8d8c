"""The store's own lock, ``<store>/kg.lock``: one process at a time writes a store.

RocksDB's ``LOCK`` keeps a second writer out of the database, but ``kg serve --allow-update``
must let go of it while its update worker writes; a `kg load` started in that gap took it, and
the server could neither write nor serve again. This lock is the project's: every process that
opens a store for writing holds it (:class:`kg.store.embedded.EmbeddedStore`, ``kg serve`` for
its whole life), so the server's update worker can take RocksDB's lock with no one else able to.

An ``fcntl`` lock, as RocksDB's: a forked child does not inherit it. Within a process a store's
lock is held once, however many handles (or the server) ask for it, and let go with the last.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from kg.errors import StoreLockedError

__all__ = ["hold", "let_go", "lock_file", "LOCK_FILE"]

LOCK_FILE = "kg.lock"

_HELD: dict[str, list[int]] = {}  # the store's real path -> [file descriptor, holders]
_GUARD = threading.Lock()


def hold(store_dir: str | Path) -> None:
    """Take the lock of the store in ``store_dir`` for this process (once more, if it holds it);
    a :class:`StoreLockedError` when another process holds it."""
    key = os.path.realpath(store_dir)
    with _GUARD:
        held = _HELD.get(key)
        if held is not None:
            held[1] += 1
            return
        fd = lock_file(
            os.path.join(key, LOCK_FILE),
            f"the store {str(store_dir)!r} is locked by another process (a running `kg` command, `kg serve`, "
            "or a program that opened it?); one process at a time opens a store: wait for it or stop it",
        )
        _HELD[key] = [fd, 1]


def lock_file(path: str | Path, busy: str) -> int:
    """An exclusive ``fcntl`` lock on ``path`` (made if absent): its descriptor, or a
    :class:`StoreLockedError` saying ``busy`` when another process holds it."""
    try:
        # 0o666 less the umask: under umask 002 a group's other members can take it too
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise StoreLockedError(f"cannot lock {str(path)!r}: {exc.strerror or exc}") from None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StoreLockedError(busy) from None
    return fd


def let_go(store_dir: str | Path) -> None:
    """One holder fewer of the store's lock in this process: with the last, the lock goes."""
    key = os.path.realpath(store_dir)
    with _GUARD:
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] > 0:
            return
        del _HELD[key]
        try:
            fcntl.lockf(held[0], fcntl.LOCK_UN)
        finally:
            os.close(held[0])


def _after_fork_in_child() -> None:
    global _GUARD
    _GUARD = threading.Lock()
    _HELD.clear()  # the parent's locks; this process holds none (its copies of the files stay open)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
