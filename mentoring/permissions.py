"""View decorators for object URLs (CONVENTIONS.md, Permissions).

On an object URL, a user whose role may not see such objects at all gets 404,
exactly like a user of another organisation: the answer says nothing about
whether the object exists. Lists and actions without an object keep 403.
"""

from functools import wraps

from django.http import Http404


def object_permission_required(perm: str):
    """Like ``permission_required`` but answers 404 instead of 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
