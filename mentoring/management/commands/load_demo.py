"""python manage.py load_demo — the demo college; idempotent."""

from django.core.management.base import BaseCommand
from django.db import connection

from mentoring.demo.builder import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Load the demo college (seed roadmap, indicators, forms, sample workbooks, pairs) and print the logins."

    def handle(self, *args, **options):
        result = build_demo()
        org = result.organization
        self.stdout.write(self.style.SUCCESS(f"Demo college ready: {org.name}, in the territory «{org.territory}»"))
        self.stdout.write(
            f"  participants: {org.participants.count()}, pairs: {org.pairs.count()}"
            f" (database: {connection.vendor})"
        )
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        # columns as wide as the longest login and role
        login_width = max(len(username) for username, _role, _name in result.logins)
        role_width = max(len(role) for _username, role, _name in result.logins)
        for username, role, name in result.logins:
            self.stdout.write(f"  {username:<{login_width}}  {role:<{role_width}}  {name}")
