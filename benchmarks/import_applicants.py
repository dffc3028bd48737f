"""Benchmark: the whole applicant-list import against the raw limit.

    .venv/bin/python benchmarks/import_applicants.py [--rows 10000] [--memory-rows 60000] [--profile]

Generates a students' workbook of N rows in the shape colleges send (seed 000
stage 2: «Фамилия», «Имя», «Отчество», «Дата рождения», «Группа», «Курс», …) and,
in one run on a throwaway database:

* times the portal's import of it — the check a curator previews (parse,
  clean, validate, dedupe against the base) and the import she confirms (read
  again, validate again, dedupe, write participants, profiles, requests and
  consents, audit) — each as ``participants.services.importing`` runs it;
* times the raw limit on the same file: the same reader (``read_grid``), one
  ``Participant`` per row with ``full_clean()``, one ``bulk_create``;
* prints both, their ratio, the SQL queries of the confirmed import at 1,000
  and N rows, and the peak memory (ru_maxrss of a fresh process, Django and
  the libraries included) of ``import_files`` — check then import — of
  ``--memory-rows`` rows; with ``--profile``, the functions of the confirmed
  import by cumulative time (cProfile, top 40) as well.

The goals (issue 15): the confirmed import at most 2 × the stricter raw limit,
the same number of queries at both sizes on PostgreSQL, and under 500 MB at
60,000 rows.

The database is the one ``DATABASE_URL`` names (a new database ``bench_import_*``
is created beside it and dropped at the end) or, without it, a temporary SQLite
file. On SQLite Django splits bulk inserts into batches of 999 parameters, so
the query count there grows with the rows; PostgreSQL is the reference.
"""

import argparse
import datetime
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import drop_database, setup_django  # noqa: E402

SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев"]
NAMES = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья",
         "Кирилл", "Михаил", "Никита", "Матвей", "Роман", "Егор", "Арсений"]
PATRONYMICS = ["Александрович", "Дмитриевич", "Сергеевич", "Андреевич", "Алексеевич",
               "Игоревич", "Олегович", "Викторович", "Павлович", "Юрьевич"]
GROUPS = ["ГД-23-1", "ЭС-25-2", "ЭС-24-1", "ИС-22-1", "ТМ-23-2", "СВ-24-1", "ИС-25-1"]
SPECIALTIES = ["21.02.15 Открытые горные работы", "13.02.07 Электроснабжение",
               "09.02.07 Информационные системы и программирование"]
REQUESTS = ["спорт", "подготовка к олимпиаде", "трудоустройство", "повышение успеваемости",
            "участие в чемпионате «Профессионалы»", "проектная деятельность", "IT"]
HEADER = ["№", "Фамилия", "Имя", "Отчество", "Дата рождения", "Группа", "Курс",
          "Специальность", "Телефон", "E-mail", "Роль в программе", "Запрос / интересы",
          "Согласие на обработку ПДн"]


def workbook(rows: int, seed: int = 2026) -> bytes:
    """An .xlsx of ``rows`` distinct students (every 10th a mentor), written with
    openpyxl in write-only mode."""
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Заявки")
    sheet.append(HEADER)
    for number in range(1, rows + 1):
        # name and birth date together never repeat (the import would refuse a repeat)
        surname = SURNAMES[number % len(SURNAMES)]
        name = NAMES[number // len(SURNAMES) % len(NAMES)]
        patronymic = PATRONYMICS[number // (len(SURNAMES) * len(NAMES)) % len(PATRONYMICS)]
        block = number // (len(SURNAMES) * len(NAMES) * len(PATRONYMICS))
        born = datetime.date(2004, 1, 1) + datetime.timedelta(days=block * 73 % 1826)
        sheet.append([
            number, surname, name, patronymic, born,
            rng.choice(GROUPS), rng.randint(1, 4), rng.choice(SPECIALTIES),
            f"8 9{rng.randrange(10**9):09d}", f"student{number}@example.ru",
            "наставник" if number % 10 == 0 else "наставляемый",
            ", ".join(rng.sample(REQUESTS, rng.randint(1, 3))), "да",
        ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- database ----------------------------------------------------------------------


def fresh_organization(label: str):
    from mentoring.models import Organization
    from mentoring.services import ensure_reference_data

    ensure_reference_data()
    return Organization.objects.create(name=f"Колледж {label}", short_name=label)


# --- the two measurements ----------------------------------------------------------


def portal_import(data: bytes, label: str, *, profile: bool = False) -> dict:
    """The portal's import of ``data`` into a new organisation: check, then the
    confirmed import; seconds of each and the queries of the confirmed import
    (with ``profile``, under cProfile: its top functions printed, its time not
    comparable)."""
    import cProfile
    import pstats

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from participants.enums import ImportStatus
    from participants.services.importing import apply_import, preview_import

    organization = fresh_organization(label)
    started = time.perf_counter()
    preview = preview_import(
        organization=organization, uploaded_file=SimpleUploadedFile("list.xlsx", data), actor=None
    )
    checked = time.perf_counter()
    assert preview.status == ImportStatus.PREVIEW, preview.report.get("errors", [])[:3]
    preview.report = {}  # as import_files does: not kept while the list is written
    profiler = cProfile.Profile() if profile else None
    with CaptureQueriesContext(connection) as queries:
        if profiler:
            profiler.enable()
        applied = apply_import(preview, actor=None)
        if profiler:
            profiler.disable()
    done = time.perf_counter()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    assert applied.status == ImportStatus.APPLIED
    return {"check": checked - started, "apply": done - checked, "queries": len(queries),
            "created": applied.report["counts"]["create"]}


def raw_limit(data: bytes, label: str, *, exclude: tuple[str, ...] = ()) -> float:
    """The same reader, a Participant per row, ``full_clean`` each (without the
    fields in ``exclude``), one bulk_create."""
    from django.db import transaction

    from mentoring.enums import ParticipantCategory
    from participants.models import Participant
    from participants.services.spreadsheet import read_grid

    organization = fresh_organization(label)
    started = time.perf_counter()
    grid = read_grid(data, "xlsx")
    people = []
    for _number, v in grid.rows[1:]:
        born = v[4].date() if isinstance(v[4], datetime.datetime) else v[4]
        person = Participant(
            organization=organization, surname=v[1], name=v[2], patronymic=v[3], birth_date=born,
            study_group=v[5], course=int(v[6]), specialty=v[7], phone=v[8], email=v[9],
            category=ParticipantCategory.STUDENT,
        )
        person.full_clean(exclude=exclude)
        people.append(person)
    with transaction.atomic():
        Participant.objects.bulk_create(people)
    return time.perf_counter() - started


def memory_child(rows: int) -> None:
    """Run in a fresh process: import ``rows`` rows and print the peak RSS in MB."""
    path = Path(tempfile.mkdtemp(prefix="bench_import_")) / "list.xlsx"
    path.write_bytes(workbook(rows))
    dropped = setup_django("bench_import")
    try:
        from participants.services.importing import import_files

        (result,) = import_files(organization=fresh_organization("memory"), paths=[path])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{peak:.0f} {result.report['counts']['create']}")
    finally:
        drop_database(dropped, os.environ.get("BENCH_BASE_URL", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000, help="rows of the query-count check")
    parser.add_argument("--memory-rows", type=int, default=60_000)
    parser.add_argument("--profile", action="store_true", help="profile the confirmed import (cProfile)")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return

    base_url = os.environ.get("DATABASE_URL", "")
    os.environ["BENCH_BASE_URL"] = base_url
    dropped = setup_django("bench_import")
    from django.db import connection

    try:
        print(f"database: {connection.vendor}; rows: {args.rows}")
        big = workbook(args.rows)
        small = workbook(args.small, seed=7)
        portal_import(small, "warm-up")  # imports, caches, first queries
        raw = raw_limit(big, "raw")
        # full_clean checks the organisation's row exists with one query per row;
        # the stricter baseline leaves that check out
        strict = raw_limit(big, "raw-strict", exclude=("organization",))
        result = portal_import(big, "portal")
        small_result = portal_import(small, "small")
        if args.profile:
            portal_import(big, "profiled", profile=True)
    finally:
        drop_database(dropped, base_url)

    whole = result["check"] + result["apply"]
    print(f"raw limit (read + full_clean + bulk_create): {raw:7.2f} s")
    print(f"stricter raw limit (full_clean without its per-row organisation query): {strict:7.2f} s; "
          f"confirmed import / it: {result['apply'] / strict:.2f}")
    print(f"portal, confirmed import (parse, validate, dedupe, write, audit): "
          f"{result['apply']:7.2f} s   ratio {result['apply'] / raw:.2f}")
    print(f"portal, preview check before it:                 {result['check']:7.2f} s")
    print(f"portal, preview + confirmed import:              {whole:7.2f} s   ratio {whole / raw:.2f}")
    print(f"queries of the confirmed import: {small_result['queries']} at {args.small} rows, "
          f"{result['queries']} at {args.rows} rows")

    child = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(args.memory_rows)],
        capture_output=True, text=True, env={**os.environ, "DATABASE_URL": base_url},
    )
    if child.returncode != 0:
        print(child.stderr[-2000:], file=sys.stderr)
        sys.exit(child.returncode)
    peak, created = child.stdout.split()[-2:]
    print(f"peak memory importing {args.memory_rows} rows: {peak} MB ({created} created)")
    ratio = result["apply"] / strict
    print(f"goals: confirmed import / stricter raw limit {ratio:.2f} (≤ 2: {'met' if ratio <= 2 else 'NOT MET'}); "
          f"queries {small_result['queries']} = {result['queries']}: "
          f"{'met' if small_result['queries'] == result['queries'] else 'not equal'}; "
          f"peak {peak} MB (< 500: {'met' if float(peak) < 500 else 'NOT MET'})")


if __name__ == "__main__":
    main()
