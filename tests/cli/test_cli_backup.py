"""`ecc-atlas backup` / `restore`: round trips on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import typer
from django.contrib.auth import get_user_model
from pytest_django import Settings as SettingsWrapper
from typer.testing import CliRunner

from ecc_atlas.cli.backup import backup, restore
from ecc_atlas.config import load_settings
from ecc_atlas.warehouse import Catalog

pytestmark = pytest.mark.django_db(transaction=True)

runner = CliRunner()
app = typer.Typer()
app.command()(backup)
app.command()(restore)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: SettingsWrapper) -> Path:
    """A data home with the demo loaded, a member user and an audit trail."""
    from ecc_atlas.services.demo import load_demo
    from ecc_atlas.web.accounts.roles import set_role

    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("ECC_ATLAS_HOME", str(path))
    # an existing home has the key `init` wrote; CI sets no ECC_ATLAS_SECRET_KEY
    (path / "secret_key").write_text("test-key-written-by-init\n")
    load_demo(load_settings(home=path))
    user = get_user_model().objects.create_user("keeper", password="a-long-passphrase-1")
    set_role(user, "analyst")
    return path


def _state(home: Path) -> dict[str, Any]:
    from ecc_atlas.web.accounts.models import Account
    from ecc_atlas.web.registry.models import DelimitationDecision, Organisation, Workplace

    catalog = Catalog(home / "warehouse")
    return {
        "organisations": sorted(Organisation.objects.values_list("org_number", "name")),
        "workplaces": Workplace.objects.count(),
        "decisions": sorted(
            DelimitationDecision.objects.values_list("organisation__org_number", "year", "included")
        ),
        "users": sorted(get_user_model().objects.values_list("username", "password", "is_staff")),
        "accounts": sorted(Account.objects.values_list("user__username", "role")),
        "datasets": {name: e.checksum for name, e in catalog.entries().items()},
        "workforce_rows": catalog.read_arrow("workforce").num_rows,
    }


def _damage(home: Path) -> None:
    from ecc_atlas.web.registry.models import Organisation

    Organisation.objects.filter(pk__in=Organisation.objects.values("pk")[:5]).delete()
    get_user_model().objects.create_user("intruder", password="x" * 20)
    get_user_model().objects.filter(username="keeper").update(is_staff=False)
    catalog = Catalog(home / "warehouse")
    with catalog.transaction() as staging:
        staging.remove("workforce_flows")
        staging.write("workforce", pa.table({"x": [1]}), source="damage")


@pytest.mark.parametrize("fmt", ["auto", "json"])
def test_round_trip(home: Path, tmp_path: Path, fmt: str) -> None:
    from ecc_atlas.web.accounts.models import AuditEvent

    before = _state(home)
    out = tmp_path / "backups" / "atlas.tar.gz"
    made = runner.invoke(app, ["backup", "--out", str(out), "--format", fmt])
    assert made.exit_code == 0, made.output
    assert "Backup written" in made.output
    with tarfile.open(out) as archive:
        index = json.load(archive.extractfile("ecc-atlas-backup.json"))  # type: ignore[arg-type]
    assert index["warehouse"]["datasets"] == sorted(before["datasets"])
    _damage(home)
    assert _state(home) != before
    restored = runner.invoke(app, ["restore", str(out), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert _state(home) == before
    assert AuditEvent.objects.filter(action="system.restore").exists()


def test_restore_asks_first(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.tar.gz"
    assert runner.invoke(app, ["backup", "--out", str(out)]).exit_code == 0
    answer = runner.invoke(app, ["restore", str(out)], input="n\n")
    assert answer.exit_code == 1


def test_damaged_or_foreign_archives_are_refused(home: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.tar.gz"
    assert runner.invoke(app, ["backup", "--out", str(good)]).exit_code == 0
    before = _state(home)

    def rewrite(name: str, change: Any) -> Path:
        target = tmp_path / name
        with tarfile.open(good) as src, tarfile.open(target, "w:gz") as dst:
            for member in src.getmembers():
                data = src.extractfile(member).read()  # type: ignore[union-attr]
                member, data = change(member, data)
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))
        return target

    def flip_parquet(member: tarfile.TarInfo, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
        if member.name.endswith(".parquet"):
            data = data[:-10] + b"0123456789"
        return member, data

    def escape(member: tarfile.TarInfo, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
        if member.name == "warehouse/manifest.json":
            member.name = "../../evil.json"
        return member, data

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive at all")
    cases = {
        rewrite("flipped.tar.gz", flip_parquet): "damaged",
        rewrite("escape.tar.gz", escape): "unsafe entry",
        garbage: "not a readable backup",
        tmp_path / "missing.tar.gz": "No backup file",
    }
    for path, message in cases.items():
        result = runner.invoke(app, ["restore", str(path), "--yes"])
        assert result.exit_code == 2, (path, result.output)
        assert message in result.output
        assert "Traceback" not in result.output
    assert _state(home) == before
    assert not (tmp_path.parent / "evil.json").exists()


def test_full_disk_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    from ecc_atlas.services import backup as service

    class FullDisk(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            raise OSError(28, "No space left on device")

    original = service.os.fdopen
    service.os.fdopen = lambda fd, mode: FullDisk()  # type: ignore[assignment]
    try:
        result = runner.invoke(app, ["backup", "--out", str(tmp_path / "full.tar.gz")])
    finally:
        service.os.fdopen = original
    assert result.exit_code == 2
    assert "Not enough space" in result.output
    assert not (tmp_path / "full.tar.gz").exists()
    assert not list(tmp_path.glob(".full.tar.gz.*"))  # the temporary file is gone too
    folder = runner.invoke(app, ["backup", "--out", str(tmp_path)])
    assert folder.exit_code == 2
    assert "is a folder" in folder.output
