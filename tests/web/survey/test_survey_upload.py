"""The XLSX template downloaded from the response page and uploaded back."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ecc_atlas.web.accounts.models import AuditEvent
from ecc_atlas.web.survey.models import SurveyAnswer, SurveyResponse

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, year: int, org: Any) -> str:
    return reverse(name, kwargs={"year": year, "org_number": org.org_number})


def _filled(template: bytes, rows: list[list[Any]]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book["answers"]
    for r in range(2, sheet.max_row + 1):
        for c in range(1, 8):
            sheet.cell(r, c).value = None
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(2 + offset, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: Client, url: str, data: bytes, *, submit: bool = False) -> Any:
    payload: dict[str, Any] = {"file": SimpleUploadedFile("svar.xlsx", data)}
    if submit:
        payload["submit"] = "on"
    return client.post(url, payload)


def test_template_upload_round_trip(member_a: Any, org_a: Any, open_round: Any) -> None:
    client = _client(member_a)
    template = client.get(_url("survey-template", open_round.year, org_a))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert org_a.org_number in template["Content-Disposition"]
    data = _filled(
        template.content,
        [
            ["2143", 5, 6, 2, 4, "Reläskydd", "relay_protection"],
            ["7411", 3, 3, 1, 3, None, None],
        ],
    )
    done = _upload(client, _url("survey-upload", open_round.year, org_a), data)
    assert done.status_code == 302
    response = SurveyResponse.objects.get(round=open_round, organisation=org_a)
    assert response.status == "draft"
    assert response.channel == "xlsx"
    assert sorted(response.answers.values_list("ssyk", "horizon_years")) == [
        ("2143", 5),
        ("7411", 3),
    ]
    assert AuditEvent.objects.filter(action="data.import", details__importer="survey").exists()
    # download again: the current answers come back in the template; re-upload replaces
    again = client.get(_url("survey-template", open_round.year, org_a)).content
    sheet = openpyxl.load_workbook(io.BytesIO(again))["answers"]
    assert [sheet.cell(2, c).value for c in range(1, 8)] == [
        "2143", 5, 6, 2, 4, "Reläskydd", "relay_protection"
    ]  # fmt: skip
    replaced = _filled(again, [["2512", 1, 1, 0, 2]])
    assert (
        _upload(
            client, _url("survey-upload", open_round.year, org_a), replaced, submit=True
        ).status_code
        == 302
    )
    response.refresh_from_db()
    assert response.status == "submitted"
    assert response.submitted_by == member_a
    assert list(response.answers.values_list("ssyk", flat=True)) == ["2512"]


@pytest.mark.parametrize(
    ("rows", "shown"),
    [
        ([["2143", 5, 6, 2, 4], ["9999", 5, 1, 0, 3]], "row 3, field &#x27;answers.ssyk&#x27;"),
        ([["2143", 5, 6, 2, 4], ["2143", 5, 1, 0, 3]], "row 2 has 2143, 5 years already"),
        ([["2143", 5, "=1+1", 2, 4]], "not a formula"),
        ([["2143", 5, "sex", 2, 4]], "whole number"),
    ],
)
def test_bad_upload_changes_nothing(
    member_a: Any, org_a: Any, open_round: Any, rows: list[list[Any]], shown: str
) -> None:
    client = _client(member_a)
    url = _url("survey-upload", open_round.year, org_a)
    template = client.get(_url("survey-template", open_round.year, org_a)).content
    _upload(client, url, _filled(template, [["2512", 1, 1, 0, 2]]))
    page = _upload(client, url, _filled(template, rows), submit=True)
    assert page.status_code == 400
    text = page.content.decode()
    assert shown in text
    assert "svar.xlsx" in text
    assert list(SurveyAnswer.objects.values_list("ssyk", flat=True)) == ["2512"]
    assert SurveyResponse.objects.get(organisation=org_a).status == "draft"


def test_upload_of_another_organisations_file_is_refused(
    member_a: Any, org_a: Any, org_b: Any, analyst: Any, open_round: Any
) -> None:
    staff = _client(analyst)
    b_template = staff.get(_url("survey-template", open_round.year, org_b)).content
    data = _filled(b_template, [["2143", 5, 6, 2, 4]])
    page = _upload(_client(member_a), _url("survey-upload", open_round.year, org_a), data)
    assert page.status_code == 400
    assert "not " + org_a.org_number in page.content.decode()
    assert "download the template on this page" in page.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_non_xlsx_and_oversized_uploads(member_a: Any, org_a: Any, open_round: Any) -> None:
    client = _client(member_a)
    url = _url("survey-upload", open_round.year, org_a)
    text = "ssyk;horizon_years\n2143;5\nR\xe4l\xe4\n".encode("cp1252")
    page = _upload(client, url, text)
    assert page.status_code == 400
    assert ".xlsx workbook" in page.content.decode()
    big = b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024 + 10)
    page = _upload(client, url, big)
    assert page.status_code == 400
    assert "larger than 5 MB" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_upload_to_closed_round_is_refused(member_a: Any, org_a: Any, open_round: Any) -> None:
    client = _client(member_a)
    template = client.get(_url("survey-template", open_round.year, org_a)).content
    open_round.status = "closed"
    open_round.save()
    page = _upload(
        client, _url("survey-upload", open_round.year, org_a),
        _filled(template, [["2143", 5, 6, 2, 4]]),
    )  # fmt: skip
    assert page.status_code == 409
    assert not SurveyAnswer.objects.exists()
