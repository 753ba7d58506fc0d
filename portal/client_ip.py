"""The client's address behind the reverse proxy, for login throttling (django-axes)."""

from django.conf import settings


def client_ip(request):
    """X-Real-IP when the request comes from a trusted proxy (nginx sets it), else the peer address.

    The header is believed only from an address in `TRUSTED_PROXIES`: anyone else could
    send it to pass as another person, or to spread failed logins over made-up addresses.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
    if forwarded and peer in settings.TRUSTED_PROXIES:
        return forwarded
    return peer
