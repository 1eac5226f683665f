"""The package version, in one place (the package, its provenance and the API read it from here)."""

__version__ = "0.1.0"
