"""The request's actor and IP address for the audit trail."""

import ipaddress

from django.conf import settings

from auditlog.middleware import AuditlogMiddleware


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware (every LogEntry written during the request gets the
    user and the client's address) with a client address that cannot be forged.

    auditlog takes the *first* X-Forwarded-For address, which is whatever the
    client sent. A reverse proxy appends the address it saw, so the trustworthy
    one is the ``TRUSTED_PROXY_COUNT``-th from the end; with no proxy configured
    (0) the header is ignored and REMOTE_ADDR is used.
    """

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request.META, settings.TRUSTED_PROXY_COUNT)

    @staticmethod
    def _get_remote_port(request):
        # the client's port says nothing useful and a forged header could set it
        return None


def client_address(meta: dict, proxies: int) -> str | None:
    """The client's IP address from the WSGI environ ``meta`` behind ``proxies``
    reverse proxies that each append to X-Forwarded-For; None when absent or
    not an IP address (the column is an inet on PostgreSQL)."""
    address = meta.get("REMOTE_ADDR") or ""
    if proxies > 0:
        forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            address = _strip_port(forwarded[-proxies])
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _strip_port(address: str) -> str:
    if address.startswith("["):  # [IPv6]:port
        return address[1:].split("]")[0]
    if address.count(":") == 1:  # IPv4:port
        return address.split(":")[0]
    return address
