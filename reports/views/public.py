"""The public pages, without login (seed 002 item 14: «интернет-ресурс
муниципального образования с актуальной информацией»; seed 001 1.7 and 6.3:
«тематическая страница „Наставничество“ … доска почёта наставников с указанием
их достижений и профессиональных сфер»).

- ``/public/<territory>/``: the territory's text and contacts, its
  organisations with a public page, the results of its contests (winners who
  consented to publication) and the practices its organisations published;
- ``/public/o/<organisation>/``: the organisation's honour board (mentors with
  the publication consent: name, photo, competencies, awards), its published
  practices, its current programmes with their forms of mentoring, contacts;
  404 while the organisation has not turned its page on;
- ``/public/o/<organisation>/photos/<mentor>/``: a mentor's photo, 404
  without the publication consent.

Everything about people is read per request (``reports.selectors_public``) and
the answers are never cached (``never_cache``: private, no-store), so a
withdrawn consent removes the person from the next page served. The project
has no rate limiter for pages (django-axes guards logins only); the pages run
a fixed, small number of queries.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from participants.selectors import publishable_mentors
from participants.views.photos import photo_response

from ..selectors_public import (
    contest_results,
    current_programmes,
    honour_board,
    public_organization_or_404,
    public_organizations,
    public_territory_or_404,
    published_practices,
    TERRITORY_PRACTICES,
)

# search engines may follow links but neither keep copies nor index the
# photos: a withdrawn consent must not live on in a cache (seed 002 item 14)
ROBOTS = "noarchive, noimageindex"


def _public(view):
    """No login, GET/HEAD only, never cached, with the robots header."""
    view = never_cache(require_safe(view))

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = ROBOTS
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_not_required(wrapped)


@_public
def territory_page(request: HttpRequest, slug: str) -> HttpResponse:
    territory = public_territory_or_404(slug)
    organizations = list(public_organizations(territory))
    return render(request, "reports/public/territory.html", {
        "territory": territory,
        "organizations": organizations,
        "contests": contest_results(territory),
        "practices": published_practices(organizations, limit=TERRITORY_PRACTICES),
        "robots": ROBOTS,
    })


@_public
def organization_page(request: HttpRequest, slug: str) -> HttpResponse:
    organization = public_organization_or_404(slug)
    return render(request, "reports/public/organization.html", {
        "organization": organization,
        "territory": organization.territory,
        "mentors": honour_board(organization),
        "practices": published_practices([organization]),
        "programmes": current_programmes(organization),
        "robots": ROBOTS,
    })


@_public
def mentor_photo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The photo of a mentor on the organisation's honour board; 404 when the
    page is off, the mentor is of another organisation, has no photo or no
    standing publication consent."""
    organization = public_organization_or_404(slug)
    mentor = get_object_or_404(
        publishable_mentors().filter(participant__organization=organization), pk=pk
    )
    return photo_response(mentor.photo)
