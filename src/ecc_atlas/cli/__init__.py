"""The `ecc-atlas` command line: thin over the library (Typer + Rich)."""

from __future__ import annotations

from ecc_atlas.cli.app import app, main

__all__ = ["app", "main"]
