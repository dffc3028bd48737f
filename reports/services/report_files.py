"""The stored files of a built report (issue 13, the worker-kill test).

A build writes the PDF, then the XLSX, then points the Report row at them. A
worker killed between those steps leaves a file no row points at; the next build
of the same report (the job is delivered again) writes its own. Every file of a
report is named after the report (``renderers.annual.file_stem``: kind, year and
pk; the storage may add ``_<7 characters>`` when the name is taken), so once a
build has stored its files ``remove_stray_files`` deletes every other file of
that report — the previous build's and any a killed build left behind.
"""

import logging
import re

from ..models import Report

logger = logging.getLogger(__name__)

# upload_to of Report.pdf and Report.xlsx is "reports/%Y/"
REPORTS_DIR = "reports"
EXTENSIONS = ("pdf", "xlsx")


def report_file_names(report: Report) -> list[str]:
    """Storage names of every file of ``report`` under ``reports/<year>/``,
    sorted, whether the row points at them or not."""
    from ..renderers.annual import file_stem

    storage = report.pdf.storage
    pattern = re.compile(
        r"{stem}(_[A-Za-z0-9]{{7}})?\.({ext})".format(
            stem=re.escape(file_stem(report)), ext="|".join(EXTENSIONS)
        )
    )
    names = []
    # no exists() on the folder: an object store has no folders (S3 answers False
    # for "reports" with files under it) and lists a missing prefix as empty
    try:
        folders = storage.listdir(REPORTS_DIR)[0]
    except FileNotFoundError:  # on disk, before the first report
        return []
    for folder in folders:
        for name in storage.listdir(f"{REPORTS_DIR}/{folder}")[1]:
            if pattern.fullmatch(name):
                names.append(f"{REPORTS_DIR}/{folder}/{name}")
    return sorted(names)


def remove_stray_files(report: Report) -> list[str]:
    """Delete the files of ``report`` its row does not point at; returns their
    names. Call after the row is saved with the new build's files."""
    keep = {report.pdf.name, report.xlsx.name}
    removed = [name for name in report_file_names(report) if name not in keep]
    for name in removed:
        try:
            report.pdf.storage.delete(name)
        except OSError:
            logger.warning("could not remove %s, a stray file of report %s", name, report.pk)
    if removed:
        logger.info("report %s: removed files of earlier builds %s", report.pk, removed)
    return removed
