"""The CLI reference in docs/ is generated from the commands and must be current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_cli_reference_is_current(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    typer = Path(sys.executable).parent / "typer"
    subprocess.run(
        [str(typer), "ecc_atlas.cli.app", "utils", "docs", "--name", "ecc-atlas", "--output", out],
        check=True,
        capture_output=True,
        timeout=120,
    )
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == current, "docs/cli.md is stale: run `make docs`"
