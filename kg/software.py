"""What software made a record: kg-distill's version and its key libraries', as a short string
written beside a run (``kg:softwareVersion``) and into a saved model's record (``software``).
Never part of a run's identity: an upgrade names the same run."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["kg_version", "software_version"]


def kg_version() -> str:
    """The version of the kg code running (``kg.__version__``, the one place it is written;
    ``pyproject.toml`` reads it from there). Not the installed distribution's metadata: a checkout
    run through ``PYTHONPATH`` beside an installed wheel of another version recorded the wheel's."""
    from kg import __version__

    return __version__


def software_version(*libraries: str) -> str:
    """``"kg-distill 0.1.0; pyoxigraph 0.4.9; torch 2.13.0"``: kg-distill's version and each of
    ``libraries`` installed (read from their metadata, nothing imported); one not installed is
    left out."""
    parts = [f"kg-distill {kg_version()}"]
    for name in libraries:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return "; ".join(parts)
