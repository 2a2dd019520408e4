"""The 申请编号 (gapless per agency and year) and the 查询码 (shown once; only its keyed hash is stored)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from gongkai.agencies.counters import take_next
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, TrackingCounter


def allocate_tracking_no(agency: Agency, year: int) -> str:
    """Next tracking number of the agency's year: one counter row, locked until the transaction ends."""
    return f"{agency.code}-{year}-{take_next(TrackingCounter, agency, year):05d}"


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_query_code() -> str:
    """Ten characters from a 32-letter alphabet without look-alikes (50 bits)."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def hash_query_code(tracking_no: str, code: str) -> str:
    norm = code.strip().upper().replace(" ", "").replace("-", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{tracking_no}:{norm}".encode(), hashlib.sha256).hexdigest()


def check_query_code(app: Application, code: str) -> bool:
    return bool(app.query_code_hash) and hmac.compare_digest(app.query_code_hash, hash_query_code(app.tracking_no, code))
