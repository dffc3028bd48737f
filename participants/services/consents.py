"""Consents to the processing of personal data (152-ФЗ; seed 000 stage 2.2,
seed 001 stage 2: «согласия на обработку персональных данных» of mentees and,
for minors, of their legal representatives): recording, withdrawal, the
anonymisation a withdrawal causes, and the printable consent form."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mentoring.services import log_action

from ..data.consent_texts import CONSENT_TEXTS, ConsentText, current_text
from ..enums import (
    ConsentChannel,
    ConsentGiver,
    ConsentPurpose,
    ConsentStatus,
    PersonalDataCategory,
)
from ..errors import ConsentError
from ..models import ADULT_AGE, Consent, DataErasure, Participant
from .history import erasure_scope, scrub_participant_history
from .statuses import sync_base_status
from .territory_base import drop_listing_without_consent

# Stored on the pairs a withdrawal ends and shown in their history: data, not a
# msgid (the record must read the same whatever the language of the request).
PAIR_END_REASON = "отзыв согласия на обработку персональных данных"
ANONYMISED_SURNAME = "Обезличен"

# What an anonymisation erases (DataErasure.categories). Kept for statistics:
# category, course, specialty, statuses of the profiles, the mentee's category
# of need and the categories of their requests, the mentor's capacity, time
# and meeting preferences, pairs and meetings, survey scores.
ERASED_CATEGORIES = [
    PersonalDataCategory.NAME.value,
    PersonalDataCategory.BIRTH_DATE.value,
    PersonalDataCategory.CONTACTS.value,
    PersonalDataCategory.STUDY.value,  # the study group; course and specialty are kept
    PersonalDataCategory.WORK.value,
    PersonalDataCategory.PROFILE.value,
    PersonalDataCategory.FEEDBACK.value,  # free-text answers; scores are kept
]
ERASED_PARTICIPANT_FIELDS = {
    "patronymic": "", "birth_date": None, "email": "", "phone": "", "study_group": "",
    "position": "", "employer": "", "education": "", "qualification_category": "",
    "teaching_experience_years": None,
}
ERASED_MENTOR_FIELDS = (
    "competencies", "interests", "life_experience", "motivation", "mentee_preferences",
    "meeting_times",
)

# Bulk consent forms: one page each; more than this in one request is refused.
MAX_FORMS_PER_PDF = 300


def consent_status_for(
    participant: Participant, consents: Iterable[Consent], *, today: datetime.date | None = None
) -> str:
    """The ``ConsentStatus`` that ``consents`` (all of the participant's, in memory)
    give.

    An adult with a consent not withdrawn: GIVEN. A minor (under 18 on ``today``,
    default today) needs a legal representative's consent not withdrawn; their own
    consent does not count: REPRESENTATIVE_REQUIRED. Only withdrawn consents of the
    kind that counts: WITHDRAWN. No consent at all: MISSING (adults). A consent
    only to publication or to the territory base (SIDE_PURPOSES) does not count.
    """
    today = today or timezone.localdate()
    return consent_status_at_age(participant.age_on(today), consents)


def consent_status_at_age(age: int | None, consents: Iterable) -> str:
    """``consent_status_for`` for a person of ``age`` full years (None: unknown,
    treated as an adult); ``consents`` are any objects with ``given_by`` and
    ``withdrawn_on`` (the import plans new people without model instances)."""
    minor = age is not None and age < ADULT_AGE
    counting = [
        c for c in consents
        if (not minor or c.given_by == ConsentGiver.REPRESENTATIVE) and _admits(c)
    ]
    if any(c.withdrawn_on is None for c in counting):
        return ConsentStatus.GIVEN
    if counting:
        return ConsentStatus.WITHDRAWN
    return ConsentStatus.REPRESENTATIVE_REQUIRED if minor else ConsentStatus.MISSING


# Consents that are not a consent to take part in the programme: to publication
# (a separate document, 152-ФЗ art. 10.1) or to the territory base. Only these
# purposes: the consent neither gives nor keeps the consent status.
SIDE_PURPOSES = frozenset({ConsentPurpose.PUBLICATION.value, ConsentPurpose.TERRITORY_BASE.value})


def _admits(consent) -> bool:
    """True when ``consent`` counts for the consent status: it names a purpose
    beyond SIDE_PURPOSES (objects without ``purposes``, as the import plans
    them, count)."""
    purposes = getattr(consent, "purposes", None)
    return not purposes or not set(purposes) <= SIDE_PURPOSES


def _clean_choices(values, offered: tuple[str, ...], *, empty: str, foreign: str, version: str) -> list[str]:
    """``values`` deduplicated, in the order of ``offered``; ConsentError with
    ``empty`` when none, with ``foreign`` (placeholders ``version``, ``values``)
    when some are not offered."""
    chosen = list(dict.fromkeys(str(v) for v in values))
    if not chosen:
        raise ConsentError(empty)
    unknown = [v for v in chosen if v not in offered]
    if unknown:
        raise ConsentError(foreign % {"version": version, "values": ", ".join(unknown)})
    return [v for v in offered if v in chosen]


def record_consent(
    participant: Participant,
    *,
    given_by: str,
    given_on: datetime.date,
    actor,
    representative_name: str = "",
    representative_relation: str = "",
    representative_document: str = "",
    received_via: str = ConsentChannel.PAPER,
    note: str = "",
    purposes: list[str] | None = None,
    data_categories: list[str] | None = None,
    text_version: str = "",
) -> Consent:
    """Record a consent and recompute the participant's ``consent_status``;
    an applicant mentee whose consent becomes GIVEN enters the base
    (``statuses.sync_base_status``). Audited as ``participants.consent.recorded``.

    ``given_by`` is a ``ConsentGiver`` value; a legal representative's consent
    needs ``representative_name``, ``representative_relation`` and
    ``representative_document`` (for the person's own consent they are ignored).
    A minor's own consent is recorded but does not count
    (:func:`consent_status_for`). ``text_version`` (default: the current one)
    must be in ``CONSENT_TEXTS``; ``purposes`` / ``data_categories`` default to
    everything that version offers and must be non-empty subsets of it
    (``ConsentPurpose`` / ``PersonalDataCategory`` values, stored in the text's
    order). ``received_via`` is a ``ConsentChannel`` value.

    Raises ConsentError (Russian message, nothing written) for an anonymised
    participant, an unknown giver, version or channel, a date in the future, a
    representative's consent without name, relation or document, or empty or
    foreign purposes or data.
    """
    if participant.anonymised_at is not None:
        raise ConsentError(_(
            "The personal data of this participant were anonymised after the consent was "
            "withdrawn; a new consent is recorded for a newly added participant."
        ))
    if given_by not in ConsentGiver.values:
        raise ConsentError(_("Say who gave the consent: the participant or a legal representative."))
    if given_on > timezone.localdate():
        raise ConsentError(_("A consent cannot be dated in the future."))
    representative = [" ".join((v or "").split()) for v in (
        representative_name, representative_relation, representative_document
    )]
    if given_by == ConsentGiver.REPRESENTATIVE:
        if not representative[0]:
            raise ConsentError(_("Give the legal representative's full name."))
        if not representative[1]:
            raise ConsentError(_(
                "Give who the legal representative is to the participant (mother, father, "
                "guardian…)."
            ))
        if not representative[2]:
            raise ConsentError(_(
                "Give the document that proves the right to represent the participant (birth "
                "certificate, guardianship decision)."
            ))
    else:
        representative = ["", "", ""]
    text = CONSENT_TEXTS.get(text_version or current_text().version)
    if text is None:
        raise ConsentError(
            _("Unknown version of the consent text: %(version)s.") % {"version": text_version}
        )
    purposes = _clean_choices(
        text.purposes if purposes is None else purposes, text.purposes,
        empty=_("Choose at least one purpose of processing."),
        foreign=_("The consent text %(version)s does not name these purposes: %(values)s."),
        version=text.version,
    )
    data_categories = _clean_choices(
        text.data_categories if data_categories is None else data_categories,
        text.data_categories,
        empty=_("Choose at least one kind of personal data."),
        foreign=_("The consent text %(version)s does not name these data: %(values)s."),
        version=text.version,
    )
    if received_via not in ConsentChannel.values:
        raise ConsentError(_("Say how the consent was received."))
    with transaction.atomic():
        consent = Consent.objects.create(
            participant=participant,
            given_by=given_by,
            given_on=given_on,
            representative_name=representative[0],
            representative_relation=representative[1],
            representative_document=representative[2],
            received_via=received_via,
            note=" ".join((note or "").split())[:300],
            purposes=purposes,
            data_categories=data_categories,
            text_version=text.version,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        status = refresh_consent_status(participant)
        sync_base_status(participant)
        log_action(
            "participants.consent.recorded",
            actor=actor,
            organization=participant.organization,
            obj=consent,
            data={"participant": participant.pk, "given_by": given_by, "consent_status": status},
        )
    return consent


def status_after_withdrawal(consent: Consent, *, today: datetime.date | None = None) -> str:
    """The ``ConsentStatus`` the participant would have once ``consent`` is
    withdrawn (nothing is written)."""
    consents = list(Consent.objects.filter(participant_id=consent.participant_id))
    for other in consents:
        if other.pk == consent.pk and other.withdrawn_on is None:
            other.withdrawn_on = today or timezone.localdate()
    return consent_status_for(consent.participant, consents, today=today)


def withdraw_consent(
    consent: Consent, *, withdrawn_on: datetime.date, reason: str, actor
) -> Consent:
    """Mark ``consent`` withdrawn on ``withdrawn_on`` for ``reason`` (e.g. «заявление
    от 12.03.2026») and recompute the status; audited as
    ``participants.consent.withdrawn``. When no consent that counts remains,
    the participant is anonymised (:func:`anonymise_participant`) in the same
    transaction: all of it happens, or nothing.

    Returns the consent re-read from the database (``consent`` itself gets the
    withdrawal date and reason; the participant is re-read by callers that show
    it). Raises ConsentError when the reason is empty or longer than 500
    characters, the consent is already withdrawn, or the date is before the
    consent or in the future.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise ConsentError(_("Give the reason for the withdrawal."))
    if len(reason) > 500:
        raise ConsentError(_("The reason is too long: at most 500 characters."))
    given = consent
    with transaction.atomic():
        # One withdrawal at a time per participant (a double submit, two curators).
        participant = Participant.objects.select_for_update().get(pk=consent.participant_id)
        consent = Consent.objects.get(pk=consent.pk)
        consent.participant = participant
        if consent.withdrawn_on is not None:
            raise ConsentError(_("This consent has already been withdrawn."))
        if withdrawn_on < consent.given_on or withdrawn_on > timezone.localdate():
            raise ConsentError(
                _("The withdrawal date must be between the consent date and today.")
            )
        consent.withdrawn_on = withdrawn_on
        consent.withdrawal_reason = reason
        consent.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        status = refresh_consent_status(participant)
        sync_base_status(participant)
        # no listing in the territory's mentor base outlives its consent
        drop_listing_without_consent(participant, actor=actor)
        log_action(
            "participants.consent.withdrawn",
            actor=actor,
            organization=participant.organization,
            obj=consent,
            data={"participant": participant.pk, "consent_status": status},
        )
        if status != ConsentStatus.GIVEN and participant.anonymised_at is None:
            anonymise_participant(participant, actor=actor, reason=reason, consent=consent)
    given.withdrawn_on, given.withdrawal_reason = consent.withdrawn_on, consent.withdrawal_reason
    return consent


def refresh_consent_status(participant: Participant) -> str:
    """Recompute and save ``participant.consent_status`` from its consents; returns it."""
    # not participant.consents.all(): a prefetched cache would miss the new row
    status = consent_status_for(participant, Consent.objects.filter(participant=participant))
    if status != participant.consent_status:
        participant.consent_status = status
        participant.save(update_fields=["consent_status", "updated_at"])
    return status


def anonymised_label(participant: Participant) -> str:
    """«Участник №42»: how an anonymised participant is named in the logs."""
    return f"Участник №{participant.pk}"


def anonymise_participant(
    participant: Participant, *, actor, reason: str, consent: Consent | None = None
) -> DataErasure:
    """Erase the participant's personal data after a withdrawn consent (152-ФЗ
    art. 21 part 5), keeping what the programme's statistics need. One
    transaction; files leave the storage only after it commits.

    Erased: surname → «Обезличен», name → «№<pk>», patronymic, birth date,
    e-mail, phone, study group, position, employer, education, qualification
    category, teaching experience; the mentor's free texts (competencies,
    interests, life experience, motivation, mentee preferences, meeting times)
    and photo; training records and portfolio items with their files; the text of the
    mentee's requests (their categories stay); the representative's name,
    document and the notes of the consents; free-text survey answers (scores
    stay) and survey links not yet answered; the person's name in applicant
    import previews, whose stored files are deleted; the linked account is
    deactivated, renamed «anonymised-<id>», its names and e-mail blanked, and
    unlinked.
    Kept: organisation, category, course, specialty, consent and profile
    statuses, need category, mentor capacity and preferences, pairs, meetings,
    survey scores.

    Open pairs of the participant end: approved and active ones, and drafts,
    are terminated; proposed ones are returned to draft and terminated (the
    lifecycle allows no other end for them), all with ``PAIR_END_REASON``.
    ``consent_status`` becomes WITHDRAWN, ``anonymised_at`` now. Writes a
    ``DataErasure`` row and the audit entry ``participants.participant.anonymised``,
    then scrubs the erased values from the audit trail (``services.history``).
    Returns the DataErasure. Raises ConsentError when already anonymised, or
    PairError when a pair cannot be ended.
    """
    from pairs.enums import EndInitiative, PairStatus
    from pairs.selectors import open_pairs_of_participant
    from pairs.services.lifecycle import set_pair_status
    from surveys.models import Answer, Response

    files: list = []  # (storage, name) deleted after commit
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.anonymised_at is not None:
            raise ConsentError(_("The personal data of this participant are already anonymised."))
        old_names = {participant.full_name}
        old_contacts = {participant.email, participant.phone}
        history = erasure_scope(participant)
        label = anonymised_label(participant)
        today = timezone.localdate()

        # Pairs first: their history is written while the members still exist.
        ended = []
        open_pairs = open_pairs_of_participant(participant).select_for_update()
        for pair in open_pairs:
            is_mentor = pair.mentor.participant_id == participant.pk
            pair.ended_on = today
            pair.end_initiative = EndInitiative.MENTOR if is_mentor else EndInitiative.MENTEE
            pair.end_reason = PAIR_END_REASON
            if pair.status == PairStatus.PROPOSED:
                set_pair_status(pair, PairStatus.DRAFT, actor=actor, comment=PAIR_END_REASON)
            set_pair_status(
                pair, PairStatus.TERMINATED, actor=actor, comment=PAIR_END_REASON,
                extra_fields=("ended_on", "end_initiative", "end_reason"),
            )
            ended.append(pair.pk)

        for field, value in ERASED_PARTICIPANT_FIELDS.items():
            setattr(participant, field, value)
        participant.surname = ANONYMISED_SURNAME
        participant.name = f"№{participant.pk}"
        participant.consent_status = ConsentStatus.WITHDRAWN
        participant.anonymised_at = timezone.now()
        user = participant.user
        participant.user = None
        participant.save()
        sync_base_status(participant)
        drop_listing_without_consent(participant, actor=actor)

        if user is not None:
            user.is_active = False
            user.first_name = user.last_name = user.email = ""
            user.username = f"anonymised-{user.pk}"
            user.set_unusable_password()
            user.save()

        mentor = getattr(participant, "mentor_profile", None)
        if mentor is not None:
            for field in ERASED_MENTOR_FIELDS:
                setattr(mentor, field, "")
            if mentor.photo:
                files.append((mentor.photo.storage, mentor.photo.name))
                mentor.photo = ""
            mentor.save(update_fields=[*ERASED_MENTOR_FIELDS, "photo"])
            for training in mentor.trainings.all():
                if training.certificate:
                    files.append((training.certificate.storage, training.certificate.name))
            for item in mentor.portfolio.all():
                if item.file:
                    files.append((item.file.storage, item.file.name))
            mentor.trainings.all().delete()
            mentor.portfolio.all().delete()

        mentee = getattr(participant, "mentee_profile", None)
        if mentee is not None:
            # «[обезличено, №<key>]»: the category stays, the words go; one UPDATE
            mentee.requests.update(text=Concat(
                Value("[обезличено, №"), Cast("pk", output_field=CharField()), Value("]"),
            ))

        Consent.objects.filter(participant=participant).update(
            representative_name="", representative_document="", note=""
        )
        Answer.objects.filter(response__respondent=participant).exclude(value_text="").update(
            value_text=""
        )
        Response.objects.filter(respondent=participant, submitted_at__isnull=True).delete()
        imports = _scrub_imports(participant, old_names, old_contacts, label, files)

        erasure = DataErasure.objects.create(
            participant=participant,
            organization=participant.organization,
            consent=consent,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            subject=label,
            categories=list(ERASED_CATEGORIES),
            reason=" ".join(reason.split())[:500],
        )
        log_action(
            "participants.participant.anonymised",
            actor=actor,
            organization=participant.organization,
            obj=participant,
            data={
                "erasure": erasure.pk,
                "consent": consent.pk if consent else None,
                "categories": list(ERASED_CATEGORIES),
                "pairs_ended": ended,
                "files_deleted": len(files),
                "imports_scrubbed": imports,
                "account_deactivated": user.pk if user else None,
            },
        )
        # last: the erasure's own entries above hold the old values too
        scrub_participant_history(history, label=label)
        transaction.on_commit(lambda: _delete_files(files))
    return erasure


def _scrub(value, names: list[str], contacts: set[str], label: str):
    """``value`` (JSON) with ``names`` replaced by ``label`` inside strings and
    strings equal to one of ``contacts`` blanked."""
    if isinstance(value, dict):
        return {k: _scrub(v, names, contacts, label) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, names, contacts, label) for v in value]
    if isinstance(value, str):
        if value.strip() in contacts:
            return ""
        for name in names:
            value = value.replace(name, label)
    return value


def _scrub_imports(
    participant: Participant, old_names: set[str], old_contacts: set[str], label: str, files: list
) -> list[int]:
    """Replace the participant's name (and blank their e-mail and phone) in the
    previews of the organisation's applicant imports, and queue the stored
    files of those imports (copies of lists that name the person) for deletion;
    returns the ids of the imports touched."""
    from ..models import ApplicantImport

    names = sorted((n for n in old_names if n.strip()), key=len, reverse=True)
    contacts = {c.strip() for c in old_contacts if c and c.strip()}
    touched = []
    for applicant_import in ApplicantImport.objects.select_for_update().filter(
        organization=participant.organization
    ):
        report = _scrub(applicant_import.report or {}, names, contacts, label)
        if report == (applicant_import.report or {}):
            continue
        applicant_import.report = report
        fields = ["report"]
        if applicant_import.file:
            files.append((applicant_import.file.storage, applicant_import.file.name))
            applicant_import.file = ""
            fields.append("file")
        applicant_import.save(update_fields=fields)
        touched.append(applicant_import.pk)
    return touched


def _delete_files(files) -> None:
    for storage, name in files:
        storage.delete(name)


# --- the printable consent form -------------------------------------------------------


def _blank(width: str = "") -> str:
    return format_html('<span class="fill{}"></span>', f" {width}" if width else "")


def _value(value, width: str = "") -> str:
    return conditional_escape(value) if value else _blank(width)


def _fill(template: str, values: dict) -> str:
    """``template`` (literal text of consent_texts) escaped, with ``values``
    (already safe HTML) put into its placeholders."""
    return mark_safe(str(conditional_escape(template)).format_map(values))  # noqa: S308


_LOOK_UP = object()


def _representative_consents(participants) -> dict[int, Consent]:
    """{participant id: their latest legal representative's consent not
    withdrawn} in one query."""
    latest: dict[int, Consent] = {}
    for consent in Consent.objects.filter(
        participant__in=participants, given_by=ConsentGiver.REPRESENTATIVE, withdrawn_on__isnull=True,
    ).order_by("participant_id", "-given_on", "-pk"):
        latest.setdefault(consent.participant_id, consent)
    return latest


def consent_form_pages(participants, *, organization) -> list[dict]:
    """``consent_form_page`` for each of ``participants`` (a group's forms), the
    representatives' consents loaded in one query."""
    participants = list(participants)
    reps = _representative_consents(participants)
    return [
        consent_form_page(p, organization=organization, representative_consent=reps.get(p.pk))
        for p in participants
    ]


def consent_form_page(
    participant: Participant | None,
    *,
    organization,
    text: ConsentText | None = None,
    representative: bool | None = None,
    representative_consent: "Consent | None | object" = _LOOK_UP,
) -> dict:
    """One printable consent form as data for ``documents/consent_form.html``.

    ``organization`` (a ``mentoring.Organization``) is the operator, printed
    with its name and address (a line when the address is unknown).
    ``participant`` None gives an empty form with lines to fill by hand;
    ``representative`` chooses the legal representative's form (default: for a
    minor). The person's birth date is printed only when their personal data
    are not hidden (a minor without the representative's consent gets a line).
    A representative's name, relation and document come from their consent on
    record, if any (``representative_consent``, looked up when not given;
    ``consent_form_pages`` loads them for many people in one query). ``text``
    defaults to the current version.

    Returns {"title", "version", "representative": bool, "subject": full name
    or "", "group": study group or "", "paragraphs": [{"html": safe HTML} or
    {"entries": [Russian wording, ...]}]}.
    """
    text = text or current_text()
    if representative is None:
        representative = bool(participant and participant.is_minor)
    rep = None
    if participant is not None and representative:
        rep = representative_consent
        if rep is _LOOK_UP:
            rep = _representative_consents([participant]).get(participant.pk)
    birth = None
    if participant is not None and participant.birth_date and not participant.personal_data_hidden:
        birth = participant.birth_date.strftime("%d.%m.%Y")
    clause_values = {
        "subject_name": _value(participant.full_name if participant else "", "wide"),
        "birth_date": _value(birth, "short"),
        "representative_name": _value(rep.representative_name if rep else "", "wide"),
        "representative_relation": _value(rep.representative_relation if rep else "", "short"),
        "representative_document": _value(rep.representative_document if rep else "", "wide"),
        "blank": _blank("wide"),
    }
    body_values = {
        "declarant": _fill(
            text.representative_clause if representative else text.self_clause, clause_values
        ),
        "operator": conditional_escape(organization.name),
        "operator_address": _value(organization.address, "wide"),
    }
    paragraphs = []
    for paragraph in text.paragraphs():
        if paragraph == "{purposes}":
            paragraphs.append({"entries": [text.purpose_text(v) for v in text.purposes]})
        elif paragraph == "{data}":
            paragraphs.append({"entries": [text.data_text(v) for v in text.data_categories]})
        else:
            paragraphs.append({"html": _fill(paragraph, body_values)})
    return {
        "title": text.title,
        "version": text.version,
        "representative": representative,
        "subject": participant.full_name if participant else "",
        "group": participant.study_group if participant else "",
        "paragraphs": paragraphs,
    }


def render_consent_forms(organization, pages: list[dict]) -> bytes:
    """The A4 PDF of ``pages`` (from :func:`consent_form_page`), one form per
    page, ``organization`` printed at the top. Raises ValueError for no pages
    or more than ``MAX_FORMS_PER_PDF``."""
    from reports.renderers.base import html_to_pdf

    if not pages or len(pages) > MAX_FORMS_PER_PDF:
        raise ValueError(f"between 1 and {MAX_FORMS_PER_PDF} consent forms, not {len(pages)}")
    return html_to_pdf(
        "participants/documents/consent_form.html",
        {"organization": organization, "pages": pages},
    )
