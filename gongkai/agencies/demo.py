"""Demo agencies and staff: 宝山区人民政府 with its departments, one of them 宝山区规划和自然资源局."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from gongkai.agencies.models import Agency, AgencyKind, Membership, Role

DEMO_PASSWORD = "gongkai-demo"


@dataclass
class DemoContext:
    """What the demo loaders share: agencies by key and users by username."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, AbstractUser] = field(default_factory=dict)


GOVERNMENT = {
    "key": "district", "name": "上海市宝山区人民政府", "short_name": "宝山区政府", "code": "BSQZF", "slug": "bsq",
    "kind": AgencyKind.GOVERNMENT, "office_name": "宝山区人民政府办公室（区政务公开办）",
    "address": "上海市宝山区密山路5号", "postcode": "201900", "phone": "021-56691100",
}
DEPARTMENTS = [
    {
        "key": "planning", "name": "宝山区规划和自然资源局", "short_name": "区规划资源局", "code": "BSGHZY", "slug": "bsghzy",
        "office_name": "宝山区规划和自然资源局办公室", "address": "上海市宝山区宝林路45号", "postcode": "201999",
        "phone": "021-56105740", "fax": "021-56105741", "email": "xxgk@ghzy.bsq.example.gov.cn",
        "office_hours": "周一至周五（法定节假日除外）上午9:00-11:30，下午13:30-17:00",
        "review_organ": "上海市宝山区人民政府", "court": "上海铁路运输法院",
    },
    {
        "key": "transport", "name": "宝山区交通委员会", "short_name": "区交通委", "code": "BSJTW", "slug": "bsjtw",
        "office_name": "宝山区交通委员会办公室", "address": "上海市宝山区友谊路1588号", "postcode": "201900",
        "phone": "021-56600000", "review_organ": "上海市宝山区人民政府", "court": "上海铁路运输法院",
    },
    {
        "key": "ecology", "name": "宝山区生态环境局", "short_name": "区生态环境局", "code": "BSSTHJ", "slug": "bssthj",
        "office_name": "宝山区生态环境局办公室", "address": "上海市宝山区淞滨路28号", "postcode": "201900",
        "phone": "021-56611111", "review_organ": "上海市宝山区人民政府", "court": "上海铁路运输法院",
    },
]
STAFF = [
    # username, full name, agency key, roles
    ("clerk", "王经办", "planning", [Role.CLERK]),
    ("clerk2", "李经办", "planning", [Role.CLERK]),
    ("reviewer", "张审核", "planning", [Role.REVIEWER]),
    ("head", "陈负责", "planning", [Role.HEAD]),
    ("admin", "赵管理", "planning", [Role.ADMIN]),
    ("supervisor", "周督查", "district", [Role.SUPERVISOR]),
    ("district_clerk", "吴经办", "district", [Role.CLERK, Role.REVIEWER, Role.HEAD]),
    ("outsider", "孙经办", "transport", [Role.CLERK, Role.REVIEWER, Role.HEAD]),
    ("eco_clerk", "钱经办", "ecology", [Role.CLERK, Role.REVIEWER, Role.HEAD]),
]


def _agency(data: dict, parent: Agency | None) -> Agency:
    fields = {k: v for k, v in data.items() if k != "key"}
    fields.setdefault("kind", AgencyKind.DEPARTMENT)
    agency, _ = Agency.objects.update_or_create(code=fields["code"], defaults={**fields, "parent": parent})
    return agency


def load(ctx: DemoContext) -> None:
    User = get_user_model()
    gov = _agency(GOVERNMENT, None)
    ctx.agencies["district"] = gov
    for d in DEPARTMENTS:
        ctx.agencies[d["key"]] = _agency(d, gov)
    if not User.objects.filter(username="root").exists():
        User.objects.create_superuser("root", "root@example.gov.cn", DEMO_PASSWORD)
    for username, full_name, key, roles in STAFF:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role in roles:
            Membership.objects.get_or_create(user=user, agency=ctx.agencies[key], role=role)
        ctx.users[username] = user
