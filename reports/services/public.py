"""Settings of the public pages (seed 002 item 14 «интернет-ресурс
муниципального образования», seed 001 1.7 and 6.3 «тематическая страница
„Наставничество“ … доска почёта наставников»): an organisation turns its page
on or off and sets its address, public contacts and website; the territory
curator sets the territory page's text and contacts.

The pages themselves are reports.views.public; what they show about people is
decided per request by ``participants.selectors.publishable_mentors``.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.models import Organization, Territory
from mentoring.services import log_action

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MIN, SLUG_MAX = 3, 60
CONTACTS_MAX = 2000
INTRO_MAX = 10_000
WEBSITE_MAX = 200


class PublicPageError(ValueError):
    """A setting of a public page that is refused; ``message`` (Russian) is
    shown next to ``field``."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_slug(value: str, *, organization: Organization) -> str:
    """The address of the organisation's page: 3–60 lower-case Latin letters,
    digits and single hyphens inside, not taken by another organisation.
    Raises PublicPageError (field ``slug``)."""
    slug = (value or "").strip().lower()
    if not slug:
        return ""
    if not SLUG_MIN <= len(slug) <= SLUG_MAX or not SLUG_RE.match(slug):
        raise PublicPageError(_(
            "The address may hold 3 to 60 Latin letters, digits and hyphens (not at the "
            "start or the end), e.g. «school-3»."
        ), field="slug")
    if Organization.objects.filter(slug=slug).exclude(pk=organization.pk).exists():
        raise PublicPageError(_("This address is taken by another organisation: choose another."),
                              field="slug")
    return slug


def _clean_website(value: str) -> str:
    website = (value or "").strip()
    if not website:
        return ""
    if len(website) > WEBSITE_MAX:
        raise PublicPageError(_("The address of the website is too long."), field="website")
    try:
        URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        raise PublicPageError(_("Give the website's address starting with https:// or http://."),
                              field="website")
    return website


def _clean_text(value: str, limit: int, field: str) -> str:
    text = "\n".join(line.rstrip() for line in (value or "").strip().splitlines())
    if len(text) > limit:
        raise PublicPageError(
            _("The text is too long: at most %(limit)d characters.") % {"limit": limit},
            field=field,
        )
    return text


def update_public_page(organization: Organization, *, actor, is_public: bool, slug: str,
                       contacts: str, website: str) -> list[str]:
    """Change the organisation's public page settings; returns the changed
    field names ([] when nothing changed), audited as
    ``mentoring.organization.public_page_updated``.

    Turning the page on needs an address. Contacts are the programme's
    (a phone of the office, an e-mail of the organisation): the form says so,
    people's personal contacts do not belong here. Raises PublicPageError."""
    values = {
        "slug": clean_slug(slug, organization=organization) or None,
        "contacts": _clean_text(contacts, CONTACTS_MAX, "contacts"),
        "website": _clean_website(website),
        "is_public": bool(is_public),
    }
    if values["is_public"] and not values["slug"]:
        raise PublicPageError(_("Give the address of the page to turn it on."), field="slug")
    changed = [name for name, value in values.items() if getattr(organization, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(organization, name, values[name])
        organization.save(update_fields=changed)
        log_action("mentoring.organization.public_page_updated", actor=actor,
                   organization=organization, obj=organization,
                   data={"fields": changed, "is_public": organization.is_public})
    return changed


def update_territory_page(territory: Territory, *, actor, public_intro: str, contacts: str) -> list[str]:
    """Change the text and contacts of the territory's public page; returns the
    changed field names, audited as ``mentoring.territory.public_page_updated``.
    Raises PublicPageError for a text over its limit."""
    values = {
        "public_intro": _clean_text(public_intro, INTRO_MAX, "public_intro"),
        "contacts": _clean_text(contacts, CONTACTS_MAX, "contacts"),
    }
    changed = [name for name, value in values.items() if getattr(territory, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(territory, name, values[name])
        territory.save(update_fields=changed)
        log_action("mentoring.territory.public_page_updated", actor=actor, obj=territory,
                   organization=territory.authority, data={"fields": changed})
    return changed
