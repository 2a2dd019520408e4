"""Template context for staff pages: which roles the signed-in user holds (for the menu only;
every view still checks access through gongkai.agencies.access)."""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.agencies.models import Membership, Role
from gongkai.law import deadlines

# The statute's numbers and article citations for every template ({{ law.REPLY_WD }}, {{ law.ART_26 }}):
# a page never types a statutory number into its prose.
LAW = {name: value for name, value in vars(deadlines).items() if name.isupper()}


def law(request: HttpRequest) -> dict[str, object]:
    return {"law": LAW}


def staff(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and request.path.startswith("/office/")):
        return {}
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return {"staff_roles": roles, "is_supervisor": Role.SUPERVISOR in roles}
