"""Versions of the consent text the portal prints and records (152-ФЗ art. 9
part 4). A consent stores the version it was given under; a version, once used,
is never edited: add a new one and make it ``CURRENT_VERSION``."""

from dataclasses import dataclass

from ..enums import ConsentPurpose, PersonalDataCategory


@dataclass(frozen=True)
class ConsentText:
    """``purposes`` and ``data_categories`` hold enum values; ``body`` is the
    Russian text of the form with ``{placeholders}`` filled by the renderer."""

    version: str
    title: str
    purposes: tuple[str, ...]
    data_categories: tuple[str, ...]
    body: str


CURRENT_VERSION = "2026-1"

CONSENT_TEXTS: dict[str, ConsentText] = {
    "2026-1": ConsentText(
        version="2026-1",
        title="Согласие на обработку персональных данных участника программы наставничества",
        purposes=tuple(ConsentPurpose.values),
        data_categories=tuple(PersonalDataCategory.values),
        body="",
    ),
}


def current_text() -> ConsentText:
    return CONSENT_TEXTS[CURRENT_VERSION]


def current_version() -> str:
    """The default of ``Consent.text_version``."""
    return CURRENT_VERSION
