"""Template context shared by every page: the user's organisation and roles."""

from .selectors import organization_of, roles_of


def portal(request) -> dict:
    user = getattr(request, "user", None)
    organization = organization_of(user)
    return {
        "current_organization": organization,
        "user_roles": roles_of(user, organization),
    }
