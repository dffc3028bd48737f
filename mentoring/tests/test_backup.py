"""Backup and restore (mentoring/backups.py, `make backup` / `make restore`):
a college with a signed order is backed up, the database and MEDIA_ROOT are
wiped, and the restore brings back every participant, pair and signed order,
the order's PDF byte for byte. Runs on the database of the leg: SQLite
(online backup API) or PostgreSQL (pg_dump/pg_restore)."""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from mentoring.backups import BackupError, create_backup, list_backups, restore_backup
from mentoring.enums import Role
from mentoring.tests.factories import (
    MembershipFactory,
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
)
from pairs.enums import PairStatus
from pairs.models import Pair
from participants.models import Participant
from reports.models import Order
from reports.services.orders import approve_pairs_by_order, verify_order_file

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = "evidence/2026/meeting-photo.jpg"


@pytest.fixture
def backup_dir(tmp_path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def college(organization):
    """Participants, a pair and a group approved by a signed order (its PDF
    stored with the SHA-256), and an evidence file in MEDIA_ROOT."""
    director = UserFactory(username="head")
    MembershipFactory(user=director, organization=organization, role=Role.DIRECTOR)

    def person(surname, **fields):
        return ParticipantFactory(organization=organization, surname=surname, **fields)

    pairs = [
        PairFactory(organization=organization, status=PairStatus.PROPOSED,
                    mentor=MentorFactory(participant=person("Ковалёва", name="Ирина")),
                    mentees=[MenteeFactory(participant=person("Молодцов", category="young_specialist"))]),
        PairFactory(organization=organization, status=PairStatus.PROPOSED,
                    mentor=MentorFactory(participant=person("Лебедев", name="Олег")),
                    mentees=[MenteeFactory(participant=person("Ёлкина", category="student")),
                             MenteeFactory(participant=person("Щукин", category="student"))]),
    ]
    order = approve_pairs_by_order(organization=organization, pairs=pairs, actor=director)
    order.refresh_from_db()
    assert order.file and order.sha256
    default_storage.save(EVIDENCE, ContentFile(b"\xff\xd8 photo of the meeting"))
    return order


def _snapshot():
    return {
        "participants": sorted(Participant.objects.values_list("pk", "surname", "name", "consent_status")),
        "pairs": sorted((p.pk, p.status, p.mentor_id, tuple(sorted(p.mentees.values_list("pk", flat=True))),
                         p.order_id) for p in Pair.objects.all()),
        "orders": sorted(Order.objects.values_list("pk", "number", "status", "sha256", "file")),
        # every stored file (the order's PDF and DOCX, the evidence) by path
        "media": {str(path.relative_to(settings.MEDIA_ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
                  for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()},
    }


def _wipe():
    """Drop every table (as on a new machine) and delete MEDIA_ROOT."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert "participants_participant" not in connection.introspection.table_names()
    shutil.rmtree(settings.MEDIA_ROOT)


@pytest.fixture
def wipe():
    """The wipe, and the schema made again after a failed test so that the next
    tests find their tables."""
    yield _wipe
    if "participants_participant" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


def _assert_restored(before, order):
    assert _snapshot() == before
    restored = Order.objects.get(pk=order.pk)
    stored = Path(settings.MEDIA_ROOT) / restored.file.name
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == order.sha256
    assert verify_order_file(restored) is True
    assert (Path(settings.MEDIA_ROOT) / EVIDENCE).read_bytes() == b"\xff\xd8 photo of the meeting"


def test_backup_wipe_restore_finds_everything_again(college, backup_dir, wipe):
    before = _snapshot()
    assert len(before["participants"]) == 5 and len(before["pairs"]) == 2
    assert college.file.name in before["media"] and EVIDENCE in before["media"]
    call_command("backup", "--backup-dir", str(backup_dir))
    [backup] = list_backups(backup_dir)
    assert backup.database.name.startswith("database.") and backup.database.name.endswith(".gz")
    assert backup.manifest["engine"] == connection.settings_dict["ENGINE"]

    wipe()
    call_command("restore", "--noinput", "--backup-dir", str(backup_dir))

    _assert_restored(before, college)


def test_restore_takes_the_latest_or_the_named_backup(college, backup_dir, wipe):
    first = create_backup(backup_dir=backup_dir)
    Participant.objects.filter(surname="Щукин").update(surname="Щукин-Новый")
    latest = create_backup(backup_dir=backup_dir)
    assert [b.name for b in list_backups(backup_dir)] == [first.name, latest.name]

    wipe()
    restore_backup(first.name, backup_dir=backup_dir)
    assert Participant.objects.filter(surname="Щукин").exists()
    restore_backup(backup_dir=backup_dir)
    assert list(Participant.objects.filter(surname__startswith="Щукин").values_list("surname", flat=True)) == [
        "Щукин-Новый"]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(college, backup_dir):
    backup = create_backup(backup_dir=backup_dir)
    with backup.media.open("r+b") as archive:
        archive.seek(20)
        archive.write(b"garbage")
    Participant.objects.filter(surname="Щукин").delete()

    with pytest.raises(BackupError, match="is damaged: media.tar.gz"):
        restore_backup(backup_dir=backup_dir)
    assert not Participant.objects.filter(surname="Щукин").exists()


def test_restore_without_a_backup_says_so(db, backup_dir):
    with pytest.raises(CommandError, match=f"No backup found in {backup_dir}"):
        call_command("restore", "--noinput", "--backup-dir", str(backup_dir))
    backup_dir.mkdir()
    (backup_dir / "2026-01-01-000000").mkdir()  # not a backup: no manifest
    with pytest.raises(CommandError, match="No backup 'nonesuch' .*available: none"):
        call_command("restore", "nonesuch", "--noinput", "--backup-dir", str(backup_dir))


def _make(target: str, backup_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BACKUP_DIR": str(backup_dir), "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
        env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return subprocess.run(["make", "-s", target, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_make_restore_without_a_backup_says_so(db, backup_dir):
    result = _make("restore", backup_dir)
    assert result.returncode != 0
    assert f"No backup found in {backup_dir}" in result.stderr


def test_make_backup_and_make_restore(college, backup_dir, wipe):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database lives in memory, out of reach of `make`")
    before = _snapshot()
    connection.close()
    backup = _make("backup", backup_dir)
    assert backup.returncode == 0, backup.stderr
    [made] = list_backups(backup_dir)
    assert f"Backup {made.name} written" in backup.stdout

    wipe()
    connection.close()
    restore = _make("restore", backup_dir, f"BACKUP={made.name}")
    assert restore.returncode == 0, restore.stderr
    assert f"Restored backup {made.name}" in restore.stdout

    _assert_restored(before, college)


def test_a_failed_backup_leaves_nothing_to_restore(db, backup_dir, monkeypatch):
    import mentoring.backups

    real = mentoring.backups.call_command

    def media_fails(name, *args, **kwargs):
        if name == "mediabackup":
            raise OSError("disk full")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(mentoring.backups, "call_command", media_fails)
    with pytest.raises(BackupError, match="Backup failed: disk full"):
        create_backup(backup_dir=backup_dir)
    assert list(backup_dir.iterdir()) == [] and list_backups(backup_dir) == []
