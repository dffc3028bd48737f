"""``manage.py import_applicants FILE... [--organization ID|SHORT_NAME]``: import
applicant lists (.xlsx, .xls, .ods, .csv) into the mentor and mentee bases (seed 000 stages 2–3)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mentoring.models import Organization
from participants.enums import ImportStatus
from participants.services.importing import ImportRefused, import_files


class Command(BaseCommand):
    help = "Import applicant lists (.xlsx, .xls, .ods, .csv) into the mentor and mentee bases."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="applicant lists (.xlsx, .xls, .ods, .csv)")
        parser.add_argument(
            "--organization",
            help="organisation id or short name (default: the only organisation)",
        )

    def handle(self, *args, files, organization=None, **options):
        org = self._organization(organization)
        failed = 0
        for path in files:
            try:
                (result,) = import_files(organization=org, paths=[path])
            except ImportRefused as exc:
                self.stderr.write(exc.message)
                failed += 1
                continue
            except FileNotFoundError:
                self.stderr.write(_("%(file)s: no such file.") % {"file": path})
                failed += 1
                continue
            failed += self._report(path, result)
        if failed:
            raise CommandError(
                _("%(failed)s of %(total)s file(s) were not imported; nothing was saved from them.")
                % {"failed": failed, "total": len(files)}
            )

    def _report(self, path: str, result) -> int:
        if result.status == ImportStatus.NEEDS_MAPPING:
            self.stderr.write(_(
                "%(file)s: %(message)s Map the columns on the import page in the browser, "
                "or save a mapping there once for lists with these titles."
            ) % {"file": path, "message": result.message})
            return 1
        counts = result.report["counts"]
        line = _(
            "%(file)s: created %(create)s, updated %(update)s, unchanged %(unchanged)s "
            "(mentors %(mentors)s, mentees %(mentees)s), errors %(errors)s"
        ) % {"file": path, **counts}
        if result.status == ImportStatus.APPLIED:
            self.stdout.write(self.style.SUCCESS(line))
            return 0
        self.stderr.write(line)
        for error in result.errors:
            self.stderr.write(
                _("  row %(row)s, column «%(column)s»: %(message)s") % error
            )
        return 1

    def _organization(self, value: str | None) -> Organization:
        if value is None:
            organizations = list(Organization.objects.all()[:2])
            if len(organizations) == 1:
                return organizations[0]
            raise CommandError(_(
                "Name the organisation with --organization (its id or short name): "
                "there are %(count)s organisations."
            ) % {"count": Organization.objects.count()})
        queryset = Organization.objects.filter(short_name=value)
        if value.isdigit():
            queryset = Organization.objects.filter(pk=int(value)) | queryset
        found = list(queryset[:2])
        if len(found) != 1:
            raise CommandError(
                _("No single organisation with id or short name «%(value)s».") % {"value": value}
            )
        return found[0]
