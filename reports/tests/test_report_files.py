"""The stored files of a report after a build that was killed half-way
(reports/services/report_files.py; issue 13): the next build leaves exactly
the report's one PDF and one XLSX, and touches no other report's files."""

import pytest
from django.core.files.base import ContentFile

from mentoring.models import AcademicYear
from reports.enums import JobStatus, ReportKind
from reports.models import Report
from reports.renderers.annual import file_stem
from reports.services.annual import build_report
from reports.services.report_files import remove_stray_files, report_file_names
from reports.tasks import task_build_report

from .conftest import make_pair


@pytest.fixture
def report(organization, alice, bob):
    year = AcademicYear.current()
    make_pair(organization, year, mentor=alice.participant.mentor_profile,
              mentees=[bob.participant.mentee_profile])
    return Report.objects.create(organization=organization, academic_year=year,
                                 kind=ReportKind.ANNUAL)


def _files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in (root / "reports").rglob("*") if p.is_file())


def test_the_stored_names_belong_to_the_report(report):
    built = build_report(report)

    assert built.status == JobStatus.DONE
    stem = "annual-%s-%d" % (report.academic_year.title.replace("/", "-"), report.pk)
    assert file_stem(report) == stem
    assert built.pdf.name.rsplit("/", 1)[1] == stem + ".pdf"
    assert report_file_names(built) == sorted([built.pdf.name, built.xlsx.name])


def test_the_build_after_a_killed_one_leaves_one_pdf_and_one_xlsx(
    report, other_organization, settings
):
    first = build_report(report)
    other = Report.objects.create(organization=other_organization,
                                  academic_year=report.academic_year, kind=ReportKind.ANNUAL)
    other = build_report(other)
    # a build killed after storing its PDF: the file is there, the row points elsewhere
    storage = first.pdf.storage
    folder = first.pdf.name.rsplit("/", 1)[0]
    half = storage.save("%s/%s.pdf" % (folder, file_stem(first)), ContentFile(b"%PDF-1.7 half"))
    assert half != first.pdf.name  # the storage added a suffix
    Report.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING, progress=90)

    task_build_report.apply(kwargs={"report_id": first.pk})

    again = Report.objects.get(pk=first.pk)
    assert (again.status, again.progress) == (JobStatus.DONE, 100)
    assert not storage.exists(half) and not storage.exists(first.pdf.name)
    assert _files(settings) == sorted(
        [again.pdf.name, again.xlsx.name, other.pdf.name, other.xlsx.name]
    )


def test_nothing_to_remove_without_a_reports_folder(report):
    assert remove_stray_files(report) == []
