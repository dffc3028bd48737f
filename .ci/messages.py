"""Regenerate and compile every Russian catalogue: `make messages`.

Each app keeps its own catalogue (`<app>/locale/ru`), made by running makemessages
from the app's folder; templates/ and anything outside the apps go to the top-level
`locale/`. Celery's Django fix-up puts the working folder first on sys.path, where an
app's own `rules.py` would hide the django-rules package, so the package is
imported before Django starts.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["mentoring", "participants", "pairs", "roadmap", "surveys", "reports"]
RUN = (
    "import sys, rules, django; "
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py'] + sys.argv[1:])"
)


def manage(cwd: Path, *args: str) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="mentoring.settings", DEBUG="true",
               PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-P", "-c", RUN, *args], cwd=cwd, env=env, check=True)


def main() -> None:
    for app in APPS:
        manage(ROOT / app, "makemessages", "-l", "ru", "--no-obsolete")
    ignores = [f"--ignore={name}" for name in [*APPS, ".venv", "var", "benchmarks", "docs"]]
    manage(ROOT, "makemessages", "-l", "ru", "--no-obsolete", *ignores)
    for folder in [*APPS, "."]:
        manage(ROOT / folder, "compilemessages", "-l", "ru", "--ignore=.venv", "--ignore=var")
    untranslated = subprocess.run(
        ["sh", "-c", "for f in */locale/ru/LC_MESSAGES/django.po locale/ru/LC_MESSAGES/django.po; "
         "do msgattrib --untranslated --no-obsolete \"$f\" | grep -c '^msgid' | sed \"s|^|$f: |\"; done"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout
    print("entries without a translation (the header counts as one):")
    print(untranslated)


if __name__ == "__main__":
    main()
