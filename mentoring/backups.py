"""Backups of the whole portal: the database and the uploaded files (signed
orders, evidence, reports) in one timestamped folder, made and restored by
django-dbbackup (``pg_dump``/``pg_restore`` on PostgreSQL, SQLite's online
backup API on the embedded default).

One backup is a folder ``BACKUP_DIR/<YYYY-MM-DD-HHMMSS>/`` holding

- ``database.<ext>.gz`` (+ ``.metadata``, dbbackup's engine check),
- ``media.tar.gz``: every file of the media storage under its stored path
  (MEDIA_ROOT, or the S3 bucket with MEDIA_STORAGE=s3: read and written back
  through the storage API, so the archive itself is on this machine's disk),
- ``manifest.json``: when, which engine, the files' SHA-256 and sizes.

A backup is written into a hidden ``.partial`` folder first and renamed when
complete, so a failed run never becomes the "latest" one; restoring checks
the archives against the manifest before it touches the database.
"""

import datetime
import hashlib
import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dbbackup.db.base import get_connector
from dbbackup.db.sqlite import SqliteBackupConnector
from django.conf import settings
from django.core.management import call_command
from django.db import connection

STAMP_FORMAT = "%Y-%m-%d-%H%M%S"
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    database: Path
    media: Path
    manifest: dict

    @property
    def name(self) -> str:
        return self.folder.name


class SqliteOnlineConnector(SqliteBackupConnector):
    """dbbackup's SQLite connector, restoring through SQLite's online backup
    API into the open connection instead of overwriting the database file
    (which open connections, a journal or an in-memory database would not
    see). The dump is the same: a consistent copy made by the backup API."""

    def restore_dump(self, dump):
        with tempfile.NamedTemporaryFile(suffix=".sqlite3") as copy:
            shutil.copyfileobj(dump, copy)
            copy.flush()
            source = sqlite3.connect(copy.name)
            try:
                self.connection.ensure_connection()
                source.backup(self.connection.connection)
            finally:
                source.close()


def _prepare_media_root() -> None:
    """On disk the media folder must exist to be listed or written; an object
    store (MEDIA_STORAGE=s3) has no folder to make."""
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        Path(storage.location).mkdir(parents=True, exist_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_entry(path: Path) -> dict:
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)}


def _new_folder(backup_dir: Path) -> tuple[Path, Path]:
    """The final folder for a backup made now and the partial one to write to."""
    stamp = datetime.datetime.now().strftime(STAMP_FORMAT)
    name, n = stamp, 1
    while (backup_dir / name).exists():
        n += 1
        name = f"{stamp}-{n}"
    return backup_dir / name, backup_dir / f".{name}.partial"


def create_backup(*, backup_dir: Path | str | None = None) -> Backup:
    """Back up the database and the media files into a new folder of ``backup_dir``
    (default ``settings.BACKUP_DIR``). Raises BackupError (leaving no folder
    behind) when a dump fails, e.g. ``pg_dump`` is missing. Returns the backup.
    """
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    folder, partial = _new_folder(backup_dir)
    partial.mkdir(parents=True)
    try:
        db_file = partial / f"database.{get_connector('default').extension}.gz"
        call_command("dbbackup", "--noinput", "--compress", "--database", "default",
                     "--output-path", str(db_file), verbosity=0)
        _prepare_media_root()
        media_file = partial / MEDIA_ARCHIVE
        call_command("mediabackup", "--noinput", "--compress", "--output-path", str(media_file),
                     verbosity=0)
        manifest = {
            "created_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "engine": connection.settings_dict["ENGINE"],
            "database": _file_entry(db_file),
            "media": _file_entry(media_file),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial.rename(folder)
    except Exception as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"Backup failed: {error}") from error
    return _load(folder)


def list_backups(backup_dir: Path | str | None = None) -> list[Backup]:
    """The complete backups of ``backup_dir``, oldest first."""
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    if not backup_dir.is_dir():
        return []
    folders = sorted(p for p in backup_dir.iterdir()
                     if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file())
    return [_load(folder) for folder in folders]


def _load(folder: Path) -> Backup:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        database, media = folder / manifest["database"]["file"], folder / manifest["media"]["file"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{folder} is not a backup of the portal (no readable {MANIFEST}: {error})") from error
    return Backup(folder=folder, database=database, media=media, manifest=manifest)


def find_backup(name: str | None = None, *, backup_dir: Path | str | None = None) -> Backup:
    """The backup called ``name`` (a folder name in ``backup_dir`` or a path
    to a backup folder), or the latest one. Raises BackupError naming the
    folder searched and the backups there when there is none such."""
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    if name:
        for folder in (Path(name), backup_dir / name):
            if (folder / MANIFEST).is_file():
                return _load(folder)
        available = ", ".join(b.name for b in list_backups(backup_dir)) or "none"
        raise BackupError(f"No backup {name!r} in {backup_dir} (available: {available}).")
    backups = list_backups(backup_dir)
    if not backups:
        raise BackupError(f"No backup found in {backup_dir}: make one with `make backup` "
                          "or set BACKUP_DIR to the folder that holds them.")
    return backups[-1]


def verify_backup(backup: Backup) -> None:
    """Raise BackupError when an archive is missing or differs from the manifest."""
    for part in ("database", "media"):
        path = getattr(backup, part)
        if not path.is_file():
            raise BackupError(f"Backup {backup.name} is incomplete: {path.name} is missing.")
        if _sha256(path) != backup.manifest[part]["sha256"]:
            raise BackupError(f"Backup {backup.name} is damaged: {path.name} does not match "
                              f"the SHA-256 in its {MANIFEST}.")


def restore_backup(name: str | None = None, *, backup_dir: Path | str | None = None) -> Backup:
    """Restore the database and the media files from the backup ``name`` (default:
    the latest), replacing the database's tables and the files stored under
    the same paths; files absent from the backup are left alone. Checks the
    archives first. Raises BackupError (before touching anything when the
    backup is missing or damaged). Stop the web server and the worker first:
    on PostgreSQL the restore waits for their locks."""
    backup = find_backup(name, backup_dir=backup_dir)
    verify_backup(backup)
    engine = connection.settings_dict["ENGINE"]
    if backup.manifest.get("engine") != engine:
        raise BackupError(f"Backup {backup.name} is of {backup.manifest.get('engine')}, "
                          f"the portal runs on {engine}: restore it on the same kind of database.")
    try:
        connection.close()
        call_command("dbrestore", "--noinput", "--uncompress", "--database", "default",
                     "--input-path", str(backup.database), verbosity=0)
        connection.close()
        _prepare_media_root()
        call_command("mediarestore", "--noinput", "--uncompress", "--replace",
                     "--input-path", str(backup.media), verbosity=0)
    except Exception as error:
        raise BackupError(f"Restore of {backup.name} failed: {error}") from error
    return backup
