"""``python -m kg``: the ``kg`` command. Python puts the current folder first on its path for
``-m``; a folder there named like one of kg-distill's own top-level packages (``extractors``,
``reasoners``) would be imported in its place. The ``kg`` script never has that entry, so it is
dropped here too, unless kg itself is run from that folder (a checkout)."""

import os
import sys
from pathlib import Path

try:
    here = os.getcwd()
except OSError:  # the current folder was deleted: nothing of it to import
    here = ""
if sys.path and sys.path[0] in ("", here) and (not here or Path(__file__).resolve().parent.parent != Path(here).resolve()):
    del sys.path[0]

from kg.cli import main  # noqa: E402

main()
