"""The survey workbook: template → fill in → read back, and hostile or malformed files."""

from __future__ import annotations

import contextlib
import functools
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecc_atlas.identifiers import luhn_check_digit
from ecc_atlas.ingest.errors import IngestError
from ecc_atlas.ingest.readers import Limits
from ecc_atlas.ingest.survey_files import (
    ANSWER_COLUMNS,
    AnswerRow,
    read_survey_file,
    template_bytes,
    write_survey_template,
)

ORG = "559871003" + str(luhn_check_digit("559871003"))


def _template(tmp_path: Path, **kwargs: Any) -> Path:
    path = tmp_path / "survey.xlsx"
    path.write_bytes(template_bytes(org_number=ORG, survey_year=2091, **kwargs))
    return path


def _fill(path: Path, rows: list[list[Any]], *, start: int = 2) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book["answers"]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(start + offset, column, value)
    book.save(path)
    return path


def _issues(path: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(IngestError) as info:
        read_survey_file(path, **kwargs)
    return [str(i) for i in info.value.issues]


def test_template_has_the_documented_sheets_and_lists(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_template(tmp_path, organisation_name="Alfa AB"))
    assert book.sheetnames == ["answers", "codes", "response", "instructions"]
    answers = book["answers"]
    assert [c.value for c in answers[1]] == list(ANSWER_COLUMNS)
    rules = {
        str(r.sqref).split(":")[0]: r.formula1 for r in answers.data_validations.dataValidation
    }
    assert rules["B2"] == '"1,3,5"'
    assert rules["E2"] == '"1,2,3,4,5"'
    assert rules["A2"].startswith("=codes!$B$2")
    response = {r[0].value: r[1].value for r in book["response"].iter_rows(min_row=2)}
    assert response == {"org_number": ORG, "survey_year": 2091, "organisation": "Alfa AB"}
    kinds = {r[0].value for r in book["codes"].iter_rows(min_row=2)}
    assert kinds == {"ssyk", "skill"}
    codes = {r[1].value for r in book["codes"].iter_rows(min_row=2)}
    assert {"2143", "relay_protection"} <= codes
    guide = " ".join(str(c.value) for row in book["instructions"].iter_rows() for c in row)
    assert "Fyll i bladet" in guide
    assert "Fill in the sheet" in guide
    assert "kan inte rekrytera" in guide
    assert "cannot recruit" in guide


def test_round_trip_template_fill_read(tmp_path: Path) -> None:
    path = _fill(
        _template(tmp_path),
        [
            ["2143", 5, 6, 2, 4, "Reläskydd, högspänning; åäö", "relay_protection, substations"],
            [7411, "1", 3.0, "0", "2 – small difficulty", None, None],
            [None, None, None, None, None, None, None],
            ["2512", 3, 1, 0, 1],
        ],
    )
    survey = read_survey_file(path)
    assert survey.org_number == ORG
    assert survey.survey_year == 2091
    assert survey.answers == (
        AnswerRow("2143", 5, 6, 2, 4, "Reläskydd, högspänning; åäö",
                  ("relay_protection", "substations"), 2),
        AnswerRow("7411", 1, 3, 0, 2, "", (), 3),
        AnswerRow("2512", 3, 1, 0, 1, "", (), 5),
    )  # fmt: skip
    assert len(survey.input_sha256) == 64


def test_template_carries_current_answers_and_guards_formulas(tmp_path: Path) -> None:
    rows = [AnswerRow("2143", 5, 6, 2, 4, "=not a formula", ("relay_protection",))]
    path = write_survey_template(
        tmp_path / "t.xlsx", org_number=ORG, survey_year=2091, answers=rows
    )
    sheet = openpyxl.load_workbook(path)["answers"]
    assert sheet["F2"].value == "'=not a formula"
    again = read_survey_file(path).answers[0]
    assert again.hard_to_find == "=not a formula"
    assert again.skills == ("relay_protection",)
    with pytest.raises(ValueError, match="xlsx"):
        write_survey_template(tmp_path / "t.csv", org_number=ORG, survey_year=2091)


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        (["9999", 5, 1, 0, 3], "answers.ssyk", "SSYK 2012 unit group"),
        (["21", 5, 1, 0, 3], "answers.ssyk", "SSYK 2012 unit group"),
        (["2143", 2, 1, 0, 3], "answers.horizon_years", "1, 3 or 5"),
        (["2143", "fem", 1, 0, 3], "answers.horizon_years", "1, 3 or 5"),
        (["2143", 5, -1, 0, 3], "answers.planned_recruitments", "whole number"),
        (["2143", 5, 2.5, 0, 3], "answers.planned_recruitments", "whole number"),
        (["2143", 5, True, 0, 3], "answers.planned_recruitments", "whole number"),
        (["2143", 5, 1, "many", 3], "answers.expected_retirements", "whole number"),
        (["2143", 5, 1, 0, 6], "answers.difficulty", "1 to 5"),
        (["2143", 5, 1, 0, None], "answers.difficulty", "1 to 5"),
        (["2143", 5, 1, 0, 3, None, "relay_protection, nope"], "answers.skills", "skill ids"),
        (["=A1", 5, 1, 0, 3], "answers.ssyk", "not a formula"),
        (["2143", 5, "=SUM(1,2)", 0, 3], "answers.planned_recruitments", "not a formula"),
        (["2143", 5, 1, 0, 3, '=HYPERLINK("x")'], "answers.hard_to_find", "not a formula"),
        (["2143", 5, 1, 0, 3, "x" * 2001], "answers.hard_to_find", "at most 2000"),
    ],
)
def test_wrong_values_name_sheet_row_field_and_expectation(
    tmp_path: Path, row: list[Any], field: str, expected: str
) -> None:
    path = _fill(_template(tmp_path), [["2512", 5, 1, 0, 1], row])
    issues = _issues(path)
    assert any(f"row 3, field '{field}'" in i and expected in i for i in issues), issues
    assert all("survey.xlsx" in i for i in issues)


def test_duplicate_rows_are_refused(tmp_path: Path) -> None:
    path = _fill(_template(tmp_path), [["2143", 5, 1, 0, 3], ["2512", 5, 1, 0, 3],
                                       ["2143", 5, 2, 0, 3]])  # fmt: skip
    (issue,) = _issues(path)
    assert "row 4" in issue
    assert "row 2 has 2143, 5 years already" in issue


def test_response_sheet_is_checked(tmp_path: Path) -> None:
    path = _template(tmp_path)
    book = openpyxl.load_workbook(path)
    book["response"]["B2"] = "5598710030"  # wrong check digit
    book["response"]["B3"] = "=2090+1"
    book.save(path)
    issues = _issues(path)
    assert any("response.org_number" in i for i in issues)
    assert any("response.survey_year" in i and "formula" in i for i in issues)


def test_missing_sheets_and_columns(tmp_path: Path) -> None:
    path = _template(tmp_path)
    book = openpyxl.load_workbook(path)
    del book["response"]
    book.save(path)
    assert "a sheet 'response'" in _issues(path)[0]
    path = _template(tmp_path)
    book = openpyxl.load_workbook(path)
    book["answers"]["B1"] = "horizon"
    book.save(path)
    assert "missing horizon_years" in _issues(path)[0]


def test_not_an_xlsx_workbook(tmp_path: Path) -> None:
    text = tmp_path / "answers.xlsx"
    text.write_bytes("ssyk;horizon_years\n2143;5\nR\xe4l\xe4\n".encode("cp1252"))
    assert ".xlsx workbook" in _issues(text)[0]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is no zip")
    assert "valid XLSX" in _issues(broken)[0]
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert ".xlsx workbook" in _issues(old)[0]


def test_too_big_files_and_bombs(tmp_path: Path) -> None:
    path = _fill(_template(tmp_path), [["2143", 5, 1, 0, 3]])
    small = Limits(max_table_bytes=1000)
    assert "at most" in _issues(path, limits=small)[0]
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"\0" * (60 * 1024 * 1024))
    assert "XLSX bomb" in _issues(bomb)[0]
    rows = _fill(_template(tmp_path), [["2143", h, 1, 0, 3] for h in (1, 3, 5)])
    assert "at most 2" in _issues(rows, limits=Limits(max_table_rows=2))[0]


def test_upload_name_is_shown_in_errors(tmp_path: Path) -> None:
    path = _fill(_template(tmp_path), [["9999", 5, 1, 0, 3]])
    issues = _issues(path, name="Våra svar.xlsx")
    assert issues[0].startswith("Våra svar.xlsx, row 2")


def test_many_problems_are_collected_up_to_the_limit(tmp_path: Path) -> None:
    path = _fill(_template(tmp_path), [["9999", 2, -1, "x", 9] for _ in range(10)])
    assert len(_issues(path, max_errors=7)) == 7


def test_workbook_bytes_are_a_real_zip() -> None:
    data = template_bytes(org_number=ORG, survey_year=2091)
    assert zipfile.is_zipfile(io.BytesIO(data))


_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2143", "0110", "=A1", "'=x", "5 år", "4 – great", "relay_protection"]),
)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(rows=st.lists(st.lists(_CELLS, min_size=0, max_size=9), min_size=1, max_size=6))
def test_any_cell_values_read_or_fail_with_an_ingest_error(
    tmp_path: Path, rows: list[list[Any]]
) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(template_bytes(org_number=ORG, survey_year=2091))
    try:
        _fill(path, rows)
    except (IllegalCharacterError, ValueError):
        return  # openpyxl cannot even write such a cell
    try:
        survey = read_survey_file(path)
    except IngestError as exc:
        problems = exc.issues
    else:
        problems = ()
        for answer in survey.answers:
            assert answer.horizon_years in (1, 3, 5)
            assert 1 <= answer.difficulty <= 5
            assert min(answer.planned_recruitments, answer.expected_retirements) >= 0
    assert all(issue.file == "fuzz.xlsx" for issue in problems)


@functools.cache
def _damaged_base() -> bytes:
    """One template, made once: every example damages the same bytes."""
    return template_bytes(org_number=ORG, survey_year=2091)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(data=st.data())
def test_damaged_workbooks_fail_with_an_ingest_error(tmp_path: Path, data: st.DataObject) -> None:
    original = bytearray(_damaged_base())
    flips = data.draw(st.lists(st.integers(0, len(original) - 1), min_size=1, max_size=20))
    for position in flips:
        original[position] ^= 0xFF
    cut = data.draw(st.integers(min_value=10, max_value=len(original)))
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(original[:cut]))
    with contextlib.suppress(IngestError):
        read_survey_file(path)
