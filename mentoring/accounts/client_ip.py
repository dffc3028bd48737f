"""The client's address as the lockout counts it (``AXES_CLIENT_IP_CALLABLE``).

The same address the audit trail records (``mentoring.middleware.client_address``):
``REMOTE_ADDR`` without a proxy (``TRUSTED_PROXY_COUNT=0``, the default, so a
forged ``X-Forwarded-For`` cannot dodge the lockout), else the address the
outermost of the ``TRUSTED_PROXY_COUNT`` reverse proxies saw.
django-ipware (axes' ``AXES_IPWARE_*`` settings) is not installed; this
callable takes its place.
"""

from django.conf import settings
from django.http import HttpRequest

from mentoring.middleware import client_address


def client_ip_address(request: HttpRequest) -> str | None:
    return client_address(request.META, settings.TRUSTED_PROXY_COUNT)
