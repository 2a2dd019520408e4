"""Tenancy: the tree of agencies, staff roles per agency, and the working-day override table."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    TOWNSHIP = "township", "乡镇（街道）"


class Agency(models.Model):
    """An administrative organ that discloses information (Art. 27): a government or a department."""

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    code = models.CharField(
        "机构代码", max_length=40, unique=True, help_text="用于索引号，如组织机构代码或统一社会信用代码"
    )
    slug = models.SlugField("网址标识", max_length=60, unique=True)
    kind = models.CharField("机关类型", max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name="上级人民政府", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The disclosure office (Art. 12: name, address, hours, phone, fax, Internet contact).
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=10, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网站", blank=True)
    # Remedies paragraph of reply letters.
    review_organ = models.CharField("行政复议机关", max_length=100, blank=True)
    court = models.CharField("管辖人民法院", max_length=100, blank=True)
    # Settings (UNCONFIRMED rules of legal-spec become settings with the stated default).
    settings = models.JSONField("设置", default=dict, blank=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["parent_id", "name"]

    def __str__(self) -> str:
        return self.name

    def setting(self, key: str):  # type: ignore[no-untyped-def]
        return self.settings.get(key, AGENCY_SETTING_DEFAULTS[key])

    @property
    def is_government(self) -> bool:
        return self.kind == AgencyKind.GOVERNMENT

    def descendants(self) -> list[Agency]:
        out: list[Agency] = []
        frontier = [self]
        while frontier:
            kids = list(Agency.objects.filter(parent__in=frontier))
            out.extend(kids)
            frontier = kids
        return out


AGENCY_SETTING_DEFAULTS: dict[str, object] = {
    # Decision chain for replies: roles that must approve, in order (issue 3).
    "decision_chain": ["reviewer", "head"],
    # Applications due within this many working days are "due soon".
    "due_soon_workdays": 5,
    # Art. 31 for e-mail: receipt date = mutual confirmation (UNCONFIRMED, legal-spec 1.6 step 1).
    "email_receipt_rule": "confirmation",
    # 109号: whether the wait for payment pauses the reply clock (UNCONFIRMED, default paused).
    "fee_pauses_clock": True,
    # Fee method: per application (按件) or per page (按量).
    "fee_method": "per_application",
    # 索引号 pattern (issue 4).
    "index_pattern": "{code}/{year}-{serial:05d}",
    # Table 四: which year a case counts in (legal-spec 3.5, UNCONFIRMED): "filed" or "decided".
    "t4_year_rule": "filed",
    # Channels accepted, shown in the guide.
    "channels": ["online", "in_person", "post", "fax", "email"],
    # 文号 of letters (gongkai.letters): 机关代字 (empty = short name + "信") and the pattern.
    "letter_prefix": "",
    "letter_number_pattern": "{prefix}〔{year}〕第{serial}号",
}


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "审核人"
    HEAD = "head", "负责人"
    ADMIN = "admin", "管理员"
    SUPERVISOR = "supervisor", "政务公开办（监督）"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class WorkdayOverride(models.Model):
    """Admin-maintained working-day data (legal-spec 6.2): next year's State Council notice as soon
    as it appears, and regional holidays. Overrides win over the chinesecalendar package."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)
    # Entered from a State Council notice (replaced when that year's notice is entered again); regional
    # holidays and corrections entered by hand are not.
    from_notice = models.BooleanField("来自国务院办公厅通知", default=False)

    class Meta:
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.note}"


class CalendarYear(models.Model):
    """A year whose working days are fully declared by overrides (beyond the package's coverage)."""

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("依据", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("成文日期", null=True, blank=True)
    entered_at = models.DateTimeField("录入时间", null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"

    def __str__(self) -> str:
        return str(self.year)


class LoginFailure(models.Model):
    """A failed staff sign-in (the office or the admin login page), the record behind the lockout
    (gongkai.agencies.lockout). ``refused``: the attempt came while locked and its password was not checked."""

    username = models.CharField("用户名", max_length=150)
    address = models.CharField("来源地址", max_length=45)
    at = models.DateTimeField("时间", db_index=True)
    refused = models.BooleanField("锁定期间被拒绝", default=False)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
        ordering = ["-at"]
        indexes = [models.Index(fields=["username", "address", "at"], name="login_failure_lookup"),
                   models.Index(fields=["address", "at"], name="login_failure_address")]

    def __str__(self) -> str:
        return f"{self.username} · {self.address} · {self.at:%Y-%m-%d %H:%M}"


class AccessKind(models.TextChoices):
    CASE = "case", "申请详情"
    LIST = "list", "申请列表"
    ATTACHMENT = "attachment", "申请材料"
    LETTER = "letter", "文书"
    EXPORT = "export", "导出"
    APPEAL = "appeal", "复议诉讼案件"
    APPEAL_LIST = "appeal_list", "复议诉讼登记簿"


class PersonalDataAccess(models.Model):
    """One look by a staff member at applicants' personal data (name, ID number, contact details): a case page,
    a list of cases, an attachment, a letter, an export. Written by gongkai.agencies.accesslog.record from every
    staff view that shows such data; read by the agency's 负责人 and 管理员 at /office/access-log/."""

    at = models.DateTimeField("时间", db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="工作人员", null=True, on_delete=models.SET_NULL,
                             related_name="+")
    username = models.CharField("用户名", max_length=150)
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("查阅内容", max_length=20, choices=AccessKind.choices)
    subject = models.CharField("对象", max_length=100, blank=True, help_text="申请编号、案号或文号")
    object_id = models.PositiveBigIntegerField("对象ID", null=True, blank=True)
    detail = models.CharField("说明", max_length=200, blank=True)
    address = models.CharField("来源地址", max_length=45)

    class Meta:
        verbose_name = "个人信息查阅记录"
        verbose_name_plural = "个人信息查阅记录"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "at"], name="pii_access_agency_at"),
            models.Index(fields=["agency", "subject"], name="pii_access_agency_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()} {self.subject}"


class EventRecord(models.Model):
    """The shape of every app's event log (case events, item events, report events ...): who (``actor``),
    when (``at``) and the details (``payload``); each app adds what the event belongs to and its ``kind``
    with its own choices. Rows are appended by the app's actions, in the transaction of the change."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间")
    payload = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        abstract = True


class CalendarEvent(EventRecord):
    """An arrangement entered (the notice's days, and the cases whose due date it moved, in ``payload``)."""

    year = models.PositiveIntegerField("年份")
    kind = models.CharField("事项", max_length=30, default="arrangement_entered")

    class Meta:
        verbose_name = "节假日安排录入记录"
        verbose_name_plural = "节假日安排录入记录"
        ordering = ["at", "pk"]
