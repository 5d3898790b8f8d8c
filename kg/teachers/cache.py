"""The persistent completion cache (SQLite) that sits in front of every teacher backend.

A completion is keyed by teacher backend, model (with its revision: the content hash of the
weights or file that answers, where the backend has one), prompt text, sampling parameters and
sample index. Each completion is committed as soon as it arrives, so a killed run loses at most the
requests in flight, and a rerun pays for no completion twice. The database is in WAL mode with
``synchronous=NORMAL``: a commit survives the process being killed, not a power loss. A write
that fails (the cache's disk full) is warned about once; the run keeps the answer, uncached.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote

from kg.errors import TeacherError

__all__ = ["CompletionCache", "cache_key", "CachedCompletion", "file_digest"]

log = logging.getLogger("kg.teachers")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS completions (
    key TEXT PRIMARY KEY,
    teacher TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    params TEXT NOT NULL,
    text TEXT NOT NULL,
    finish_reason TEXT,
    usage TEXT NOT NULL,
    created REAL NOT NULL
)
"""

_DIGESTS = """
CREATE TABLE IF NOT EXISTS file_hashes (
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (path, size, mtime_ns, ctime_ns, inode)
)
"""
# (file_digests, the table before, was keyed by path, size and mtime alone: a file written with
# its old mtime kept its old digest; it is left unread)

CachedCompletion = tuple[str, str | None, dict[str, int], float]
"""(text, finish_reason, usage, created: when it was stored, seconds since the epoch) of one
cached completion."""


def cache_key(backend: str, model: str, prompt: str, params: Mapping[str, Any], sample_index: int) -> str:
    """The cache key of one sample: a hash over everything that determines the answer."""
    blob = json.dumps(
        [backend, model, prompt, dict(params), int(sample_index)], sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex), read a mebibyte at a time."""
    sha = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def _create(path: Path) -> None:
    """Make the cache file, if absent, as a plain ``open`` would: 0o666 less the umask (SQLite
    makes it 0o644, and its ``-wal`` and ``-shm`` files as it: under umask 002 a group's other
    members could not write the cache they share)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666))


def _read_only(path: Path) -> bool:
    """Whether ``path`` is a file this process may read but not write (nor make its ``-wal``
    beside it): a read-only filesystem, a file or folder of someone else's."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _open_read_only(path: Path) -> sqlite3.Connection:
    """``path`` opened for reading; where SQLite cannot read its WAL so (no ``-shm`` it may
    make), as a file no one changes."""
    uri = "file:" + quote(str(path.resolve()))
    try:
        return _reading(f"{uri}?mode=ro")
    except sqlite3.OperationalError:
        return _reading(f"{uri}?immutable=1")


def _reading(uri: str) -> sqlite3.Connection:
    db = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30.0)
    try:
        db.execute("SELECT COUNT(*) FROM completions").fetchone()
    except sqlite3.Error:
        db.close()
        raise
    return db


def _open_error(path: Path | None, exc: Exception) -> str:
    """Why the cache at ``path`` cannot be opened, and what to do: "delete it" only for a file
    that is no database or a damaged one (it holds paid answers)."""
    where = f"cannot open the teacher cache {str(path)!r}"
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) == errno.ENOSPC:
        return f"{where}: its disk is full; free space on {_mount_point(path)}, or give --cache a path elsewhere"
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"{where}: {exc}; delete it or pass --no-cache"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"{where}: {reason}; give --cache a path elsewhere, or pass --no-cache"


def _mount_point(path: Path | None) -> str:
    """The mount point of the filesystem that holds ``path``."""
    folder = Path(os.path.abspath(path or "."))
    while not os.path.ismount(folder) and folder != folder.parent:
        folder = folder.parent
    return str(folder)


def cached_keys(path: str | Path, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` the cache file at ``path`` holds, read without writing anything (no
    file: none); ``kg distill --dry-run`` counts what the cache would answer by it."""
    path = Path(path)
    if not path.is_file():
        return set()
    try:
        db = _open_read_only(path)
    except sqlite3.Error as exc:
        raise TeacherError(_open_error(path, exc)) from None
    wanted, found = list(dict.fromkeys(keys)), set[str]()
    try:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(key for (key,) in db.execute(f"SELECT key FROM completions WHERE key IN ({marks})", chunk))
    finally:
        db.close()
    return found


class CompletionCache:
    """A SQLite file of completions (``path=None``: in memory, for this process only).
    ``read=False`` answers nothing from it but still writes what the teacher answers, over what
    it held (``--no-cache``: the fresh answers replace stale ones)."""

    def __init__(self, path: str | Path | None = None, *, read: bool = True) -> None:
        self.read = read
        self.path = None if path is None else Path(path)
        self.read_only = False
        """Whether the file could be opened for reading only (a read-only filesystem or file):
        its answers are used, new ones are not cached."""
        self.write_error: str | None = None
        """Why a write to the cache failed, the first time one did (None: none failed)."""
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise TeacherError(_open_error(self.path, exc)) from None

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
        elif _read_only(self.path):
            self.read_only = True
            log.warning(
                "teacher cache %s is read-only: %snew answers are not cached",
                self.path, "its answers are used, " if self.read else "",
            )
            return _open_read_only(self.path)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _create(self.path)
            db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30.0)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute(_SCHEMA)
        db.execute(_DIGESTS)
        db.commit()
        return db

    def get_many(self, keys: Iterable[str]) -> dict[str, CachedCompletion]:
        """The cached completions among ``keys`` (none when not ``read``)."""
        if not self.read:
            return {}
        keys = list(dict.fromkeys(keys))
        found: dict[str, CachedCompletion] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, text, finish, usage, created in self._db.execute(
                    f"SELECT key, text, finish_reason, usage, created FROM completions WHERE key IN ({marks})",
                    chunk,
                ):
                    found[key] = (text, finish, json.loads(usage), float(created))
        return found

    def put(
        self,
        key: str,
        *,
        teacher: str,
        model: str,
        prompt_id: str,
        sample_index: int,
        params: Mapping[str, Any],
        text: str,
        finish_reason: str | None,
        usage: Mapping[str, int],
    ) -> None:
        """Store one completion and commit at once. A write that fails (a full disk, a read-only
        file) is warned about once and left out: the caller keeps the answer, only uncached."""
        self._write(
            # a fresh answer replaces what was there (read=False: asked anew on purpose)
            f"INSERT OR {'IGNORE' if self.read else 'REPLACE'} INTO completions VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                key,
                teacher,
                model,
                prompt_id,
                int(sample_index),
                json.dumps(dict(params), sort_keys=True, default=str),
                text,
                finish_reason,
                json.dumps(dict(usage)),
                time.time(),
            ),
        )

    def _write(self, sql: str, row: tuple[Any, ...]) -> None:
        """Run one write and commit it; a failure is rolled back and warned about (the first).
        A read-only cache writes nothing (it said so when opened)."""
        if self.read_only:
            return
        with self._lock:
            try:
                self._db.execute(sql, row)
                self._db.commit()
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._db.rollback()
                if self.write_error is None:
                    self.write_error = str(exc)
                    log.warning(
                        "teacher cache %s not written: %s; answers are kept in this run but not cached",
                        self.path or "(in memory)", exc,
                    )

    def file_digest(self, path: str | Path) -> str:
        """:func:`file_digest`, remembered by the file's path, size, modification and change
        times and inode, so a model's weights are read once, not at every run. A file written
        since is read again, even with its old size and modification time (``touch -r``, an
        archive's normalised mtimes): its change time is the clock's when it was written, which
        no tool sets back, and a file put in its place has another inode."""
        path = Path(path).resolve()
        stat = path.stat()
        row = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        with self._lock:
            found = self._db.execute(
                "SELECT digest FROM file_hashes WHERE path=? AND size=? AND mtime_ns=? AND ctime_ns=? AND inode=?", row
            ).fetchone()
        if found:
            return str(found[0])
        digest = file_digest(path)
        self._write("INSERT OR REPLACE INTO file_hashes VALUES (?,?,?,?,?,?)", (*row, digest))
        return digest

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM completions").fetchone()[0])

    def forget(self, matches: Callable[[str | None], bool], *, dry_run: bool = False) -> int:
        """Delete every completion whose answer (or prompt id, or parameters) ``matches`` (``kg
        erase``: holds one of its strings), then rebuild the file (VACUUM) and empty its
        write-ahead log: a deleted row stays readable in SQLite's free pages until then.
        Returns how many were (with ``dry_run``: would be) deleted."""

        def holds(*texts: str | None) -> bool:
            return any(matches(t) for t in texts)

        with self._lock:
            self._db.create_function("kg_holds", 3, holds, deterministic=True)
            where = "WHERE kg_holds(text, prompt_id, params)"
            count = int(self._db.execute(f"SELECT COUNT(*) FROM completions {where}").fetchone()[0])
            if dry_run or not count:
                return count
            if self.read_only:
                raise TeacherError(f"cannot erase {count} answers from the teacher cache {str(self.path)!r}: it is read-only")
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute(f"DELETE FROM completions {where}")
            self._db.commit()
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return count

    def close(self) -> None:
        with self._lock:
            self._db.close()
