"""Files kg writes: modes that follow the umask, and folders and files replaced whole.

Some writers make private files whatever the umask (``tempfile.mkdtemp`` a 0700 folder,
safetensors a 0600 file): a group sharing a folder under ``umask 002`` could not read them.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import socket
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from kg.errors import InterruptedSaveError

__all__ = ["umask", "follow_umask", "new_folder", "new_file", "finish_interrupted_swap", "remove_stale", "left_by_dead_process", "writer_id"]


def umask() -> int:
    """The process's umask: Linux's ``/proc/self/status`` says it; elsewhere it is read by setting
    it and setting it back (a moment in which another thread's new file would get mode 0o666)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def follow_umask(*paths: Path) -> None:
    """Give each path the mode a plain ``open`` or ``mkdir`` would: 0o666 (a file) or 0o777 (a
    folder), less the umask."""
    mask = umask()
    for path in paths:
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)


# -- whole folders and files: a kill leaves the old one or the new one, never a mix


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid > 0
    return True


_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def writer_id() -> str:
    """``<pid>.<host>``, what a temporary file's name says of the process writing it: ``host`` is
    a digest of this machine's name, so the partial file of a writer on another machine sharing
    the folder (NFS, a volume two containers mount) is never taken for a dead process's here."""
    return f"{os.getpid()}.{_HOST}"


def left_by_dead_process(name: str, prefix: str) -> bool:
    """Whether ``name`` (``PREFIX<writer>``, ``PREFIX<writer>-...``, the writer as
    :func:`writer_id` gives it, or a bare pid as kg wrote before) was made by a process that no
    longer runs on this machine: a leftover a later writer may remove. Another machine's is not."""
    pid, _, host = name[len(prefix):].split("-", 1)[0].partition(".")
    if host and host != _HOST:
        return False
    return pid.isdigit() and not _alive(int(pid))


def _sibling_prefix(target: Path, kind: str) -> str:
    """``.NAME.KIND-``: the start of the names of ``target``'s temporary siblings (a swap's
    ``new``/``old`` folders, a file's ``tmp``); a long NAME is cut and a digest of it added (a
    name of 250 bytes would make theirs too long to create)."""
    name = target.name
    if len(name.encode()) > 64:
        name = name[:40] + "~" + hashlib.sha256(name.encode()).hexdigest()[:12]
    return f".{name}.{kind}-"


def finish_interrupted_swap(target: Path) -> None:
    """Finish the swap of :func:`new_folder` that a kill interrupted between its two renames:
    ``target`` is gone, the old folder lies in ``.NAME.old-X`` and the whole new one in
    ``.NAME.new-X`` (the old is moved aside only once the new is whole), so the new one is put
    in place. Nothing to do when ``target`` is there. A folder that cannot be renamed is an
    :class:`InterruptedSaveError` naming both folders."""
    if target.exists():
        return
    old_prefix, new_prefix = _sibling_prefix(target, "old"), _sibling_prefix(target, "new")
    for old in sorted(target.parent.glob(f"{glob.escape(old_prefix)}*")):
        new = target.parent / (new_prefix + old.name[len(old_prefix):])
        if not new.is_dir():
            continue
        try:
            new.rename(target)
        except FileExistsError:
            return  # another process finished it first
        except OSError as exc:
            raise InterruptedSaveError(
                f"a save of {target} was interrupted: the new folder is {new}, the one it replaces {old}; "
                f"rename {new.name} to {target.name} to finish it ({exc.strerror or exc})"
            ) from None
        shutil.rmtree(old, ignore_errors=True)
        return


def remove_stale(target: Path) -> None:
    """Remove the ``.NAME.new-*``/``.NAME.old-*`` folders of ``target`` left by killed processes."""
    for kind in ("new", "old"):
        prefix = _sibling_prefix(target, kind)
        for leftover in target.parent.glob(f"{glob.escape(prefix)}*"):
            if left_by_dead_process(leftover.name, prefix):
                shutil.rmtree(leftover, ignore_errors=True)


def _swappable(target: Path, entries: set[str]) -> bool:
    """Whether ``target`` may be replaced by a new folder: absent, or a plain folder (no link, no
    mount point, not the current folder) that holds only what the save writes (``entries``).
    A folder holding anything else (``-o STORE``, ``-o .``, a user's own files) is written into
    instead, file by file: a swap would delete what the save does not write."""
    if not target.exists() and not target.is_symlink():
        return True
    if target.is_symlink() or not target.is_dir() or os.path.ismount(target):
        return False
    with contextlib.suppress(OSError):
        if target.resolve() == Path.cwd().resolve():
            return False
    return {entry.name for entry in target.iterdir()} <= entries


def _write_into(target: Path, tmp: Path) -> None:
    """Move ``tmp``'s entries into the existing folder ``target``, each in one rename, the
    ``.json`` files (a saved model's record) last; what else ``target`` holds is kept."""
    for entry in sorted(tmp.iterdir(), key=lambda e: (e.suffix == ".json", e.name)):
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir() and not destination.is_symlink():
            shutil.rmtree(destination)
        shutil.move(str(entry), str(destination))  # across file systems too (a mount point, a link)


def _keep_owner(target: Path, tmp: Path) -> None:
    """Give the new folder the mode (setgid included) and group of the one it replaces: a
    team's 2770 folder came back 755, readable by every user."""
    try:
        st = target.stat()
        os.chown(tmp, -1, st.st_gid)
        tmp.chmod(stat.S_IMODE(st.st_mode))
        for entry in tmp.rglob("*"):
            with contextlib.suppress(OSError):
                os.chown(entry, -1, st.st_gid, follow_symlinks=False)
    except OSError:
        pass  # another owner's group: the umask's modes stay


@contextlib.contextmanager
def new_folder(target: Path, keep: tuple[str, ...] = (), *, own: bool = False) -> Iterator[Path]:
    """An empty folder beside ``target`` (``.NAME.new-PID-X``) to write into; when the block ends
    without an error it takes the place of ``target``, so another process finds a whole folder,
    never one half written or two mixed. The entries of the old ``target`` named in ``keep``
    (a training's checkpoints) are carried over, hard-linked where the file system allows. The
    old folder is moved aside (``.NAME.old-PID-X``) only once the new one is whole: a kill
    between the two renames is finished by :func:`finish_interrupted_swap` (each load calls
    it); leftovers of killed saves are removed by the next save. Where two write at once, one's
    folder is kept whole. The folder and its files get the umask's modes (mkdtemp makes it 0700,
    safetensors its weights 0600: a shared cache's or a group's other users could not read them),
    or the replaced folder's mode and group.

    A ``target`` that is a link, a mount point, the current folder, or holds anything the save
    does not write (``-o STORE``) is not replaced: the files are moved into it one by one. With
    ``own`` (a folder of kg's cache, which nobody else writes), what else it holds goes too."""
    target.parent.mkdir(parents=True, exist_ok=True)
    finish_interrupted_swap(target)
    remove_stale(target)
    new_prefix = _sibling_prefix(target, "new")
    tmp = Path(tempfile.mkdtemp(prefix=f"{new_prefix}{writer_id()}-", dir=target.parent))
    old = target.parent / (_sibling_prefix(target, "old") + tmp.name[len(new_prefix):])
    try:
        yield tmp
        follow_umask(tmp, *tmp.iterdir())
        written = {entry.name for entry in tmp.iterdir()} | set(keep)
        if not _swappable(target, written | ({e.name for e in target.iterdir()} if own and target.is_dir() else set())):
            _write_into(target, tmp)
            return
        for name in keep:
            if (target / name).exists() and not (tmp / name).exists():
                _link_tree(target / name, tmp / name)
        if target.is_dir():
            _keep_owner(target, tmp)
            with contextlib.suppress(FileNotFoundError):  # another process moved it aside first
                target.rename(old)
        try:
            tmp.rename(target)  # atomic: onto an absent target
        except OSError:
            if not target.is_dir():
                raise  # else another process's whole folder landed first: it is kept
    finally:
        for leftover in (tmp, old):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)


def _link_tree(source: Path, destination: Path) -> None:
    """``source`` (a file or a folder) at ``destination``: hard links, else copies."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    if source.is_dir():
        shutil.copytree(source, destination, copy_function=link)
    else:
        link(str(source), str(destination))


def file_to_replace(path: Path) -> Path | None:
    """The file a writer of ``path`` replaces whole: ``path``, or the file it links to (the link
    is kept); None when ``path`` is a device or a named pipe (``/dev/null``, ``/dev/stdout``, a
    FIFO), which is written into as it is: replaced, it became a regular file."""
    if path.exists() and not path.is_file():  # a folder, too: its writer's error says so
        return None
    return path.resolve() if path.is_symlink() else path


@contextlib.contextmanager
def new_file(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; when the block ends without an error it
    replaces ``path`` in one rename, so a kill leaves the previous file whole, never a half.
    A device or a named pipe is written into as it is, a link's file is replaced
    (:func:`file_to_replace`)."""
    target = file_to_replace(path)
    if target is None:
        yield path
        return
    path = target
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = _sibling_prefix(path, "tmp")
    for leftover in path.parent.glob(f"{glob.escape(prefix)}*"):  # a killed writer's
        if left_by_dead_process(leftover.name, prefix):
            leftover.unlink(missing_ok=True)
    tmp = path.with_name(f"{prefix}{writer_id()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
