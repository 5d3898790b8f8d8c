"""Files kg writes for others to share: modes that follow the umask.

Some writers make private files whatever the umask (``tempfile.mkdtemp`` a 0700 folder,
safetensors a 0600 file): a group sharing a folder under ``umask 002`` could not read them.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["umask", "follow_umask"]


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
