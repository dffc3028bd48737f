"""Export of the bases to XLSX and CSV: formula injection neutralised in every
cell, exactly the filtered people, hidden personal data of minors, the
organisation's people only, audited (issue 3 item 9)."""

import csv
import datetime
import io

import openpyxl
import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from mentoring.selectors import audit_events, event_data
from mentoring.tests.factories import MenteeFactory, MentorFactory, ParticipantFactory
from participants.enums import ConsentStatus
from participants.models import Mentee, MenteeRequest, Mentor
from participants.selectors import mentees_visible_to, mentors_visible_to
from participants.services.exporting import FORMULA_TRIGGERS, export_base, neutralise

pytestmark = pytest.mark.django_db

MENTOR_EXPORT = reverse("participants:mentor_export")
MENTEE_EXPORT = reverse("participants:mentee_export")

HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "+7 (999) 000-00-00",
    "-1",
    "@SUM(1)",
    "\tcmd",
    "\rcmd",
    "\ncmd",
    "＝1",
    "＋1",
    "－1",
    "＠SUM(1)",
    "  =1+1",
    "\u00a0=1",
    "\ufeff=1",
    "==1",
    "=cmd|' /C calc'!A0",
]


def _dangerous(value) -> bool:
    """Whether a cell value read back could start a formula."""
    if not isinstance(value, str) or not value:
        return False
    return value[0] in FORMULA_TRIGGERS or value.lstrip().lstrip("\ufeff")[:1] in FORMULA_TRIGGERS


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _read_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def _read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def _hostile_people(organization):
    """One mentor and one mentee per hostile value, in every text field."""
    for index, value in enumerate(HOSTILE):
        participant = ParticipantFactory(
            organization=organization, surname=value, name=value, patronymic=value,
            study_group=value[:50], specialty=value, position=value, employer=value,
            phone=value[:20],  # the model's lengths: PostgreSQL enforces them
            email=value, birth_date=datetime.date(1980, 1, 1) + datetime.timedelta(days=index),
        )
        MentorFactory(participant=participant, competencies=value, interests=value,
                      life_experience=value)
        mentee = MenteeFactory(participant=participant)
        MenteeRequest.objects.create(mentee=mentee, text=value)


@pytest.mark.parametrize("value", HOSTILE)
def test_neutralise_prefixes_every_formula_trigger(value):
    assert neutralise(value) == "'" + value
    assert neutralise(neutralise(value)) == "'" + value  # idempotent


@pytest.mark.parametrize("value", ["Иванов", "ИС-22-1", "a=b", "", None, 5, -3, 1.5,
                                   datetime.date(2000, 1, 2), "'=already"])
def test_neutralise_leaves_other_values_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("url", [MENTOR_EXPORT, MENTEE_EXPORT])
def test_hostile_values_are_neutralised_in_xlsx(curator_client, organization, url):
    _hostile_people(organization)
    response = curator_client.get(url, {"file_format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = _read_xlsx(response.content)
    assert len(rows) == 1 + len(HOSTILE)
    texts = []
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.value
            assert not _dangerous(cell.value), repr(cell.value)
            if isinstance(cell.value, str):
                texts.append(cell.value)
    # the values are kept, quoted — not deleted or altered
    for value in HOSTILE:
        assert "'" + value.replace("\r", "\n") in texts or "'" + value in texts
    # dates stay real dates
    birth_column = [c.value for c in rows[0]].index("Дата рождения")
    assert rows[1][birth_column].is_date


@pytest.mark.parametrize("url", [MENTOR_EXPORT, MENTEE_EXPORT])
def test_hostile_values_are_neutralised_in_csv(curator_client, organization, url):
    _hostile_people(organization)
    response = curator_client.get(url, {"file_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _read_csv(response.content)
    assert len(rows) == 1 + len(HOSTILE)
    for row in rows:
        for field in row:
            assert not _dangerous(field), repr(field)
    fields = {field for row in rows for field in row}
    assert "'@SUM(1)" in fields and "'==1" in fields and "'\tcmd" in fields
    # dates as dd.mm.yyyy text
    birth_column = rows[0].index("Дата рождения")
    assert {row[birth_column] for row in rows[1:]} == {
        (datetime.date(1980, 1, 1) + datetime.timedelta(days=i)).strftime("%d.%m.%Y")
        for i in range(len(HOSTILE))
    }


def test_headers_are_neutralised_too(organization, monkeypatch):
    from participants.resources import MentorExportResource

    monkeypatch.setattr(MentorExportResource.fields["full_name"], "column_name", "=Ф.И.О.")
    MentorFactory(participant=ParticipantFactory(organization=organization))
    queryset = Mentor.objects.select_related("participant")
    csv_rows = _read_csv(export_base(queryset, kind="mentors", file_format="csv").content)
    assert csv_rows[0][0] == "'=Ф.И.О."
    header = _read_xlsx(export_base(queryset, kind="mentors", file_format="xlsx").content)[0][0]
    assert header.value == "'=Ф.И.О." and header.data_type == "s"


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_holds_exactly_the_filtered_people(curator_client, organization, file_format):
    for surname, category in (("Педагогов", "teacher"), ("Учителев", "teacher"),
                              ("Студентов", "student"), ("Работодателев", "employer_rep")):
        MentorFactory(participant=ParticipantFactory(organization=organization, surname=surname,
                                                     category=category))
    response = curator_client.get(MENTOR_EXPORT, {"file_format": file_format, "category": "teacher",
                                                  "page": 2})
    if file_format == "csv":
        names = [row[0] for row in _read_csv(response.content)[1:]]
    else:
        names = [row[0].value for row in _read_xlsx(response.content)[1:]]
    assert names == ["Педагогов Иван Иванович", "Учителев Иван Иванович"]
    searched = curator_client.get(MENTOR_EXPORT, {"file_format": "csv", "q": "студ"})
    assert [row[0] for row in _read_csv(searched.content)[1:]] == ["Студентов Иван Иванович"]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_minor_without_consent_personal_data_never_exported(curator_client, organization, file_format):
    birth = timezone.localdate().replace(day=1) - datetime.timedelta(days=365 * 15)
    minor = ParticipantFactory(
        organization=organization, surname="Несовершеннов", category="pupil", birth_date=birth,
        phone="+7 (913) 555-44-33", email="minor-secret@example.ru",
        consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED,
    )
    MentorFactory(participant=minor)
    MenteeFactory(participant=minor)
    with_consent = ParticipantFactory(
        organization=organization, surname="Согласнов", category="pupil",
        birth_date=birth - datetime.timedelta(days=40),
        phone="+7 (913) 777-88-99", email="minor-ok@example.ru", consent_status=ConsentStatus.GIVEN,
    )
    MenteeFactory(participant=with_consent)
    for url in (MENTOR_EXPORT, MENTEE_EXPORT):
        content = curator_client.get(url, {"file_format": file_format}).content
        if file_format == "csv":
            rows = _read_csv(content)
            header, cells = rows[0], [value for row in rows[1:] for value in row]
            minor_row = next(row for row in rows if row[0].startswith("Несовершеннов"))
        else:
            rows = [[c.value for c in row] for row in _read_xlsx(content)]
            header, cells = rows[0], [value for row in rows[1:] for value in row]
            minor_row = next(row for row in rows if str(row[0]).startswith("Несовершеннов"))
        for secret in ("555-44-33", "minor-secret", birth.strftime("%d.%m.%Y")):
            assert not any(secret in str(value) for value in cells), secret
        assert not any(value == birth or getattr(value, "date", lambda: None)() == birth
                       for value in minor_row)
        for column in ("Телефон", "E-mail", "Дата рождения"):
            assert minor_row[header.index(column)] not in ("", None)  # a placeholder, not a blank
    # a minor with the representative's consent is exported as is
    mentees = _read_csv(curator_client.get(MENTEE_EXPORT, {"file_format": "csv"}).content)
    assert any("minor-ok@example.ru" in row for row in mentees)


def test_other_organisations_people_never_exported(client, curator, charlie, organization, other_organization):
    MentorFactory(participant=ParticipantFactory(organization=organization, surname="Свой"))
    MenteeFactory(participant=ParticipantFactory(organization=organization, surname="Своя"))
    MentorFactory(participant=ParticipantFactory(organization=other_organization, surname="Чужой"))
    client.force_login(curator)
    for url in (MENTOR_EXPORT, MENTEE_EXPORT):
        text = client.get(url, {"file_format": "csv"}).content.decode("utf-8-sig")
        assert "Чужой" not in text
    client.force_login(charlie)
    for url in (MENTOR_EXPORT, MENTEE_EXPORT):
        text = client.get(url, {"file_format": "csv"}).content.decode("utf-8-sig")
        assert "Свой" not in text and "Своя" not in text
    assert "Чужой" in client.get(MENTOR_EXPORT, {"file_format": "csv"}).content.decode("utf-8-sig")


def test_mentors_and_mentees_may_not_export(client, alice, bob):
    for user in (alice, bob):
        client.force_login(user)
        for url in (MENTOR_EXPORT, MENTEE_EXPORT):
            assert client.get(url, {"file_format": "csv"}).status_code == 403
    assert not audit_events("participants.base.exported").exists()


def test_export_requires_login(client):
    response = client.get(MENTOR_EXPORT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_export_is_audited(curator_client, curator, organization):
    for i in range(3):
        MenteeFactory(participant=ParticipantFactory(organization=organization, category="student",
                                                     surname=f"Ученик{i}"))
    MenteeFactory(participant=ParticipantFactory(organization=organization, category="teacher"))
    curator_client.get(MENTEE_EXPORT, {"file_format": "csv", "category": "student"})
    entry = audit_events("participants.base.exported").get()
    assert entry.actor == curator and entry.additional_data["organization_id"] == organization.pk
    assert event_data(entry) == {"kind": "mentees", "format": "csv", "rows": 3,
                          "criteria": {"category": "student"}}


def test_unknown_format_goes_back_to_the_list_with_a_message(curator_client, organization):
    MentorFactory(participant=ParticipantFactory(organization=organization))
    response = curator_client.get(MENTOR_EXPORT, {"file_format": "pdf", "category": "teacher", "page": 2})
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:mentor_list") + "?category=teacher"
    page = curator_client.get(response["Location"])
    assert "XLSX" in page.content.decode()  # the message names the formats
    assert len(list(page.context["messages"])) == 1
    assert not audit_events("participants.base.exported").exists()
    # no format at all: XLSX
    response = curator_client.get(MENTOR_EXPORT)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')


def test_export_reads_the_base_in_few_queries(curator_client, organization, django_assert_max_num_queries):
    for i in range(30):
        mentee = MenteeFactory(participant=ParticipantFactory(organization=organization))
        MenteeRequest.objects.create(mentee=mentee, text=f"запрос {i}")
        MentorFactory(participant=ParticipantFactory(organization=organization))
    with django_assert_max_num_queries(12):
        assert curator_client.get(MENTEE_EXPORT, {"file_format": "xlsx"}).status_code == 200
    with django_assert_max_num_queries(12):
        assert curator_client.get(MENTOR_EXPORT, {"file_format": "csv"}).status_code == 200


def test_service_refuses_unknown_kind_or_format(organization):
    with pytest.raises(ValueError):
        export_base(Mentee.objects.none(), kind="pairs", file_format="csv")
    with pytest.raises(ValueError):
        export_base(Mentee.objects.none(), kind="mentees", file_format="pdf")


def test_service_exports_the_selectors_querysets(curator, organization):
    MentorFactory(
        participant=ParticipantFactory(organization=organization, surname="Наставников",
                                       study_group="ИС-22-1", course=2, employer="ООО «Шахта»"),
        capacity=4, competencies="робототехника", interests="шахматы",
    )
    exported = export_base(mentors_visible_to(curator), kind="mentors", file_format="csv")
    header, row = _read_csv(exported.content)
    assert row[0] == "Наставников Иван Иванович"
    values = dict(zip(header, row))
    assert values["Наставляемых не более"] == "4"
    assert (values["Учебная группа"], values["Курс"], values["Организация"]) == ("ИС-22-1", "2", "ООО «Шахта»")
    assert (values["Компетенции"], values["Интересы"]) == ("робототехника", "шахматы")
    assert exported.filename.startswith("mentors-") and exported.filename.endswith(".csv")
    assert exported.rows == 1
    assert export_base(mentees_visible_to(curator), kind="mentees", file_format="xlsx").rows == 0


def test_import_export_own_escaping_is_not_enough(settings):
    """Why the service does not rely on IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT
    (see the docstring of services.exporting)."""
    from import_export.formats.base_formats import CSV

    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
    dataset = tablib.Dataset(["==1", "@SUM(1)", "+cmd"], headers=["=header", "b", "c"])
    written = CSV().export_data(dataset)
    rows = list(csv.reader(io.StringIO(written)))
    assert rows[0][0] == "=header"  # headers untouched
    assert rows[1] == ["=1", "@SUM(1)", "+cmd"]  # still formulas


def test_xlsx_writer_types_text_as_strings_even_unneutralised():
    """Defence in depth: text is never a formula cell, even if it escaped
    neutralise (openpyxl makes any str starting with «=» a formula)."""
    from participants.services.exporting import write_xlsx

    dataset = tablib.Dataset(["=1+1", "a\x01b", 7, None, datetime.date(2001, 2, 3)],
                             headers=["=h", "b", "c", "d", "e"])
    rows = _read_xlsx(write_xlsx(dataset, title="Лист"))
    assert [(c.value, c.data_type) for c in rows[0]][:2] == [("=h", "s"), ("b", "s")]
    text, control, number, empty, date = rows[1]
    assert (text.value, text.data_type) == ("=1+1", "s")
    assert control.value == "a\ufffdb"  # a character XML cannot hold, replaced rather than a 500
    assert number.value == 7 and number.data_type == "n"
    assert empty.value is None
    assert date.is_date and date.value.date() == datetime.date(2001, 2, 3)
    assert date.number_format == "DD.MM.YYYY"
