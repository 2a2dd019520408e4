"""The one access helper. Every staff page goes through it, so an outsider is refused in one place.

An outsider (staff of another agency) gets a 404, never a 403: we do not confirm that a case exists.
A supervisor (政务公开办) of a government sees its departments (read-only unless also a member).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from gongkai.agencies.models import Agency, Membership, Role

M = TypeVar("M", bound=Model)


def roles_in(user: Any, agency: Agency) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_gongkai_roles", None)
    if cache is None:
        cache = {}
        for m in Membership.objects.filter(user=user).values_list("agency_id", "role"):
            cache.setdefault(m[0], set()).add(m[1])
        user._gongkai_roles = cache
    return set(cache.get(agency.pk, set()))


def visible_agency_ids(user: Any) -> set[int]:
    """Agencies whose staff pages the user may see: own agencies, plus departments supervised."""
    if not getattr(user, "is_authenticated", False):
        return set()
    ids: set[int] = set()
    for m in Membership.objects.filter(user=user).select_related("agency"):
        ids.add(m.agency_id)
        if m.role == Role.SUPERVISOR:
            ids.update(a.pk for a in m.agency.descendants())
    return ids


def staff_agencies(user: Any) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=visible_agency_ids(user))


def scope(queryset: QuerySet[M], user: Any, field: str = "agency") -> QuerySet[M]:
    """Restrict a queryset to the rows of agencies the user may see."""
    return queryset.filter(**{f"{field}__in": visible_agency_ids(user)})


def can_act(user: Any, agency: Agency, roles: Iterable[str] | None = None) -> bool:
    """True if the user is a member of ``agency`` with one of ``roles`` (any role if None).
    Admins of the agency may do everything its staff may do."""
    have = roles_in(user, agency)
    have.discard(Role.SUPERVISOR)
    if not have:
        return False
    if roles is None or Role.ADMIN in have:
        return True
    return bool(have & set(roles))


def get_for_staff(
    request: HttpRequest, queryset: QuerySet[M], *, field: str = "agency", **lookup: Any
) -> M:
    """The object, if the user may see its agency; otherwise 404 (outsiders learn nothing)."""
    obj = scope(queryset, request.user, field).filter(**lookup).first()
    if obj is None:
        raise Http404("未找到")
    return obj


def require_agency(request: HttpRequest, agency_id: int | str, roles: Iterable[str] | None = None) -> Agency:
    """The agency, if the user may see it (and, with ``roles``, act in it); otherwise 404."""
    try:
        pk = int(agency_id)
    except (TypeError, ValueError):
        raise Http404("未找到") from None
    if pk not in visible_agency_ids(request.user):
        raise Http404("未找到")
    agency = Agency.objects.get(pk=pk)
    if roles is not None and not can_act(request.user, agency, roles):
        raise Http404("未找到")
    return agency


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Login required, and the user must hold at least one staff role somewhere."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not visible_agency_ids(request.user):
            raise Http404("未找到")
        return view(request, *args, **kwargs)

    return wrapper


def current_agency(request: HttpRequest) -> Agency:
    """The agency the staff user is working in (chosen in the session, else the first one)."""
    ids = visible_agency_ids(request.user)
    if not ids:
        raise Http404("未找到")
    chosen = request.session.get("agency_id")
    if chosen in ids:
        return Agency.objects.get(pk=chosen)
    member_ids = set(Membership.objects.filter(user=request.user).values_list("agency_id", flat=True))
    return Agency.objects.filter(pk__in=member_ids or ids).order_by("pk").first()  # type: ignore[return-value]
