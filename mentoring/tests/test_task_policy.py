"""Every task of the portal's apps carries the delivery policy of
mentoring.jobs.reliable_task (issue 13): acks_late, reject_on_worker_lost, soft
and hard time limits, bounded retries with back-off on transient errors."""

from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from mentoring.celery import app

OUR_APPS = ("mentoring.", "participants.", "pairs.", "roadmap.", "surveys.", "reports.")
# The tasks that exist today (a task that stops being registered fails the test);
# any new one is checked too as soon as it is registered.
KNOWN = {"participants.check_import", "participants.apply_import", "pairs.remind_inactive_pairs",
         "pairs.run_matching", "reports.build_report", "reports.render_order_files",
         "participants.render_consent_forms", "participants.purge_consent_form_batches",
         "mentoring.purge_audit_trail"}


def our_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(OUR_APPS)}


def test_every_task_of_ours_has_the_delivery_policy():
    tasks = our_tasks()
    assert KNOWN <= set(tasks)
    for name, task in tasks.items():
        assert task.acks_late is True, name
        assert task.reject_on_worker_lost is True, name
        assert 0 < task.soft_time_limit < task.time_limit <= 60 * 60, name
        assert 0 < task.max_retries <= 10, name
        assert task.retry_backoff and task.retry_backoff_max <= 300 and task.retry_jitter, name
        assert {DatabaseOperationalError, BrokerOperationalError, ConnectionError} <= set(task.autoretry_for), name
        assert not set(task.autoretry_for) & {Exception, ValueError, KeyError}, name


def test_long_jobs_have_long_limits_and_short_ones_short_limits():
    tasks = our_tasks()
    assert tasks["reports.build_report"].soft_time_limit >= 600
    assert tasks["pairs.remind_inactive_pairs"].time_limit <= 300
    assert tasks["reports.render_order_files"].time_limit <= 300
