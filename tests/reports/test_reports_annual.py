"""The annual report: built by ``ecc-atlas report``, chapters, summary = figures --json,
vector charts, page numbers; the HTML version is self-contained; the dashboard serves it.

The PDF is built once for the module (WeasyPrint takes several seconds). pdftotext comes
from Debian's poppler-utils: without it the PDF checks skip, except in CI where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ecc_atlas.cli.app import app as main_app
from ecc_atlas.cli.report import report
from ecc_atlas.config import Settings
from ecc_atlas.web.dashboard.formatting import format_number, format_percent

CHAPTERS_SV = ["Innehåll", "Sammanfattning", "1. Översikt", "2. Branschen", "3. Arbetskraften",
               "4. Regioner", "5. Rekrytering", "6. Bristyrken", "7. Kompetens", "8. Aktörer",
               "Bilaga A. Metod", "Bilaga B. Källor"]  # fmt: skip

report_app = typer.Typer()
report_app.command()(report)
runner = CliRunner()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is missing: install the Debian package poppler-utils."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " PDF checks may not skip in CI.")
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def figures_json(report_home: Settings) -> dict[str, object]:
    result = runner.invoke(main_app, ["figures", "--json", "--home", str(report_home.home)])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


@pytest.fixture(scope="module")
def pdf(report_home: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "annual.pdf"
    args = ["--format", "pdf", "--lang", "sv", "--out", str(out), "--home", str(report_home.home)]
    result = runner.invoke(report_app, args)
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output
    return out


@pytest.fixture(scope="module")
def pdf_text(pdf: Path) -> str:
    tool = _tool("pdftotext")
    done = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8").replace("\u00a0", " ").replace("\u202f", " ")


def test_pdf_has_the_chapters_in_order_with_page_numbers(pdf: Path, pdf_text: str) -> None:
    assert pdf.read_bytes().startswith(b"%PDF")
    positions = [pdf_text.find(title) for title in CHAPTERS_SV]
    assert all(p >= 0 for p in positions), dict(zip(CHAPTERS_SV, positions, strict=True))
    toc = pdf_text[: pdf_text.find("Sammanfattning", positions[1] + 1)]
    assert re.search(r"2\. Branschen\s*\.+\s*\d+", toc), toc[:800]
    pages = int(re.findall(r"\b\d+ / (\d+)\b", pdf_text)[0])
    assert pages > 10
    assert f"{pages} / {pages}" in pdf_text  # the last page carries its number
    assert "Syntetiska demodata" in pdf_text


def test_pdf_summary_matches_figures_json(pdf_text: str, figures_json: dict[str, object]) -> None:
    start = pdf_text.find("Nyckeltal ")
    summary = re.sub(r"\s+", " ", pdf_text[start : pdf_text.find("1. Översikt", start)])
    figures = figures_json["figures"]
    assert isinstance(figures, list)
    for figure in figures:
        value = figure["value"]
        if figure["unit"] == "share":
            shown = format_percent(value, lang="sv")
        else:
            decimals = 1 if isinstance(value, float) and not value.is_integer() else 0
            shown = format_number(value, lang="sv", decimals=decimals)
        shown = shown.replace("\u00a0", " ")
        assert shown in summary, (figure["key"], shown)
        assert figure["label_sv"].split()[0] in summary


def test_pdf_charts_are_vector_graphics(pdf: Path) -> None:
    tool = _tool("pdfimages")
    listing = subprocess.run([tool, "-list", str(pdf)], capture_output=True, check=True)
    rows = listing.stdout.decode().strip().splitlines()[2:]
    assert rows == [], "charts must be vector, not raster images"


def test_html_report_is_self_contained(report_home: Settings, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    args = ["--format", "html", "--lang", "en", "--out", str(out), "--home", str(report_home.home)]
    result = runner.invoke(report_app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "<style>" in html
    assert html.count('src="data:image/svg+xml;base64,') >= 15
    assert not re.search(r'(src|href)="https?://', html)
    for key in ("overview", "sector", "workforce", "regions", "recruitment", "shortages",
                "actors"):  # fmt: skip
        assert f'id="chapter-{key}"' in html
    assert "Appendix A. Method" in html
    assert "suppressed" in html


def test_cli_reports_errors_in_one_line(report_home: Settings, tmp_path: Path) -> None:
    home = str(report_home.home)
    bad_year = runner.invoke(report_app, ["--out", str(tmp_path / "x.pdf"), "--home", home,
                                          "--year", "1990"])  # fmt: skip
    assert bad_year.exit_code == 2
    assert "1990" in bad_year.output
    bad_format = runner.invoke(report_app, ["--out", str(tmp_path / "x"), "--format", "doc"])
    assert bad_format.exit_code == 2
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.django_db
def test_dashboard_serves_the_report(
    report_home: Settings, monkeypatch: pytest.MonkeyPatch, client: object
) -> None:
    from django.test import Client

    from ecc_atlas.reports import render

    assert isinstance(client, Client)
    html = client.get("/en/report/annual.html")
    assert html.status_code == 200
    # consuming the stream closes the response (closing it again would end the request a
    # second time, and on PostgreSQL close the test's connection inside its transaction)
    body = b"".join(html.streaming_content).decode()  # type: ignore[attr-defined]
    assert 'href="/en/report/report.css"' in body
    assert "<style>" not in body  # the served page needs no inline style (strict CSP)
    cached = list((report_home.home / "reports").glob("annual-*-en-*.html"))
    assert len(cached) == 1
    monkeypatch.setattr(render, "render_pdf", lambda _html: b"%PDF-1.7 test")
    pdf = client.get("/report/annual.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
