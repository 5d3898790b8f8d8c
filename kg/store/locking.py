"""The store's own lock, ``<store>/kg.lock``: one process at a time writes a store.

RocksDB's ``LOCK`` keeps a second writer out of the database, but ``kg serve --allow-update``
must let go of it while its update worker writes; a `kg load` started in that gap took it, and
the server could neither write nor serve again. This lock is the project's: every process that
opens a store for writing holds it (:class:`kg.store.embedded.EmbeddedStore`, ``kg serve`` for
its whole life), so the server's update worker can take RocksDB's lock with no one else able to.

An ``fcntl`` lock, as RocksDB's: a forked child does not inherit it. Within a process a store's
lock is held once, however many handles (or the server) ask for it, and let go with the last.

The holder writes who it is into the lock file (its pid and program, ``kg COMMAND`` for the kg
command, and ``kg serve`` its URL: :func:`announce`), so that a process refused names it: an
operator with a service, a cron job and a notebook on one store no longer guessed which held it,
and a served store's user is told its URL rather than to stop the server. Never its arguments or
option values: the file is read by the store's other users, and it held ``kg serve --token
SECRET`` and ``kg erase``'s personal data. The file is emptied when the lock goes, and is no more
readable than the store's folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import sys
import threading
from pathlib import Path
from typing import Callable

from kg.errors import StoreLockedError

__all__ = ["announce", "hold", "let_go", "lock_file", "LOCK_FILE"]

LOCK_FILE = "kg.lock"

_HELD: dict[str, list[int]] = {}  # the store's real path -> [file descriptor, holders]
_SERVED: dict[str, str] = {}  # the store's real path -> the URL this process serves it at
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
        path = os.path.join(key, LOCK_FILE)
        mode = _store_mode(key)
        fd = lock_file(path, lambda: _locked(str(store_dir), path), mode)
        try:  # a lock file made before it followed the folder
            if os.fstat(fd).st_mode & 0o777 & ~mode:
                os.fchmod(fd, os.fstat(fd).st_mode & 0o777 & mode)
        except OSError:  # another user's file
            pass
        _HELD[key] = [fd, 1]
        _note(fd, key)


def announce(store_dir: str | Path, url: str) -> None:
    """Say, in the store's lock, that this process serves it at ``url`` (``kg serve``): in the
    lock it holds, and in the one it takes next."""
    key = os.path.realpath(store_dir)
    with _GUARD:
        _SERVED[key] = url
        held = _HELD.get(key)
        if held is not None:
            _note(held[0], key)


def _command() -> str:
    """What this process is, without its arguments (an option's value may be a secret, an
    argument personal data): ``kg COMMAND`` for the kg command, else the program's name."""
    argv = list(sys.argv) or ["python"]
    if argv[0].endswith(os.path.join("kg", "__main__.py")) or os.path.basename(argv[0]) == "kg":
        command = next((arg for arg in argv[1:] if not arg.startswith("-")), None)
        return f"kg {command}" if command and re.fullmatch("[a-z][a-z-]*", command) else "kg"
    return os.path.basename(argv[0])[:100] or "python"


def _note(fd: int, key: str) -> None:
    """Write who holds the lock into its file (best effort: a lock file that cannot be written
    still locks)."""
    holder: dict[str, object] = {"pid": os.getpid(), "command": _command()}
    if key in _SERVED:
        holder["url"] = _SERVED[key]
    data = json.dumps(holder).encode("utf-8") + b"\n"
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError:
        pass


def _holder(path: str) -> dict[str, object] | None:
    """Who holds the lock, as its holder wrote it: None if unknown, or if that process is not
    running here (a note an earlier holder left, or one from another machine or container)."""
    try:
        with open(path, encoding="utf-8") as fh:
            holder = json.loads(fh.read(4096))
        pid = holder["pid"]
        if not isinstance(pid, int) or pid <= 0:
            return None
        os.kill(pid, 0)
    except PermissionError:  # running, as another user
        return holder if isinstance(holder, dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return holder if isinstance(holder, dict) else None


def _locked(store: str, path: str) -> str:
    """What a process refused the store's lock is told: who holds it, when that can be read,
    and for ``kg serve`` to use its URL."""
    holder = _holder(path)
    if holder is None:
        return (
            f"the store {store!r} is locked by another process (a running `kg` command, `kg serve`, "
            "or a program that opened it?); one process at a time opens a store: wait for it or stop it"
        )
    command = str(holder.get("command") or "?")
    who = f"pid {holder['pid']}: {command}"
    url = holder.get("url")
    if isinstance(url, str) or command.startswith("kg serve"):
        where = f"serving it at {url}" if isinstance(url, str) else "starting"
        return (
            f"the store {store!r} is locked by another process, `kg serve` ({who}) {where}: "
            f"use the store through the server, --store {url if isinstance(url, str) else 'http://HOST:PORT'} "
            "(with KG_STORE_TOKEN for writes, where it runs with --allow-update); one process at a time opens a store"
        )
    return f"the store {store!r} is locked by another process ({who}); one process at a time opens a store: wait for it or stop it"


def _store_mode(store_dir: str) -> int:
    """The lock file's mode: read and write for those (owner, group, others) who may enter the
    store's folder, none for the rest."""
    try:
        folder = os.stat(store_dir).st_mode
    except OSError:
        return 0o666
    return sum(0o6 << shift for shift in (6, 3, 0) if folder & (0o1 << shift))


def lock_file(path: str | Path, busy: str | Callable[[], str], mode: int = 0o666) -> int:
    """An exclusive ``fcntl`` lock on ``path`` (made if absent, ``mode`` less the umask): its
    descriptor, or a :class:`StoreLockedError` saying ``busy`` (or what it returns) when another
    process holds it."""
    try:
        # 0o666 less the umask: under umask 002 a group's other members can take it too
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, mode)
    except OSError as exc:
        raise StoreLockedError(f"cannot lock {str(path)!r}: {exc.strerror or exc}") from None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StoreLockedError(busy if isinstance(busy, str) else busy()) from None
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
            os.ftruncate(held[0], 0)  # who held it is no one's business once it is let go
        except OSError:
            pass
        try:
            fcntl.lockf(held[0], fcntl.LOCK_UN)
        finally:
            os.close(held[0])


def _after_fork_in_child() -> None:
    global _GUARD
    _GUARD = threading.Lock()
    _HELD.clear()  # the parent's locks; this process holds none (its copies of the files stay open)
    _SERVED.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
