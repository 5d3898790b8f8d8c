"""``python -m kg``: the ``kg`` command. Python puts the current folder first on its path for
``-m``; a folder there named like one of kg-distill's own top-level packages (``extractors``,
``reasoners``) would be imported in its place. The ``kg`` script never has that entry, so it is
dropped here too, unless kg itself is run from that folder (a checkout)."""

import os
import sys
from pathlib import Path

if sys.path and sys.path[0] in ("", os.getcwd()) and Path(__file__).resolve().parent.parent != Path.cwd().resolve():
    del sys.path[0]

from kg.cli import main  # noqa: E402

main()
