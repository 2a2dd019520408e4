"""The address a request comes from, as the rate limits and the login lockout count it.

Behind reverse proxies (``settings.GONGKAI_TRUSTED_PROXIES`` = how many of them append to X-Forwarded-For)
the client's address is the one the outermost trusted proxy saw; a client cannot forge it by sending its own
X-Forwarded-For, because only the last ``n`` entries, appended by our proxies, are trusted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    meta = getattr(request, "META", {})
    proxies = int(getattr(settings, "GONGKAI_TRUSTED_PROXIES", 0))
    if proxies > 0:
        hops = [h.strip() for h in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return str(meta.get("REMOTE_ADDR") or "unknown")[:45]
