"""kg.files: modes of shared files follow the umask, read without changing it."""

from __future__ import annotations

import os
import sys

import pytest

from kg.files import umask


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/status is Linux's")
def test_the_umask_is_read_without_setting_it(monkeypatch) -> None:
    """Reading the umask set it to 0 for a moment: a file another thread made then (kg serve's
    workers, a thread pool saving a critic) was world-writable."""
    old = os.umask(0o027)
    try:
        def no_setting(mask: int) -> int:
            raise AssertionError(f"os.umask({mask:o}) called")

        monkeypatch.setattr(os, "umask", no_setting)
        assert umask() == 0o027
    finally:
        monkeypatch.undo()
        os.umask(old)
