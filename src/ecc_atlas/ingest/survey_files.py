"""The employer survey as an XLSX workbook: the template to fill in, and reading it back.

The template (:func:`template_bytes`) has four sheets:

* ``answers`` — one row per occupation and horizon, header in row 1 (bold, frozen), with
  drop-down lists for ``ssyk`` (the codes sheet), ``horizon_years`` (1, 3, 5) and
  ``difficulty`` (1–5); code columns are formatted as text so Excel keeps ``0110`` as typed.
  The organisation's current answers, if any, are filled in.
* ``response`` — ``field`` / ``value`` rows: ``org_number`` and ``survey_year`` (prefilled;
  the upload must belong to the organisation and round it is uploaded for) and the
  organisation's name (for the reader only).
* ``codes`` — the SSYK 2012 unit groups and the skill ids (with their linked SSYK groups).
* ``instructions`` — what to fill in, in Swedish and English, and the difficulty scale.

:func:`read_survey_file` reads a filled-in workbook with the hostile-file guards of
:mod:`ecc_atlas.ingest.tabular` (size, XLSX bombs, row and column limits; formulas are never
evaluated and are refused as values) and checks every cell; every problem names the sheet,
the row, the field and what was expected. Nothing here touches the database: the survey
service (:mod:`ecc_atlas.services.survey`) stores the answers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecc_atlas.identifiers import InvalidOrganisationNumber, normalise_org_number
from ecc_atlas.ingest.errors import DEFAULT_MAX_ERRORS, ErrorCollector, IngestError
from ecc_atlas.ingest.readers import Limits, sha256_file
from ecc_atlas.ingest.tabular import RawTable, cell_is_blank, file_kind, open_tables
from ecc_atlas.spreadsheets import safe_text

__all__ = [
    "ANSWER_COLUMNS",
    "DIFFICULTY_LABELS",
    "HORIZONS",
    "MAX_ANSWER_ROWS",
    "UPLOAD_LIMITS",
    "AnswerRow",
    "SurveyFile",
    "read_survey_file",
    "template_bytes",
    "write_survey_template",
]

SHEET_ANSWERS = "answers"
SHEET_RESPONSE = "response"
SHEET_CODES = "codes"
SHEET_INSTRUCTIONS = "instructions"

#: Columns of the answers sheet, in order.
ANSWER_COLUMNS: tuple[str, ...] = (
    "ssyk",
    "horizon_years",
    "planned_recruitments",
    "expected_retirements",
    "difficulty",
    "hard_to_find",
    "skills",
)
_REQUIRED = ANSWER_COLUMNS[:5]
HORIZONS: tuple[int, ...] = (1, 3, 5)
#: The fixed difficulty scale: (value, Swedish label, English label).
DIFFICULTY_LABELS: tuple[tuple[int, str, str], ...] = (
    (1, "inga svårigheter", "no difficulty"),
    (2, "små svårigheter", "small difficulty"),
    (3, "vissa svårigheter", "some difficulty"),
    (4, "stora svårigheter", "great difficulty"),
    (5, "kan inte rekrytera", "cannot recruit"),
)
#: Most answer rows one response may hold (58 occupations × 3 horizons fit).
MAX_ANSWER_ROWS = 500
MAX_TEXT = 2000
MAX_COUNT = 100_000
#: Limits of an uploaded survey workbook (much smaller than a statistics delivery).
UPLOAD_LIMITS = Limits(
    max_table_bytes=5 * 1024 * 1024,
    max_xlsx_uncompressed_bytes=50 * 1024 * 1024,
    max_table_rows=MAX_ANSWER_ROWS,
    max_table_columns=40,
)
_VALIDATED_ROWS = 300
_SKILL_SPLIT = re.compile(r"[,;\s]+")
_LEADING_DIGIT = re.compile(r"^\s*(\d+)(?:\s*[-–:.].*)?\s*$")


@dataclass(frozen=True)
class AnswerRow:
    """One answer: an occupation and a horizon (``row`` is the sheet row, 0 if none)."""

    ssyk: str
    horizon_years: int
    planned_recruitments: int
    expected_retirements: int
    difficulty: int
    hard_to_find: str = ""
    skills: tuple[str, ...] = ()
    row: int = 0


@dataclass(frozen=True)
class SurveyFile:
    """A read survey workbook: whose answers, for which round, and the rows."""

    name: str
    org_number: str
    survey_year: int
    answers: tuple[AnswerRow, ...]
    input_sha256: str


# -- reference lists -----------------------------------------------------------------------
def _units() -> list[Any]:
    from ecc_atlas.reference import ssyk

    return [o for o in ssyk() if o.level == "unit_group"]


def _skills() -> list[Any]:
    from ecc_atlas.reference.skills import skill_vocabulary

    return list(skill_vocabulary().skills)


# -- the template ----------------------------------------------------------------------------
_INSTRUCTIONS_SV = (
    "Kompetensbehovsenkät – svarsmall",
    "Fyll i bladet 'answers': en rad per yrke (SSYK 2012) och tidshorisont (1, 3 eller 5 år).",
    "Ändra inte bladet 'response' (organisationsnummer och enkätomgång): filen måste laddas "
    "upp för samma organisation och omgång.",
    "Kolumner: ssyk = yrkets SSYK-kod (fyra siffror, se bladet 'codes'); horizon_years = 1, 3 "
    "eller 5; planned_recruitments = planerade rekryteringar under perioden; "
    "expected_retirements = väntade pensionsavgångar under perioden; difficulty = "
    "rekryteringssvårighet 1–5; hard_to_find = kompetenser som är svåra att hitta (fritext); "
    "skills = kompetens-id:n från bladet 'codes', åtskilda med kommatecken.",
    "Varje kombination av yrke och horisont får bara förekomma en gång. Skriv värden, inte "
    "formler. Tomma rader hoppas över.",
    "En uppladdning ersätter organisationens tidigare svar i omgången. Svaret är ett utkast "
    "tills det skickas in.",
)
_INSTRUCTIONS_EN = (
    "Competence-needs survey – answer template",
    "Fill in the sheet 'answers': one row per occupation (SSYK 2012) and horizon (1, 3 or 5 "
    "years).",
    "Do not change the sheet 'response' (organisation number and survey round): the file must "
    "be uploaded for the same organisation and round.",
    "Columns: ssyk = the occupation's SSYK code (four digits, see the sheet 'codes'); "
    "horizon_years = 1, 3 or 5; planned_recruitments = recruitments planned over the period; "
    "expected_retirements = retirements expected over the period; difficulty = recruitment "
    "difficulty 1–5; hard_to_find = competences that are hard to find (free text); skills = "
    "skill ids from the sheet 'codes', separated by commas.",
    "Each combination of occupation and horizon may occur once. Type values, not formulas. "
    "Blank rows are skipped.",
    "An upload replaces the organisation's earlier answers in the round. The response is a "
    "draft until it is submitted.",
)


def _header(sheet: Any, names: Sequence[str]) -> None:
    from openpyxl.styles import Font

    sheet.append(list(names))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _answers_sheet(sheet: Any, answers: Sequence[AnswerRow], units: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.title = SHEET_ANSWERS
    _header(sheet, ANSWER_COLUMNS)
    sheet.freeze_panes = "A2"
    for answer in answers:
        sheet.append(
            [
                answer.ssyk,
                answer.horizon_years,
                answer.planned_recruitments,
                answer.expected_retirements,
                answer.difficulty,
                safe_text(answer.hard_to_find),
                ", ".join(answer.skills),
            ]
        )
    widths = {"A": 10, "B": 14, "C": 22, "D": 22, "E": 12, "F": 50, "G": 50}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for letter in ("A", "F", "G"):
        sheet.column_dimensions[letter].number_format = "@"
    rules = (
        ("A", f"=codes!$B$2:$B${units + 1}", "ssyk"),
        ("B", '"' + ",".join(str(h) for h in HORIZONS) + '"', "horizon_years"),
        ("E", '"1,2,3,4,5"', "difficulty"),
    )
    for letter, formula, title in rules:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.error = f"{title}: see the sheet 'instructions'"
        rule.errorTitle = title
        rule.add(f"{letter}2:{letter}{_VALIDATED_ROWS}")
        sheet.add_data_validation(rule)


def _codes_sheet(codes: Any, units: Sequence[Any], skills: Sequence[Any]) -> None:
    _header(codes, ("kind", "code", "label_sv", "label_en", "ssyk"))
    for unit in units:
        codes.append(["ssyk", unit.code, unit.name_sv, unit.name_en, ""])
    for skill in skills:
        codes.append(["skill", skill.id, skill.label_sv, skill.label_en, ", ".join(skill.ssyk)])
    codes.column_dimensions["B"].number_format = "@"
    for letter, width in {"A": 8, "B": 28, "C": 50, "D": 50, "E": 30}.items():
        codes.column_dimensions[letter].width = width


def _response_sheet(response: Any, org: str, survey_year: int, name: str) -> None:
    _header(response, ("field", "value"))
    response.append(["org_number", org])
    response.append(["survey_year", int(survey_year)])
    response.append(["organisation", safe_text(name)])
    response["B2"].number_format = "@"
    response.column_dimensions["A"].width = 16
    response.column_dimensions["B"].width = 40


def _guide_sheet(guide: Any) -> None:
    from openpyxl.styles import Alignment, Font

    for block in (_INSTRUCTIONS_SV, _INSTRUCTIONS_EN):
        guide.append([block[0]])
        guide.cell(guide.max_row, 1).font = Font(bold=True, size=14)
        for line in block[1:]:
            guide.append([line])
            guide.cell(guide.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        guide.append([])
    _header(guide, ("difficulty", "svenska", "English"))
    for value, sv, en in DIFFICULTY_LABELS:
        guide.append([value, sv, en])
    for letter, width in {"A": 100, "B": 24, "C": 24}.items():
        guide.column_dimensions[letter].width = width


def template_bytes(
    *,
    org_number: str,
    survey_year: int,
    organisation_name: str = "",
    answers: Sequence[AnswerRow] = (),
) -> bytes:
    """The XLSX template for one organisation and round (see the module docstring)."""
    from openpyxl import Workbook

    org = normalise_org_number(org_number)
    units = _units()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    _answers_sheet(sheet, answers, len(units))
    _codes_sheet(book.create_sheet(SHEET_CODES), units, _skills())
    _response_sheet(book.create_sheet(SHEET_RESPONSE), org, survey_year, organisation_name)
    _guide_sheet(book.create_sheet(SHEET_INSTRUCTIONS))
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_survey_template(
    path: str | Path,
    *,
    org_number: str,
    survey_year: int,
    organisation_name: str = "",
    answers: Sequence[AnswerRow] = (),
) -> Path:
    """Write :func:`template_bytes` to ``path`` (an ``.xlsx`` file)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the survey template is an .xlsx file, not {path.suffix or 'none'!r}")
    path.write_bytes(
        template_bytes(
            org_number=org_number,
            survey_year=survey_year,
            organisation_name=organisation_name,
            answers=answers,
        )
    )
    return path


def _kb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


# -- reading -----------------------------------------------------------------------------------
class _Cells:
    """Converts the cells of one sheet, collecting problems with sheet, row and field."""

    def __init__(self, errors: ErrorCollector, sheet: str) -> None:
        self.errors = errors
        self.sheet = sheet

    def add(self, row: int, field: str, expected: str, found: object) -> None:
        self.errors.add(row, f"{self.sheet}.{field}", expected, found)

    def formula(self, value: Any) -> bool:
        return isinstance(value, str) and value.lstrip().startswith("=")

    def integer(
        self, row: int, field: str, value: Any, *, low: int, high: int, expected: str
    ) -> int | None:
        number: int | None = None
        if self.formula(value):
            self.add(row, field, f"a value, not a formula ({expected})", value)
            return None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = value.strip().replace("\u00a0", "").replace(" ", "")
            if re.fullmatch(r"\d+", text):
                number = int(text)
            elif re.fullmatch(r"\d+[.,]0+", text):
                number = int(re.split(r"[.,]", text)[0])
        if number is None or not low <= number <= high:
            self.add(row, field, expected, value)
            return None
        return number


def _find(tables: list[RawTable], title: str, name: str) -> RawTable:
    for table in tables:
        if (table.sheet or "").strip().lower() == title:
            return table
    raise IngestError.single(
        name,
        f"a sheet '{title}' (download the survey template and fill it in)",
        found=", ".join(t.sheet or "" for t in tables) or "no sheets",
    )


def _columns(table: RawTable, required: Sequence[str], errors: ErrorCollector) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(table.header):
        key = title.strip().lower()
        if key in positions:
            errors.add(table.header_row, f"{table.sheet}.{key}", "each column once", "it twice")
        elif key:
            positions[key] = index
    missing = [c for c in required if c not in positions]
    if missing:
        errors.add(
            table.header_row,
            f"{table.sheet}.{missing[0]}",
            f"the columns {', '.join(required)} in the header row",
            f"missing {', '.join(missing)}",
        )
    errors.raise_if_any()
    return positions


def _read_response(table: RawTable, errors: ErrorCollector) -> tuple[str | None, int | None]:
    cols = _columns(table, ("field", "value"), errors)
    cells = _Cells(errors, SHEET_RESPONSE)
    org: str | None = None
    year: int | None = None
    seen = set()
    for row, values in table.rows:

        def cell(name: str, values: list[Any] = values) -> Any:
            index = cols[name]
            return values[index] if index < len(values) else None

        key = str(cell("field") or "").strip().lower()
        value = cell("value")
        if key in seen and key in ("org_number", "survey_year"):
            cells.add(row, "field", f"{key} once", "it twice")
            continue
        seen.add(key)
        if key == "org_number":
            if cells.formula(value):
                cells.add(row, "value", "an organisation number, not a formula", value)
                continue
            text = str(value or "").strip()
            if isinstance(value, int | float) and not isinstance(value, bool):
                text = str(int(value)).zfill(10)
            try:
                org = normalise_org_number(text)
            except InvalidOrganisationNumber:
                cells.add(row, "org_number", "an organisation number NNNNNN-NNNN", value)
        elif key == "survey_year":
            year = cells.integer(
                row, "survey_year", value, low=2000, high=2100, expected="a year such as 2025"
            )
    if org is None and not errors:
        cells.add(table.header_row, "org_number", "a row 'org_number' with its value", None)
    if year is None and not errors:
        cells.add(table.header_row, "survey_year", "a row 'survey_year' with its value", None)
    return org, year


def _ssyk(cells: _Cells, row: int, value: Any, units: set[str]) -> str | None:
    if cells.formula(value):
        cells.add(row, "ssyk", "an SSYK code, not a formula", value)
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)).zfill(4) if float(value).is_integer() else ""
    else:
        text = str(value or "").strip()
    if text in units:
        return text
    cells.add(
        row, "ssyk", "an SSYK 2012 unit group (four digits) listed on the sheet 'codes'", value
    )
    return None


def _text(cells: _Cells, row: int, value: Any) -> str:
    text = "" if cell_is_blank(value) else str(value).strip()
    if cells.formula(text):
        cells.add(row, "hard_to_find", "text, not a formula", text)
    elif text.startswith("'") and len(text) > 1 and text[1] in "=+-@":
        text = text[1:]  # our own formula guard, written by template_bytes
    if len(text) > MAX_TEXT:
        cells.add(row, "hard_to_find", f"at most {MAX_TEXT} characters", f"{len(text)}")
    return text


def _skill_list(cells: _Cells, row: int, value: Any, known: set[str]) -> tuple[str, ...]:
    skills: list[str] = []
    if cells.formula(value):
        cells.add(row, "skills", "skill ids, not a formula", value)
        return ()
    if cell_is_blank(value):
        return ()
    for item in _SKILL_SPLIT.split(str(value).strip()):
        if item and item not in known:
            cells.add(row, "skills", "skill ids listed on the sheet 'codes'", item)
        elif item and item not in skills:
            skills.append(item)
    return tuple(skills)


def _answer(
    cells: _Cells, row: int, cell: Any, units: set[str], known: set[str]
) -> AnswerRow | None:
    """One answer row, or None when a value is wrong (the problem is recorded)."""
    ssyk = _ssyk(cells, row, cell("ssyk"), units)
    horizon = cells.integer(
        row, "horizon_years", cell("horizon_years"), low=1, high=5, expected="1, 3 or 5"
    )
    if horizon is not None and horizon not in HORIZONS:
        cells.add(row, "horizon_years", "1, 3 or 5", cell("horizon_years"))
        horizon = None
    count = f"a whole number from 0 to {MAX_COUNT}"
    numbers = [
        cells.integer(row, name, cell(name), low=0, high=MAX_COUNT, expected=count)
        for name in ("planned_recruitments", "expected_retirements")
    ]
    raw_difficulty = cell("difficulty")
    if isinstance(raw_difficulty, str) and (match := _LEADING_DIGIT.match(raw_difficulty)):
        raw_difficulty = match[1]  # "4 – great difficulty" from a labelled list
    difficulty = cells.integer(
        row, "difficulty", raw_difficulty, low=1, high=5, expected="a difficulty from 1 to 5"
    )
    text = _text(cells, row, cell("hard_to_find"))
    skills = _skill_list(cells, row, cell("skills"), known)
    recruitments, retirements = numbers
    if ssyk is None or horizon is None or difficulty is None:
        return None
    if recruitments is None or retirements is None:
        return None
    return AnswerRow(ssyk, horizon, recruitments, retirements, difficulty, text, skills, row)


def _read_answers(table: RawTable, errors: ErrorCollector) -> list[AnswerRow]:
    cols = _columns(table, _REQUIRED, errors)
    cells = _Cells(errors, SHEET_ANSWERS)
    units = {u.code for u in _units()}
    known = {s.id for s in _skills()}
    seen: dict[tuple[str, int], int] = {}
    out: list[AnswerRow] = []
    width = len(table.header)
    for row, values in table.rows:

        def cell(name: str, values: list[Any] = values) -> Any:
            index = cols.get(name)
            return values[index] if index is not None and index < len(values) else None

        if len(values) > width and not cell_is_blank(values[width]):
            cells.add(row, "(no header)", "no values right of the last column", values[width])
        if all(cell_is_blank(cell(c)) for c in ANSWER_COLUMNS):
            continue
        answer = _answer(cells, row, cell, units, known)
        if answer is None:
            continue
        first = seen.setdefault((answer.ssyk, answer.horizon_years), row)
        if first != row:
            cells.add(
                row,
                "ssyk",
                f"each occupation and horizon once (row {first} has {answer.ssyk}, "
                f"{answer.horizon_years} years already)",
                answer.ssyk,
            )
            continue
        out.append(answer)
    return out


def read_survey_file(
    path: str | Path,
    *,
    limits: Limits | None = None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    name: str | None = None,
) -> SurveyFile:
    """Read and check a filled-in survey workbook (see the module docstring).

    ``name`` is the file name shown in errors (an upload's original name); raises
    :class:`~ecc_atlas.ingest.errors.IngestError` listing every problem found (up to
    ``max_errors``).
    """
    path = Path(path)
    shown = name or path.name
    limits = limits or UPLOAD_LIMITS
    if not path.is_file():
        raise IngestError.single(shown, "an existing file")
    size = path.stat().st_size
    if size > limits.max_table_bytes:
        raise IngestError.single(
            shown,
            f"a workbook of at most {_kb(limits.max_table_bytes)}",
            found=_kb(size),
        )
    if file_kind(path) != "xlsx":
        raise IngestError.single(
            shown, "an .xlsx workbook made from the survey template (not CSV, text or .xls)"
        )
    errors = ErrorCollector(shown, limit=max_errors)
    problems: tuple[Any, ...] = ()
    try:
        org, year, answers = _read_workbook(path, shown, limits, errors)
        errors.raise_if_any()
    except IngestError as exc:  # re-label the reader's own problems with the shown name
        problems = tuple(
            type(issue)(
                issue.file.replace(path.name, shown, 1)
                if issue.file.startswith(path.name)
                else issue.file,
                issue.row,
                issue.field,
                issue.expected,
                issue.found,
            )
            for issue in exc.issues
        )
    if problems:  # raised outside the handler: no reference to the workbook's frames
        raise IngestError(problems)
    assert org is not None
    assert year is not None
    return SurveyFile(shown, org, year, tuple(answers), sha256_file(path))


def _read_workbook(
    path: Path, shown: str, limits: Limits, errors: ErrorCollector
) -> tuple[str | None, int | None, list[AnswerRow]]:
    with open_tables(path, limits=limits) as tables:
        try:
            org, year = _read_response(_find(tables, SHEET_RESPONSE, shown), errors)
            answers = _read_answers(_find(tables, SHEET_ANSWERS, shown), errors)
        finally:  # close every sheet's reader, also one left half-read by an error
            for table in tables:
                table.rows.close()
    return org, year, answers
