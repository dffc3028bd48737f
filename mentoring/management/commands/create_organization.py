"""``manage.py create_organization``: an organisation and its first curator (and
director) on a fresh installation, without the admin or the demo.

    manage.py create_organization --name "ГПОУ «…колледж»" --short-name "ГПОУ …" \\
        --director-name "И. И. Иванова" --curator curator [--director director] \\
        [--kind school|college|university|enterprise|authority] [--city …] [--address …] \\
        [--password-file FILE] [--no-input]

``--kind`` (college by default) decides the defaults: the roadmap template, the
forms of mentoring and the indicator set (issue 14).

Passwords of new accounts: from ``--password-file`` (the curator's on the first
line, the director's on the second), else asked on a terminal, else (or with
``--no-input``) generated and printed once. Running it again with the same names
changes nothing; an existing account gets the role and keeps its password.
"""

import getpass
import secrets
import sys
from pathlib import Path

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.enums import OrganizationKind, Role
from mentoring.services import OrganizationError, create_organization, grant_membership


class Command(BaseCommand):
    help = "Create an organisation with its first curator (and director) account."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="full name of the organisation")
        parser.add_argument("--short-name", required=True, help="short name, e.g. ГПОУ АСПК")
        parser.add_argument(
            "--director-name", required=True,
            help="the head of the organisation as orders print it, e.g. «Д. Ф. Ахмерова»",
        )
        parser.add_argument(
            "--kind", default=OrganizationKind.COLLEGE, choices=OrganizationKind.values,
            help="type of the organisation: decides its roadmap, forms of mentoring and indicators",
        )
        parser.add_argument("--city", default="")
        parser.add_argument("--address", default="")
        parser.add_argument("--letterhead", default="", help="the letterhead of orders")
        parser.add_argument("--curator", required=True, help="login of the first curator")
        parser.add_argument("--curator-first-name", default="")
        parser.add_argument("--curator-last-name", default="")
        parser.add_argument("--director", help="login of the director's account (optional)")
        parser.add_argument("--director-first-name", default="")
        parser.add_argument("--director-last-name", default="")
        parser.add_argument(
            "--password-file", type=Path,
            help="passwords of the new accounts: the curator's on line 1, the director's on line 2",
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive",
            help="never ask: generate the passwords of new accounts and print them",
        )

    def handle(self, *args, **options):
        accounts = [(Role.CURATOR, options["curator"], "curator")]
        if options["director"]:
            accounts.append((Role.DIRECTOR, options["director"], "director"))
        passwords, generated = self._passwords(accounts, options)
        try:
            with transaction.atomic():
                organization, created = create_organization(
                    name=options["name"], short_name=options["short_name"],
                    director_name=options["director_name"], city=options["city"],
                    address=options["address"], letterhead=options["letterhead"],
                    kind=options["kind"],
                )
                for role, username, prefix in accounts:
                    grant_membership(
                        organization=organization, username=username, role=role,
                        password=passwords.get(username),
                        first_name=options[f"{prefix}_first_name"],
                        last_name=options[f"{prefix}_last_name"],
                    )
        except OrganizationError as exc:
            raise CommandError(str(exc)) from exc
        self._report(organization, created, accounts, passwords, generated)

    def _passwords(self, accounts, options) -> tuple[dict[str, str], set[str]]:
        """The password of each account still to create, validated before any
        write, and the logins whose password was generated."""
        user_model = get_user_model()
        new = [
            (role, username) for role, username, _prefix in accounts
            if not user_model.objects.filter(username=username).exists()
        ]
        if options["password_file"] is not None:
            lines = self._read_lines(options["password_file"])
            given = dict(zip([username for _role, username, _p in accounts], lines))
        else:
            given = {}
        interactive = options["interactive"] and sys.stdin.isatty()
        passwords, generated = {}, set()
        for role, username in new:
            if username in given:
                password = given[username]
            elif interactive:
                password = self._ask(username, role)
            else:
                password = secrets.token_urlsafe(12)
                generated.add(username)
            self._validate(password, username)
            passwords[username] = password
        return passwords, generated

    def _read_lines(self, path: Path) -> list[str]:
        try:
            return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        except OSError as exc:
            raise CommandError(
                _("Cannot read the password file %(file)s: %(error)s")
                % {"file": path, "error": exc.strerror}
            ) from exc

    def _ask(self, username: str, role: str) -> str:
        label = Role(role).label
        while True:
            first = getpass.getpass(
                _("Password for %(username)s (%(role)s): ") % {"username": username, "role": label}
            )
            if first and first == getpass.getpass(_("Password (again): ")):
                return first
            self.stderr.write(_("The passwords are empty or do not match; try again."))

    def _validate(self, password: str, username: str) -> None:
        user = get_user_model()(username=username)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(
                _("The password for %(username)s is refused: %(reasons)s")
                % {"username": username, "reasons": " ".join(exc.messages)}
            ) from exc

    def _report(self, organization, created, accounts, passwords, generated) -> None:
        if created:
            self.stdout.write(self.style.SUCCESS(
                _("Organisation «%(name)s» created (id %(id)s).")
                % {"name": organization.short_name, "id": organization.pk}
            ))
        else:
            self.stdout.write(
                _("Organisation «%(name)s» already exists (id %(id)s); nothing changed in it.")
                % {"name": organization.short_name, "id": organization.pk}
            )
        for role, username, _prefix in accounts:
            label = Role(role).label
            if username not in passwords:
                line = _("%(role)s: %(username)s — the account existed, its password is unchanged.")
            elif username in generated:
                line = _(
                    "%(role)s: %(username)s — password %(password)s (shown only now; "
                    "manage.py changepassword %(username)s sets another)."
                )
            else:
                line = _("%(role)s: %(username)s — created with the given password.")
            self.stdout.write(
                line % {"role": label, "username": username, "password": passwords.get(username)}
            )
