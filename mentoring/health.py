"""The health endpoint, ``/healthz/``: django-health-check runs the checks of
``settings.HEALTH_CHECKS`` (database, cache, default file storage, and with
``REDIS_URL`` a Celery worker) and answers 200 when all of them pass, 500
otherwise. It needs no login and names only the checks: no personal data.

``?format=json`` (or ``Accept: application/json``) gives
``{"Database(alias='default')": "OK", ..., "Worker()": "Unavailable: ..."}``;
``?format=text`` one line per check.
"""

import dataclasses

import celery
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from health_check.contrib.celery import Ping
from health_check.views import HealthCheckView


def _portal_app() -> celery.Celery:
    from .celery import app

    return app


@dataclasses.dataclass
class Worker(Ping):
    """A Celery worker of the portal answers a ping within a second, and each
    declared queue (CELERY_TASK_QUEUES: heavy and light) has a worker consuming
    it, on this machine or another. Its repr (the key in the answer) is ``Worker()``."""

    app: celery.Celery = dataclasses.field(default_factory=_portal_app, repr=False)


class HealthView(HealthCheckView):
    """The library's view with the checks read from the settings on each request."""

    def get_checks(self):
        self.checks = settings.HEALTH_CHECKS
        return super().get_checks()


healthz = login_not_required(HealthView.as_view())
