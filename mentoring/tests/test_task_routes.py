"""The Celery queues (README, "Scaling out"): every task of the portal is routed
by name to one of the declared queues, heavy (long jobs) or light (mail,
reminders, housekeeping), so a task added without a route fails here instead of
landing in a queue nobody consumes."""

import pytest
from django.conf import settings

from mentoring.celery import app
from mentoring.tests.test_task_policy import our_tasks
from mentoring.tests.worker import running_worker, skip_without_services

DECLARED = {queue.name for queue in settings.CELERY_TASK_QUEUES}


def _queue_of(name: str) -> str:
    """The queue the app's router sends task ``name`` to (no worker needed)."""
    route = app.amqp.router.route({}, name)
    return route["queue"].name


def test_the_two_queues_are_declared_and_light_is_the_default():
    assert DECLARED == {"heavy", "light"}
    assert app.conf.task_default_queue == "light"
    assert {queue.name for queue in app.conf.task_queues} == DECLARED


def test_every_task_of_ours_is_routed_by_name_to_a_declared_queue():
    tasks = our_tasks()
    assert len(tasks) >= 10
    unrouted = sorted(set(tasks) - set(settings.CELERY_TASK_ROUTES))
    assert unrouted == [], "add these tasks to _HEAVY_TASKS or _LIGHT_TASKS in settings"
    for name in tasks:
        assert _queue_of(name) in DECLARED, name
    stale = sorted(set(settings.CELERY_TASK_ROUTES) - set(tasks))
    assert stale == [], "routes of tasks that no longer exist"


def test_celerys_own_tasks_go_to_the_default_queue():
    app.loader.import_default_modules()
    builtins = [name for name in app.tasks if name.startswith("celery.")]
    assert builtins
    assert {_queue_of(name) for name in builtins} == {"light"}


def test_long_jobs_go_to_heavy_and_mail_and_reminders_to_light():
    for name in ("pairs.run_matching", "participants.check_import", "participants.apply_import",
                 "reports.build_report", "reports.render_order_files",
                 "participants.render_consent_forms"):
        assert _queue_of(name) == "heavy", name
    for name in ("pairs.remind_inactive_pairs", "pairs.notify_invitation",
                 "reports.remind_late_monitoring", "participants.purge_consent_form_batches"):
        assert _queue_of(name) == "light", name


def _waiting_in(queue: str) -> int:
    """Messages waiting in ``queue`` (the Redis transport keeps a list per queue)."""
    with app.connection_for_write() as connection:
        return connection.default_channel.client.llen(queue)


@pytest.mark.worker
def test_a_worker_of_the_light_queue_runs_light_jobs_and_leaves_heavy_ones(client, db, tmp_path):
    """On PostgreSQL and Redis: a worker started with -Q light (a machine kept
    for mail and reminders) runs a light job; a heavy job waits in the heavy
    queue for a heavy worker; the health check says the heavy queue has none."""
    from participants.tasks import task_purge_consent_form_batches
    from reports.tasks import task_build_report

    skip_without_services()
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("heavy")
    with running_worker(tmp_path, "light-only", queues=("light",)) as log_path:
        heavy = task_build_report.apply_async(kwargs={"report_id": 0})
        light = task_purge_consent_form_batches.apply_async()
        light.get(timeout=30)
        assert light.state == "SUCCESS", log_path.read_text()
        assert heavy.state == "PENDING"
        assert _waiting_in("heavy") == 1
        answer = client.get("/healthz/?format=json").json()
        assert answer["Worker()"] == "Unavailable: No worker for Celery task queue heavy"
    with running_worker(tmp_path, "heavy-only", queues=("heavy",)) as log_path:
        heavy.get(timeout=30)  # the missing report is skipped: the job ran and is done
        assert heavy.state == "SUCCESS", log_path.read_text()
        assert _waiting_in("heavy") == 0
