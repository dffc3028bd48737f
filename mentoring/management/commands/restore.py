"""python manage.py restore [NAME] — the database and the uploaded files from
the latest backup of BACKUP_DIR or the one named (mentoring/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from mentoring.backups import BackupError, find_backup, restore_backup


class Command(BaseCommand):
    help = ("Restore the database and the media files from a backup (default: the latest "
            "in BACKUP_DIR). Replaces the database's contents: stop the server and the worker first.")

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Backup folder name (or path); default: the latest.")
        parser.add_argument("--backup-dir", help="Folder of the backups (default: BACKUP_DIR).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        try:
            backup = find_backup(options["name"], backup_dir=options["backup_dir"])
            if options["interactive"] and not self._confirmed(backup):
                self.stdout.write("Restore cancelled.")
                return
            restore_backup(str(backup.folder))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored backup {backup.name} ({backup.manifest['created_at']}) from {backup.folder}"))

    def _confirmed(self, backup) -> bool:
        answer = input(f"Replace the database and media with backup {backup.name} "
                       f"({backup.manifest['created_at']})? [y/N] ")
        return answer.strip().lower() in ("y", "yes")
