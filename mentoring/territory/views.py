"""The territory curator's pages for the territory's organisations (issue 14):
the list (figures only: type, city, number of curator accounts), creating and
editing an organisation, and its first curator account with a one-time link to
set the password. Everything answers 404 to anyone who is not a territory
curator, and an organisation of another territory 404 as well."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..accounts.links import password_link
from ..pages import page_of
from ..selectors import territory_or_404
from ..services import OrganizationError, create_organization
from . import selectors, services
from .forms import CuratorAccountForm, OrganizationForm


def organization_list(request: HttpRequest) -> HttpResponse:
    """The territory's organisations, paginated: short and full name, type,
    city, curator accounts (a count)."""
    territory = territory_or_404(request.user)
    page = page_of(request, selectors.managed_organizations(territory))
    return render(request, "mentoring/territory/organization_list.html", {
        "territory": territory, "page": page,
    })


def organization_create(request: HttpRequest) -> HttpResponse:
    """A new organisation of the territory with its kind's defaults
    (``create_organization``), then the page of its first curator."""
    territory = territory_or_404(request.user)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization, created = create_organization(
                name=data["name"], short_name=data["short_name"],
                director_name=data["director_name"], city=data["city"], address=data["address"],
                kind=data["kind"], territory=territory, slug=data["slug"], actor=request.user,
            )
        except OrganizationError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(request, _("The organisation «%(name)s» is created with the defaults of its type.")
                                 % {"name": organization.short_name})
            return redirect("territory:curator_create", pk=organization.pk)
    return render(request, "mentoring/territory/organization_form.html", {
        "territory": territory, "form": form, "organization": None,
    })


def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an organisation of the territory (type, names, director, address,
    city, public page's address)."""
    organization = selectors.managed_organization_or_404(request.user, pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # the form's checks changed the instance in memory; the service compares with the stored row
        organization.refresh_from_db()
        try:
            changed = services.update_organization(
                organization, actor=request.user, **{f: data[f] or "" for f in services.EDITABLE_FIELDS}
            )
        except OrganizationError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(request, _("The organisation «%(name)s» is saved.") % {"name": organization.short_name})
            else:
                messages.info(request, _("Nothing has changed."))
            return redirect("territory:organization_list")
    return render(request, "mentoring/territory/organization_form.html", {
        "territory": organization.territory, "form": form, "organization": organization,
    })


@never_cache
def curator_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's curator account (login and name, no password) and,
    once, the link where the curator sets the password. The link is shown on
    this response only: it is neither stored nor put into a message."""
    organization = selectors.managed_organization_or_404(request.user, pk)
    form = CuratorAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_curator_account(
                organization=organization, username=data["username"],
                first_name=data["first_name"], last_name=data["last_name"], actor=request.user,
            )
        except OrganizationError as error:
            form.add_error("username", str(error))
        else:
            link = request.build_absolute_uri(
                password_link(user, actor=request.user, organization=organization)
            )
            return render(request, "mentoring/territory/curator_link.html", {
                "organization": organization, "account": user, "link": link,
            })
    return render(request, "mentoring/territory/curator_form.html", {
        "organization": organization, "form": form,
    })
