"""Vocabulary of the audit trail (django-auditlog's ``LogEntry``).

Two kinds of entries share the trail:

- *changes*, written by auditlog's signals for the models registered in
  ``settings.AUDITLOG_INCLUDE_TRACKING_MODELS``: ``action`` create/update/delete
  and ``changes`` {field: [old, new]};
- *events*, written by ``mentoring.services.log_action``: ``additional_data``
  {"event": "pairs.pair.approved", "organization_id": 1, ...the event's data},
  ``changes`` empty.

This module maps event codes to the LogEntry action and to the label the pages
show; it imports no models.
"""

from django.utils.translation import pgettext_lazy

# LogEntry.Action values (auditlog.models.AbstractLogEntry.Action), repeated here so
# that the module (and the data migration) need no model import.
CREATE, UPDATE, DELETE, ACCESS = 0, 1, 2, 3

ACTION_LABELS = {
    CREATE: pgettext_lazy("audit", "created"),
    UPDATE: pgettext_lazy("audit", "changed"),
    DELETE: pgettext_lazy("audit", "deleted"),
    ACCESS: pgettext_lazy("audit", "viewed or exported"),
}

# The last part of an event code decides the LogEntry action: a new record, a
# removal, a reading or export of personal data; anything else changes a state.
_CREATE_VERBS = {"created", "added", "recorded", "requested", "proposed", "drafted",
                 "applied", "granted", "run"}
_DELETE_VERBS = {"deleted", "removed"}
_ACCESS_VERBS = {"exported", "downloaded", "viewed"}


# a pair «proposed» moves an existing pair; an award «proposed» is a new one
_EVENT_ACTIONS = {"pairs.pair.proposed": UPDATE}


def action_for_event(event: str) -> int:
    """The LogEntry action of a namespaced event code («pairs.pair.approved» → UPDATE,
    «participants.base.exported» → ACCESS, «participants.import.applied» → CREATE)."""
    if event in _EVENT_ACTIONS:
        return _EVENT_ACTIONS[event]
    verb = event.rsplit(".", 1)[-1]
    if verb in _CREATE_VERBS:
        return CREATE
    if verb in _DELETE_VERBS:
        return DELETE
    if verb in _ACCESS_VERBS:
        return ACCESS
    return UPDATE


# What the trail on a page says for an event; unknown codes are shown as they are.
EVENT_LABELS = {
    "mentoring.membership.granted": pgettext_lazy("audit", "role granted"),
    "participants.import.applied": pgettext_lazy("audit", "applicant list imported"),
    "participants.import.mapped": pgettext_lazy("audit", "import columns mapped"),
    "participants.consent.recorded": pgettext_lazy("audit", "consent recorded"),
    "participants.consent.withdrawn": pgettext_lazy("audit", "consent withdrawn"),
    "participants.participant.anonymised": pgettext_lazy("audit", "personal data anonymised"),
    "participants.base.exported": pgettext_lazy("audit", "base exported"),
    "participants.mentor.approved": pgettext_lazy("audit", "mentor approved by order"),
    "participants.mentor.profile_updated": pgettext_lazy("audit", "mentor profile edited"),
    "participants.mentor.training_recorded": pgettext_lazy("audit", "training recorded"),
    "participants.mentor.training_removed": pgettext_lazy("audit", "training removed"),
    "participants.mentee.profile_updated": pgettext_lazy("audit", "mentee profile edited"),
    "participants.mentee.status_changed": pgettext_lazy("audit", "mentee status changed"),
    "participants.portfolio.added": pgettext_lazy("audit", "portfolio item added"),
    "participants.portfolio.removed": pgettext_lazy("audit", "portfolio item removed"),
    "participants.request.added": pgettext_lazy("audit", "request added"),
    "participants.request.updated": pgettext_lazy("audit", "request edited"),
    "participants.request.removed": pgettext_lazy("audit", "request removed"),
    "participants.family_tie.added": pgettext_lazy("audit", "family tie recorded"),
    "participants.family_tie.deleted": pgettext_lazy("audit", "family tie removed"),
    "pairs.pair.created": pgettext_lazy("audit", "pair formed"),
    "pairs.pair.deleted": pgettext_lazy("audit", "draft pair deleted"),
    "pairs.pair.draft": pgettext_lazy("audit", "returned to draft"),
    "pairs.pair.proposed": pgettext_lazy("audit", "submitted for approval"),
    "pairs.pair.approved": pgettext_lazy("audit", "approved"),
    "pairs.pair.active": pgettext_lazy("audit", "work started"),
    "pairs.pair.completed": pgettext_lazy("audit", "completed"),
    "pairs.pair.terminated": pgettext_lazy("audit", "terminated"),
    "pairs.pair.locked": pgettext_lazy("audit", "locked"),
    "pairs.pair.unlocked": pgettext_lazy("audit", "unlocked"),
    "pairs.pair.swapped": pgettext_lazy("audit", "mentees swapped"),
    "pairs.matching.run": pgettext_lazy("audit", "matching run"),
    "pairs.matching.weights": pgettext_lazy("audit", "matching weights changed"),
    "pairs.meeting.logged": pgettext_lazy("audit", "meeting logged"),
    "pairs.plan.created": pgettext_lazy("audit", "programme created"),
    "pairs.plan.updated": pgettext_lazy("audit", "programme edited"),
    "pairs.plan.exported": pgettext_lazy("audit", "programme downloaded"),
    "pairs.plan_item.added": pgettext_lazy("audit", "plan item added"),
    "pairs.plan_item.updated": pgettext_lazy("audit", "plan item edited"),
    "pairs.plan_item.done": pgettext_lazy("audit", "plan item done"),
    "pairs.plan_item.deleted": pgettext_lazy("audit", "plan item deleted"),
    "pairs.wish.added": pgettext_lazy("audit", "wish recorded"),
    "pairs.wish.deleted": pgettext_lazy("audit", "wish removed"),
    "pairs.cadence.reminded": pgettext_lazy("audit", "meeting reminder sent"),
    "reports.order.drafted": pgettext_lazy("audit", "drafted"),
    "reports.order.updated": pgettext_lazy("audit", "edited"),
    "reports.order.submitted": pgettext_lazy("audit", "submitted for signature"),
    "reports.order.returned": pgettext_lazy("audit", "returned for revision"),
    "reports.order.signed": pgettext_lazy("audit", "signed"),
    "reports.order.issued": pgettext_lazy("audit", "issued"),
    "reports.order.deleted": pgettext_lazy("audit", "draft deleted"),
    "reports.order.downloaded": pgettext_lazy("audit", "downloaded"),
    "reports.order.file_restored": pgettext_lazy("audit", "file restored from the signed content"),
    "reports.awards.ordered": pgettext_lazy("audit", "the year's awards put into the order"),
    "reports.award.proposed": pgettext_lazy("audit", "award proposed"),
    "reports.award.updated": pgettext_lazy("audit", "award edited"),
    "reports.award.deleted": pgettext_lazy("audit", "award deleted"),
    "reports.report.requested": pgettext_lazy("audit", "report requested"),
    "reports.report.built": pgettext_lazy("audit", "report built"),
    "reports.report.published": pgettext_lazy("audit", "marked for publication"),
    "reports.report.unpublished": pgettext_lazy("audit", "publication withdrawn"),
    "reports.report.downloaded": pgettext_lazy("audit", "report downloaded"),
    "reports.headcount.updated": pgettext_lazy("audit", "head counts edited"),
    "reports.indicators.picked": pgettext_lazy("audit", "indicators picked"),
    "reports.indicators.unpicked": pgettext_lazy("audit", "indicator removed"),
    "reports.indicator_targets.set": pgettext_lazy("audit", "targets set"),
    "reports.indicator_value.set": pgettext_lazy("audit", "value entered"),
    "reports.evidence.downloaded": pgettext_lazy("audit", "evidence downloaded"),
    "roadmap.roadmap.created": pgettext_lazy("audit", "roadmap created"),
    "roadmap.activity.status_changed": pgettext_lazy("audit", "activity status changed"),
    "surveys.feedback.requested": pgettext_lazy("audit", "feedback requested"),
    "surveys.response.submitted": pgettext_lazy("audit", "questionnaire answered"),
    # accounts and organisations
    "mentoring.organization.created": pgettext_lazy("audit", "organisation created"),
    "mentoring.organization.updated": pgettext_lazy("audit", "organisation edited"),
    "mentoring.organization.public_page_updated": pgettext_lazy("audit", "public page settings changed"),
    "mentoring.territory.public_page_updated": pgettext_lazy("audit", "territory's public page changed"),
    "mentoring.curator_account.created": pgettext_lazy("audit", "curator account created"),
    "mentoring.password_link.issued": pgettext_lazy("audit", "link to set the password issued"),
    "mentoring.two_factor.enabled": pgettext_lazy("audit", "two-factor login turned on"),
    "mentoring.two_factor.disabled": pgettext_lazy("audit", "two-factor login turned off"),
    "participants.consent_forms.requested": pgettext_lazy("audit", "consent forms requested"),
    "pairs.matching.requested": pgettext_lazy("audit", "matching requested"),
    "pairs.matching.failed": pgettext_lazy("audit", "matching failed"),
    # the territory level (issue 14)
    "roadmap.roadmap.submitted": pgettext_lazy("audit", "roadmap submitted for approval"),
    "roadmap.roadmap.approved": pgettext_lazy("audit", "roadmap approved by the territory"),
    "roadmap.roadmap.returned": pgettext_lazy("audit", "roadmap returned for revision"),
    "reports.order.territory_curator_appointed": pgettext_lazy("audit", "territory curator appointed"),
    "reports.order.contest_results": pgettext_lazy("audit", "contest results applied"),
    "reports.order.files_requeued": pgettext_lazy("audit", "documents queued again"),
    "participants.listing.published": pgettext_lazy("audit", "listed in the territory's mentor base"),
    "participants.listing.removed": pgettext_lazy("audit", "removed from the territory's mentor base"),
    "participants.listing.confirmed": pgettext_lazy("audit", "entry of the mentor base confirmed"),
    "participants.listing.expired": pgettext_lazy("audit", "entry of the mentor base expired"),
    "participants.listing.specialist_registered": pgettext_lazy("audit", "specialist registered by the territory"),
    "participants.mentor.photo_set": pgettext_lazy("audit", "photo uploaded"),
    "participants.mentor.photo_removed": pgettext_lazy("audit", "photo removed"),
    "pairs.invitation.sent": pgettext_lazy("audit", "mentor invited"),
    "pairs.invitation.accepted": pgettext_lazy("audit", "invitation accepted"),
    "pairs.invitation.declined": pgettext_lazy("audit", "invitation declined"),
    "pairs.invitation.withdrawn": pgettext_lazy("audit", "invitation withdrawn"),
    "reports.monitoring.opened": pgettext_lazy("audit", "monitoring opened"),
    "reports.monitoring.recomputed": pgettext_lazy("audit", "monitoring figures recomputed"),
    "reports.monitoring.submitted": pgettext_lazy("audit", "monitoring report submitted"),
    "reports.monitoring.accepted": pgettext_lazy("audit", "monitoring report accepted"),
    "reports.monitoring.returned": pgettext_lazy("audit", "monitoring report returned"),
    "reports.monitoring.reminders_requested": pgettext_lazy("audit", "reminders requested"),
    "reports.monitoring.reminded": pgettext_lazy("audit", "late organisation reminded"),
    "reports.monitoring.exported": pgettext_lazy("audit", "monitoring report exported"),
    "reports.monitoring.closed": pgettext_lazy("audit", "monitoring closed"),
    "reports.contest.created": pgettext_lazy("audit", "contest announced"),
    "reports.contest.updated": pgettext_lazy("audit", "contest edited"),
    "reports.contest.stage": pgettext_lazy("audit", "contest stage changed"),
    "reports.contest.juror_added": pgettext_lazy("audit", "juror added"),
    "reports.contest.juror_account": pgettext_lazy("audit", "juror account created"),
    "reports.contest.juror_removed": pgettext_lazy("audit", "juror removed"),
    "reports.contest.nominated": pgettext_lazy("audit", "nomination submitted"),
    "reports.contest.withdrawn": pgettext_lazy("audit", "nomination withdrawn"),
    "reports.contest.scored": pgettext_lazy("audit", "scores given"),
    "reports.contest.closed": pgettext_lazy("audit", "contest closed and ranked"),
    "reports.practice.created": pgettext_lazy("audit", "practice added"),
    "reports.practice.updated": pgettext_lazy("audit", "practice edited"),
    "reports.practice.deleted": pgettext_lazy("audit", "practice deleted"),
    "reports.practice.published": pgettext_lazy("audit", "practice published"),
    "reports.practice.unpublished": pgettext_lazy("audit", "practice unpublished"),
}

# Keys of additional_data that belong to the trail, not to the event's data.
RESERVED_KEYS = ("event", "organization_id")

MASK = "***"


def mask_secret(value: str) -> str:
    """auditlog's mask for the password hash: a change is recorded, no part of
    the hash is (auditlog's default keeps half of the value)."""
    return MASK


def event_label(event: str) -> str:
    return str(EVENT_LABELS.get(event, event))
