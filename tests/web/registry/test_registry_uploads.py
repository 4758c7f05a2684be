"""The upload page: dry run, confirmation, the import as a job, errors, limits, permissions."""

from __future__ import annotations

import datetime as dt
import fcntl
import threading
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pytest_django import Settings as SettingsWrapper

from ecc_atlas.config import Settings, load_settings
from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.services import uploads
from ecc_atlas.warehouse import Catalog
from ecc_atlas.web.accounts.models import AuditEvent
from ecc_atlas.web.accounts.roles import set_role
from ecc_atlas.web.registry import jobs
from ecc_atlas.web.registry.models import DelimitationDecision, ImportJob, Organisation

pytestmark = pytest.mark.django_db
PASSWORD = "upload-test-pw-7c1e"
INGEST_DATA = Path(__file__).parents[2] / "ingest" / "data"


def org_number(n: int) -> str:
    body = f"55901{n:04d}"
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


def registry_csv(*rows: tuple[str, str, str]) -> bytes:
    """A flat registry CSV: organisation, a workplace in Västerås, a 2024 decision."""
    lines = ["org_number;name;kind;sni_code;kommun_code;year;included;reason;segment"]
    for number, name, included in rows:
        segment = "grids" if included == "ja" else ""
        lines.append(
            f"{number};{name};company;35.13;1980;2024;{included};Uppladdad bedömning;{segment}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def home(tmp_path: Path, settings: SettingsWrapper) -> Settings:
    config = load_settings(home=tmp_path / "home")
    config.home.mkdir()
    settings.ECC_ATLAS = config
    return config


@pytest.fixture
def inline_jobs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Run jobs in the request's thread (the test database is not shared with threads)."""
    started: list[int] = []

    def start(job_id: int) -> None:
        started.append(job_id)
        jobs.run(job_id)

    monkeypatch.setattr(jobs, "start", start)
    return started


def _user(name: str, role: str) -> Any:
    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    set_role(user, role)
    return user


@pytest.fixture
def analyst() -> Any:
    return _user("upload-analyst", "analyst")


@pytest.fixture
def analyst_client(analyst: Any) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


def upload(client: Client, content: bytes, name: str = "registry.csv", **extra: Any) -> Any:
    data = {"source": "registry", "file": SimpleUploadedFile(name, content), **extra}
    return client.post("/en/registry/imports/", data)


def test_registry_upload_dry_run_then_apply(
    analyst_client: Client, analyst: Any, home: Settings, inline_jobs: list[int]
) -> None:
    content = registry_csv((org_number(1), "Uppladdningskraft AB", "ja"))
    response = upload(analyst_client, content)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/en/registry/imports/{job.pk}/"
    assert job.status == ImportJob.Status.CHECKED, job.error
    assert job.sha256
    assert job.size == len(content)
    assert job.user == analyst
    # the dry run changed nothing and says what would change
    assert not Organisation.objects.filter(name="Uppladdningskraft AB").exists()
    counts = job.dry_run_summary["counts"]
    assert counts["organisations_created"] == 1
    assert counts["decisions_added"] == 1
    page = analyst_client.get(response["Location"])
    text = page.content.decode()
    assert "Dry run" in text
    assert "would be written" in text
    assert 'data-testid="apply"' in text
    assert "organisations created" in text
    # the file waits under the data home
    stored = home.home / "uploads" / job.stored_path
    assert stored.is_file()
    assert stored.read_bytes() == content

    response = analyst_client.post(f"/en/registry/imports/{job.pk}/apply/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.summary["counts"]["organisations_created"] == 1
    org = Organisation.objects.get(name="Uppladdningskraft AB")
    decision = DelimitationDecision.objects.get(organisation=org)
    assert decision.decided_by == analyst
    assert decision.decided_by_name == "upload-analyst"
    assert org.workplaces.get().kommun_code == "1980"
    # the file is gone, the import is in the audit log with the web user
    assert not stored.exists()
    assert job.stored_path == ""
    event = AuditEvent.objects.get(action="data.import")
    assert event.actor == analyst
    assert event.details["status"] == "done"
    assert event.details["sha256"] == job.sha256
    page = analyst_client.get(f"/en/registry/imports/{job.pk}/").content.decode()
    assert 'data-testid="job-result"' in page
    assert "updated" in page
    listing = analyst_client.get("/en/registry/imports/").content.decode()
    assert "registry.csv" in listing
    assert "organisations: updated" in listing


def test_same_file_twice_changes_nothing_the_second_time(
    analyst_client: Client, home: Settings, inline_jobs: list[int]
) -> None:
    content = registry_csv((org_number(2), "Tvåkraft AB", "nej"))
    for _ in range(2):
        upload(analyst_client, content)
        job = ImportJob.objects.order_by("-id").first()
        assert job is not None
        analyst_client.post(f"/en/registry/imports/{job.pk}/apply/")
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE
    assert job.summary["changed"] is False
    assert DelimitationDecision.objects.filter(organisation__name="Tvåkraft AB").count() == 1
    page = analyst_client.get(f"/en/registry/imports/{job.pk}/").content.decode()
    assert "Nothing changed" in page


def test_errors_name_file_row_field_and_expectation(
    analyst_client: Client, home: Settings, inline_jobs: list[int]
) -> None:
    bad = registry_csv((org_number(3), "Felkraft AB", "ja")).replace(b"1980", b"9999")
    bad += b"5590100000;Fel AB;company;35.13;1980;2024;nej;x;\n"
    upload(analyst_client, bad, name="fel.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.issues
    assert all(i["file"].startswith("fel.csv") for i in job.issues)
    fields = {i["field"] for i in job.issues}
    assert "kommun_code" in fields
    assert "org_number" in fields
    assert any(i["row"] == 2 for i in job.issues)
    page = analyst_client.get(f"/en/registry/imports/{job.pk}/").content.decode()
    assert "Problems found in the file" in page
    assert "kommun_code" in page
    assert 'data-testid="apply"' not in page
    assert not Organisation.objects.filter(name="Felkraft AB").exists()
    assert job.stored_path == ""  # a failed check keeps no file
    assert not any((home.home / "uploads").glob("*/fel.csv"))
    # applying a failed job is refused, nothing runs
    analyst_client.post(f"/en/registry/imports/{job.pk}/apply/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_hostile_uploads_are_refused_without_server_errors(
    analyst_client: Client, home: Settings, inline_jobs: list[int], settings: SettingsWrapper
) -> None:
    empty = upload(analyst_client, b"")
    assert empty.status_code == 400
    wrong = upload(analyst_client, b"MZ\x90\x00", name="tool.exe")
    assert wrong.status_code == 400
    assert "ending in" in wrong.content.decode()
    settings.ECC_ATLAS_MAX_UPLOAD_BYTES = 2000
    big = upload(analyst_client, b"a;b\n" * 600)
    assert big.status_code in {400, 413}
    settings.ECC_ATLAS_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    scb = upload(analyst_client, b"{}", name="t.json", source="scb")
    assert scb.status_code == 400
    assert "needs a dataset name" in scb.content.decode()
    unknown = analyst_client.post(
        "/en/registry/imports/",
        {"source": "nonsense", "file": SimpleUploadedFile("x.csv", b"a\n")},
    )
    assert unknown.status_code == 400
    # a binary blob named .csv and a path in the name: a failed check, stored safely
    upload(analyst_client, b"\x00\xff" * 500, name="../../etc/passwd.csv")
    job = ImportJob.objects.get()
    assert job.file_name == "passwd.csv"
    assert job.status == ImportJob.Status.FAILED
    assert inline_jobs == [job.pk]
    assert not list((home.home / "uploads").glob("*/*.csv"))


@pytest.mark.parametrize(
    ("source", "name", "dataset"),
    [
        ("yrkesbarometer", "yrkesbarometer_2025_2.json", "yrkesbarometer"),
        ("scb", "tab638_population.json", "scb_tab638"),
        ("jobtech-ads", "ads_upper.jsonl", "job_ads_web"),
    ],
)
def test_other_sources_use_the_library_importers(
    analyst_client: Client,
    analyst: Any,
    home: Settings,
    inline_jobs: list[int],
    source: str,
    name: str,
    dataset: str,
) -> None:
    content = (INGEST_DATA / name).read_bytes()
    upload(analyst_client, content, name=name, source=source, dataset=dataset)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED, (job.error, job.issues)
    assert [d["status"] for d in job.dry_run_summary["datasets"]] == ["dry run"]
    analyst_client.post(f"/en/registry/imports/{job.pk}/apply/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    entry = Catalog(home.warehouse_dir).entry(job.summary["datasets"][0]["name"])
    assert entry.name.lower() == dataset.lower()
    assert entry.parameters["user"] == analyst.username  # provenance: the web user
    assert entry.parameters["input_sha256"] == job.sha256


def test_workforce_delivery_upload_reaches_the_warehouse(
    analyst_client: Client, analyst: Any, home: Settings, inline_jobs: list[int]
) -> None:
    content = (
        "org_number;year;kommun_code;ssyk;sun_level;age_band;gender;origin;employees;"
        "full_year_equivalents\n"
        f"{org_number(6)};2024;1980;2143;6;45-49;F;SE;12;11.5\n"
    ).encode("cp1252")  # what Excel on Swedish Windows writes
    upload(analyst_client, content, name="leverans.csv", source="workforce")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED, (job.error, job.issues)
    analyst_client.post(f"/en/registry/imports/{job.pk}/apply/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    table = Catalog(home.warehouse_dir).read_arrow("workforce")
    assert table["employees"].to_pylist() == [12]
    assert Catalog(home.warehouse_dir).entry("workforce").parameters["user"] == analyst.username


def test_a_second_concurrent_apply_fails_clearly(
    analyst_client: Client, home: Settings, inline_jobs: list[int]
) -> None:
    upload(analyst_client, registry_csv((org_number(4), "Samtidigkraft AB", "ja")))
    job = ImportJob.objects.get()
    lock = home.home / "uploads" / ".apply.lock"
    with open(lock, "a+b") as handle:  # another import holds the data home's lock
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        response = analyst_client.post(f"/en/registry/imports/{job.pk}/apply/", follow=True)
        assert "Another import is being applied" in response.content.decode()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.CHECKED  # still waiting, nothing changed
        # a job that got past the page's check fails with a clear message, changing nothing
        ImportJob.objects.filter(pk=job.pk).update(status="queued", phase="apply")
        jobs.run(job.pk)
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "busy"
    assert not Organisation.objects.filter(name="Samtidigkraft AB").exists()
    page = analyst_client.get(f"/en/registry/imports/{job.pk}/").content.decode()
    assert "Another import was being applied at the same time" in page


def test_discard_deletes_the_file(
    analyst_client: Client, home: Settings, inline_jobs: list[int]
) -> None:
    upload(analyst_client, registry_csv((org_number(5), "Kasserakraft AB", "nej")))
    job = ImportJob.objects.get()
    stored = home.home / "uploads" / job.stored_path
    assert stored.is_file()
    analyst_client.post(f"/en/registry/imports/{job.pk}/discard/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DISCARDED
    assert not stored.exists()
    assert analyst_client.post(f"/en/registry/imports/{job.pk}/apply/").status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DISCARDED


def test_status_endpoint_and_progress_page_without_javascript(
    analyst_client: Client, analyst: Any, home: Settings
) -> None:
    job = ImportJob.objects.create(
        source="registry",
        file_name="slow.csv",
        sha256="0" * 64,
        size=10,
        status=ImportJob.Status.RUNNING,
        progress_done=30,
        progress_total=120,
        user=analyst,
        user_name=analyst.username,
    )
    with uploads._job_lock(home, job.pk):  # its runner is alive
        state = analyst_client.get(f"/en/registry/imports/{job.pk}/status/").json()
        page = analyst_client.get(f"/registry/imports/{job.pk}/").content.decode()
    assert state["status"] == "running"
    assert state["percent"] == 25
    assert state["active"]
    assert 'http-equiv="refresh"' in page
    assert "<noscript>" in page
    assert "registry/imports.js" in page
    assert "<progress" in page
    assert "30" in page
    assert "120" in page
    assert analyst_client.get("/en/registry/imports/999999/status/").status_code == 404


def test_a_job_whose_process_died_is_marked_failed(
    analyst_client: Client, analyst: Any, home: Settings
) -> None:
    running = ImportJob.objects.create(
        source="registry", file_name="lost.csv", sha256="2" * 64, size=1,
        status=ImportJob.Status.RUNNING, user=analyst,
    )  # fmt: skip
    queued = ImportJob.objects.create(
        source="registry", file_name="waiting.csv", sha256="3" * 64, size=1, user=analyst
    )
    fresh = ImportJob.objects.create(
        source="registry", file_name="new.csv", sha256="4" * 64, size=1, user=analyst
    )
    old = timezone.now() - dt.timedelta(seconds=uploads.QUEUE_TIMEOUT + 60)
    ImportJob.objects.filter(pk=queued.pk).update(updated_at=old)
    state = analyst_client.get(f"/en/registry/imports/{running.pk}/status/").json()
    assert state["status"] == "failed"
    assert not state["active"]
    page = analyst_client.get(f"/en/registry/imports/{running.pk}/").content.decode()
    assert "The server stopped while the file was being processed" in page
    analyst_client.get("/en/registry/imports/")
    queued.refresh_from_db()
    fresh.refresh_from_db()
    assert queued.status == ImportJob.Status.FAILED
    assert queued.error == "interrupted"
    assert fresh.status == ImportJob.Status.QUEUED  # it may still start


def test_background_thread_runs_the_job(
    analyst: Any, home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``jobs.start`` runs the job in a thread and closes its database connection."""
    done = threading.Event()
    calls: list[int] = []

    def fake_run(config: Settings, job_id: int) -> None:
        calls.append(job_id)
        done.set()

    monkeypatch.setattr(uploads, "run_job", fake_run)
    thread = jobs.start(41)
    thread.join(10)
    assert done.is_set()
    assert calls == [41]
    assert thread.daemon


def test_a_crash_marks_the_job_failed(
    analyst: Any, home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = ImportJob.objects.create(
        source="registry", file_name="x.csv", sha256="1" * 64, size=1, user=analyst
    )

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(uploads, "_stored_file", lambda config, job: Path("/dev/null"))
    monkeypatch.setattr(
        uploads,
        "SOURCES",
        {"registry": uploads.Source("registry", (".csv",), boom)},
    )
    jobs.run(job.pk, home)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "internal"


def test_only_analysts_and_admins(home: Settings) -> None:
    member = Client()
    member.force_login(_user("upload-member", "member"))
    for url in ("/registry/imports/", "/en/registry/imports/"):
        assert member.get(url).status_code == 403
        assert member.post(url, {"source": "registry"}).status_code == 403
    anonymous = Client().get("/registry/imports/")
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    admin = Client()
    admin.force_login(_user("upload-admin", "admin"))
    page = admin.get("/registry/imports/")
    assert page.status_code == 200
    assert "Ladda upp en fil" in page.content.decode()  # Swedish by default


def test_store_upload_paths_are_content_addressed(home: Settings) -> None:
    stored, sha, size = uploads.store_upload(
        home, [b"abc", b"def"], "Ä b/../c d.CSV", source="registry", max_bytes=100
    )
    assert stored == f"{sha}/c_d.csv"
    assert size == 6
    again, _, _ = uploads.store_upload(
        home, [b"abcdef"], "c d.csv", source="registry", max_bytes=100
    )
    assert again == stored
    with pytest.raises(uploads.UploadRefused):
        uploads.store_upload(home, [b"x" * 101], "a.csv", source="registry", max_bytes=100)
    assert not list((home.home / "uploads" / ".incoming").iterdir())
