"""Orders («приказы») of the programme: drafting, submission, the director's
signature with the number and the frozen content, the documents rendered in
the background, issue (seed 000 1.1, 4.1, 5.6, 7.4 and stage 7; DESIGN.md
glossary «приказ»).

Lifecycle: ``draft_order`` (curator, administrator) → ``submit_order`` →
``sign_order`` (director: number, date, frozen ``content`` and its
``content_hash``, kind effects, in one short transaction; the PDF and DOCX are
queued) → ``render_order_files`` (the task ``reports.render_order_files``:
``file_status`` pending → ready | failed; ``retry_order_files`` queues a failed
one again) → ``issue_order``. ``return_order`` puts a submitted order back to
draft with the director's comment; ``delete_draft`` removes a draft. A signed
order refuses every edit; ``verify_order_file`` re-renders it from the frozen
content and compares the bytes with the stored hash. Every write is audited
(``reports.order.*``).

The package: ``common`` (roles, errors, consents, numbering, checks),
``content`` (what may be listed, what the documents print, the checksum),
``drafting`` (before the signature and the issue), ``signing`` (the signature),
``files`` (the documents).
"""

from .common import (
    CHOSEN_LISTS,
    DRAFTING_ROLES,
    ISSUING_ROLES,
    OPEN_ORDER_STATUSES,
    SIGNING_ROLES,
    OrderError,
    OrderRefused,
    check_consents_for_document,
    check_consents_for_mentors,
    lock_organization,
    next_order_number,
)
from .content import (
    canonical_content,
    content_hash,
    document_content,
    eligible_awards,
    eligible_mentors,
    eligible_pairs,
    order_content,
)
from .drafting import delete_draft, draft_order, issue_order, return_order, submit_order, update_draft
from .files import (
    files_intact,
    mark_files_failed,
    queue_order_files,
    render_order_files,
    retry_order_files,
    verify_order_file,
)
from .signing import approve_pairs_by_order, sign_order

__all__ = [
    "CHOSEN_LISTS", "DRAFTING_ROLES", "ISSUING_ROLES", "OPEN_ORDER_STATUSES", "SIGNING_ROLES",
    "OrderError", "OrderRefused", "approve_pairs_by_order", "canonical_content",
    "check_consents_for_document", "check_consents_for_mentors", "content_hash", "delete_draft",
    "document_content", "draft_order", "eligible_awards", "eligible_mentors", "eligible_pairs",
    "files_intact", "issue_order", "lock_organization", "mark_files_failed", "next_order_number",
    "order_content", "queue_order_files", "render_order_files", "retry_order_files",
    "return_order", "sign_order", "submit_order", "update_draft", "verify_order_file",
]
