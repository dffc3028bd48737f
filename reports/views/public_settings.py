"""Settings of the public pages: the organisation's (curator, director or
admin: ``reports.edit_public_page``) and the territory's (the territory
curator: ``reports.edit_territory_page``). Lists of nothing and no object key:
403 to other roles, 404 to a user without an organisation or territory."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rules.contrib.views import permission_required

from mentoring.enums import OrganizationKind
from mentoring.selectors import organization_or_404, territory_or_404

from ..services.public import (
    CONTACTS_MAX,
    INTRO_MAX,
    PublicPageError,
    update_public_page,
    update_territory_page,
)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class PublicPageForm(forms.Form):
    is_public = forms.BooleanField(
        label=gettext_lazy("The public page is on"), required=False,
        help_text=gettext_lazy("Anyone can open it without logging in. Mentors appear on the "
                               "honour board only with their consent to publication."),
    )
    slug = forms.CharField(
        label=gettext_lazy("Address of the page"), max_length=60, required=False,
        help_text=gettext_lazy("Latin letters, digits and hyphens, e.g. «school-3»: the page "
                               "opens at /public/o/<address>/."),
    )
    contacts = forms.CharField(
        label=gettext_lazy("Contacts of the programme"), required=False, max_length=CONTACTS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The organisation's address, phone and e-mail for questions about "
                               "mentoring. Do not give anybody's personal phone or e-mail."),
    )
    website = forms.CharField(label=gettext_lazy("Website"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class TerritoryPageForm(forms.Form):
    public_intro = forms.CharField(
        label=gettext_lazy("Text of the public page"), required=False, max_length=INTRO_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("About the system of mentoring in the territory: what it is, who "
                               "takes part, how to join."),
    )
    contacts = forms.CharField(
        label=gettext_lazy("Contacts"), required=False, max_length=CONTACTS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The education authority's department, phone and e-mail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


def _apply(form, save) -> bool:
    try:
        save(form.cleaned_data)
    except PublicPageError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    return True


@permission_required("reports.edit_public_page", raise_exception=True)
def organization_settings(request: HttpRequest) -> HttpResponse:
    """The organisation's public page: on/off, address, contacts, website."""
    organization = organization_or_404(request.user)
    if organization.kind == OrganizationKind.AUTHORITY:
        # the authority has no page of its own: the territory page stands for it
        raise Http404
    form = PublicPageForm(request.POST or None, initial={
        "is_public": organization.is_public, "slug": organization.slug or "",
        "contacts": organization.contacts, "website": organization.website,
    })
    if request.method == "POST" and form.is_valid() and _apply(form, lambda data: update_public_page(
        organization, actor=request.user, **data
    )):
        messages.success(request, _("The settings of the public page are saved."))
        return redirect("reports:public_page_settings")
    return render(request, "reports/public_settings.html", {
        "form": form, "organization": organization,
    })


@permission_required("reports.edit_territory_page", raise_exception=True)
def territory_settings(request: HttpRequest) -> HttpResponse:
    """The territory's public page: text and contacts (the territory curator)."""
    territory = territory_or_404(request.user)
    form = TerritoryPageForm(request.POST or None, initial={
        "public_intro": territory.public_intro, "contacts": territory.contacts,
    })
    if request.method == "POST" and form.is_valid() and _apply(form, lambda data: update_territory_page(
        territory, actor=request.user, **data
    )):
        messages.success(request, _("The territory's public page is saved."))
        return redirect("reports:territory_page_settings")
    return render(request, "reports/territory_page_settings.html", {
        "form": form, "territory": territory,
    })
