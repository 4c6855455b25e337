"""The package version (one place, read by the package, the dossier and the web app)."""

__version__ = "0.1.0"
