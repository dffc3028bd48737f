"""python manage.py backup — the database and the uploaded files into a new
timestamped folder of BACKUP_DIR (mentoring/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from mentoring.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the media files into a new folder of BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--backup-dir", help="Folder of the backups (default: BACKUP_DIR).")

    def handle(self, *args, **options):
        try:
            backup = create_backup(backup_dir=options["backup_dir"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.manifest
        self.stdout.write(self.style.SUCCESS(f"Backup {backup.name} written to {backup.folder}"))
        for part in ("database", "media"):
            entry = manifest[part]
            self.stdout.write(f"  {entry['file']}: {entry['bytes']} bytes, sha256 {entry['sha256']}")
