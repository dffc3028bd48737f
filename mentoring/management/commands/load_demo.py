"""python manage.py load_demo — the demo college; idempotent."""

from django.core.management.base import BaseCommand
from django.db import connection

from mentoring.demo.builder import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Load the demo college (seed roadmap, indicators, forms, sample workbooks, pairs) and print the logins."

    def handle(self, *args, **options):
        result = build_demo()
        org = result.organization
        self.stdout.write(self.style.SUCCESS(f"Demo college ready: {org.name}"))
        self.stdout.write(
            f"  participants: {org.participants.count()}, pairs: {org.pairs.count()}"
            f" (database: {connection.vendor})"
        )
        self.stdout.write(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, role, name in result.logins:
            self.stdout.write(f"  {username:<10} {role:<28} {name}")
