"""The one version source: the installed distribution's metadata (pyproject.toml's ``version``).

A checkout that is imported without being installed (``PYTHONPATH=src``) has no metadata:
it says so rather than repeating a number that would drift.
"""

from __future__ import annotations

from importlib import metadata

__all__ = ["__version__"]

try:
    __version__: str = metadata.version("garantie")
except metadata.PackageNotFoundError:  # not installed (a bare checkout on the path)
    __version__ = "0+unknown"
