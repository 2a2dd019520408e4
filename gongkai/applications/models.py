"""The register of 依申请公开: applications, their events, consultations, fee notices, attachments, letters.

Process state (``status``) and legal outcome (``outcome``, a code of :data:`gongkai.law.categories.OUTCOMES`)
are separate fields. ``due_on`` is computed by :func:`gongkai.law.deadlines.reply_due` from the case history
(see :func:`gongkai.applications.actions.recompute_due`) and stored, indexed, for the inbox.
``concluded_on`` is the day the outcome took effect (reply issued, deemed withdrawn, withdrawn); the table 三
computation counts on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import EventRecord
from gongkai.law.categories import APPLICANT_TYPES, OUTCOMES
from gongkai.law.deadlines import CHANNEL_LABELS, Channel

APPLICANT_TYPE_CHOICES = [(a.code, a.label) for a in APPLICANT_TYPES]
OUTCOME_CHOICES = [(o.code, o.full_label) for o in OUTCOMES]
CHANNEL_CHOICES = [
    (Channel.INTERNET.value, "网上申请"),
    (Channel.IN_PERSON.value, "当面提交"),
    (Channel.POST_SIGNED.value, "邮寄（挂号/快递签收）"),
    (Channel.POST_UNSIGNED.value, "邮寄（平信）"),
    (Channel.FAX.value, "传真"),
    (Channel.EMAIL.value, "电子邮件"),
    (Channel.ORAL.value, "口头申请（代为填写）"),
]
assert {c for c, _ in CHANNEL_CHOICES} == {c.value for c in CHANNEL_LABELS}


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认收到"
    RECEIVED = "received", "已收到"
    CORRECTION_REQUESTED = "correction_requested", "待补正"
    IN_PROGRESS = "in_progress", "办理中"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_PAYMENT = "awaiting_payment", "待缴费"
    EXTENDED = "extended", "已延期办理中"
    DECISION_REVIEW = "decision_review", "审批中"
    DECIDED = "decided", "已审批待答复"
    REPLIED = "replied", "已答复"
    DELIVERED = "delivered", "已送达"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


# States in which the case is being worked on (the clerk may consult, extend, charge, propose).
WORKING = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.EXTENDED})
# States in which the case has not been answered yet (the reply clock matters).
OPEN_STATES = frozenset(
    {
        Status.SUBMITTED, Status.RECEIVED, Status.CORRECTION_REQUESTED, Status.IN_PROGRESS, Status.CONSULTING,
        Status.AWAITING_PAYMENT, Status.EXTENDED, Status.DECISION_REVIEW, Status.DECIDED,
    }
)
FINAL_STATES = frozenset({Status.CLOSED, Status.WITHDRAWN})


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    USCC = "uscc", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    OTHER = "other", "其他证件"


class FormWanted(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"
    DISC = "disc", "光盘"
    OTHER = "other", "其他"


class ObtainVia(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "在线查看"


class Application(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="受理机关", on_delete=models.PROTECT,
                               related_name="applications")
    tracking_no = models.CharField("申请编号", max_length=40, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=128, blank=True)
    status = models.CharField("办理状态", max_length=24, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    outcome = models.CharField("办理结果", max_length=40, choices=OUTCOME_CHOICES, null=True, blank=True)
    # Applicant (Art. 29 ¶2 (一)).
    applicant_type = models.CharField("申请人类型", max_length=30, choices=APPLICANT_TYPE_CHOICES)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField("证件号码", max_length=40, blank=True, db_index=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    # What is asked for (Art. 29 ¶2 (二), (三)).
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    form_wanted = models.CharField("获取信息的载体形式", max_length=12, choices=FormWanted.choices,
                                   default=FormWanted.ELECTRONIC)
    obtain_via = models.CharField("获取信息的方式", max_length=12, choices=ObtainVia.choices, default=ObtainVia.EMAIL)
    # Receipt and the clock.
    channel = models.CharField("申请渠道", max_length=20, choices=CHANNEL_CHOICES, default=Channel.INTERNET.value)
    submitted_at = models.DateTimeField("提交时间")
    received_on = models.DateField("收到申请日期", null=True, blank=True, db_index=True)
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    correction_items = models.TextField("需补正的事项", blank=True)
    corrected_received_on = models.DateField("收到补正日期", null=True, blank=True)
    extension_wd = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extended_on = models.DateField("延期日期", null=True, blank=True)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_steps = models.JSONField("答复期限计算过程", default=list, blank=True)
    clock_stopped = models.BooleanField("暂停计时", default=False)
    # The due date rests on a year whose holiday notice is not known yet (estimated working days).
    due_provisional = models.BooleanField("答复期限为预估", default=False)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assigned_applications")
    # Decision.
    proposed_outcome = models.CharField("拟办结果", max_length=40, choices=OUTCOME_CHOICES, blank=True)
    withheld_detail = models.TextField("不予公开的内容", blank=True)
    withheld_reason = models.CharField("不予公开的理由", max_length=40, blank=True)
    decision_note = models.TextField("答复要点", blank=True)
    approvals = models.JSONField("审批记录", default=list, blank=True)
    decided_on = models.DateField("审批完成日期", null=True, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    closed_on = models.DateField("归档日期", null=True, blank=True)
    duplicate_of = models.ForeignKey("self", verbose_name="疑似重复申请", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reminded_on = models.DateField("最近提醒日期", null=True, blank=True)
    pages = models.PositiveIntegerField("信息页数", null=True, blank=True)
    created_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # Covers the table 三 aggregate (an index-only scan): agency, receipt, conclusion, type, outcome.
            models.Index(fields=["agency", "received_on", "concluded_on", "applicant_type", "outcome"],
                         name="app_t3_cover"),
            models.Index(fields=["agency", "concluded_on"], name="app_agency_concluded"),
            models.Index(fields=["agency", "status", "due_on"], name="app_agency_status_due"),
            models.Index(fields=["agency", "applicant_name"], name="app_agency_applicant"),
        ]
        constraints = [
            models.CheckConstraint(
                name="app_concluded_has_outcome",
                condition=models.Q(concluded_on__isnull=True) | models.Q(outcome__isnull=False),
            ),
            models.CheckConstraint(
                name="app_concluded_after_received",
                condition=models.Q(concluded_on__isnull=True) | models.Q(received_on__isnull=True)
                | models.Q(concluded_on__gte=models.F("received_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_no

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def provisional_note(self) -> str:
        """Why the due date is provisional (the flagged step of ``due_steps``), or ""."""
        if not self.due_provisional:
            return ""
        return next((s.get("text", "") for s in self.due_steps or [] if s.get("provisional")), "")

    @property
    def public_due_steps(self) -> list[dict[str, object]]:
        """The due-date steps an applicant may read (administrators' instructions left out)."""
        return [s for s in self.due_steps or [] if not s.get("staff_only")]

    @property
    def applicant_type_label(self) -> str:
        return dict(APPLICANT_TYPE_CHOICES).get(self.applicant_type, self.applicant_type)


class TrackingCounter(models.Model):
    """Per agency and year, the last serial of the tracking numbers (locked with select_for_update)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="app_counter_uniq")]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "网上提交申请"
    REGISTERED = "registered", "登记申请"
    RECEIPT_CONFIRMED = "receipt_confirmed", "确认收到申请"
    DUPLICATE_FLAGGED = "duplicate_flagged", "提示疑似重复申请"
    ASSIGNED = "assigned", "分派经办人"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTION_SUBMITTED = "correction_submitted", "提交补正"
    CORRECTION_LAPSED = "correction_lapsed", "逾期未补正"
    CONSULTATION_STARTED = "consultation_started", "发出征求意见"
    CONSULTATION_FINISHED = "consultation_finished", "收到征求意见结果"
    PUBLIC_INTEREST_OVERRIDE = "public_interest_override", "公共利益决定公开并告知第三方"
    EXTENDED = "extended", "延长答复期限"
    FEE_NOTICE = "fee_notice", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳费用"
    FEE_DECLINED = "fee_declined", "放弃缴费"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费"
    DECISION_PROPOSED = "decision_proposed", "拟定答复意见"
    DECISION_APPROVED = "decision_approved", "审批同意"
    DECISION_RETURNED = "decision_returned", "审批退回"
    REPLY_ISSUED = "reply_issued", "出具答复书"
    DELIVERED = "delivered", "送达"
    CLOSED = "closed", "办结归档"
    WITHDRAWN = "withdrawn", "申请人撤回"
    LETTER_ISSUED = "letter_issued", "出具文书"
    REMINDED = "reminded", "发送提醒"
    DUE_RECOMPUTED = "due_recomputed", "按节假日安排重新计算答复期限"
    ATTACHMENT_ADDED = "attachment_added", "上传附件"


class CaseEvent(EventRecord):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_kind_display()}"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见（第三十二条）"
    OTHER_ORGAN = "other_organ", "征求其他机关意见（第三十四条）"


class ConsultationAnswer(models.TextChoices):
    AGREE = "agree", "同意公开"
    OBJECT = "object", "不同意公开"
    SILENT = "silent", "逾期未提出意见"


class Consultation(models.Model):
    """A consultation that pauses the reply clock (Art. 33 ¶3): ``(sent_on, answered_on]``."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("类型", max_length=20, choices=ConsultationKind.choices)
    party_name = models.CharField("被征求意见方", max_length=100)
    party_address = models.CharField("联系地址", max_length=200, blank=True)
    sent_on = models.DateField("发出日期")
    reply_due = models.DateField("答复期限")
    answered_on = models.DateField("结束日期", null=True, blank=True)
    answer = models.CharField("意见", max_length=10, choices=ConsultationAnswer.choices, blank=True)
    note = models.TextField("说明", blank=True)
    override = models.BooleanField("因公共利益决定公开", default=False)
    override_reason = models.TextField("公共利益理由", blank=True)

    class Meta:
        ordering = ["sent_on", "pk"]

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class FeeStatus(models.TextChoices):
    PENDING = "pending", "待缴费"
    PAID = "paid", "已缴费"
    DECLINED = "declined", "申请人放弃"
    LAPSED = "lapsed", "逾期未缴"


class FeeNotice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fee_notices")
    method = models.CharField("计费方式", max_length=20)
    units = models.PositiveIntegerField("件数/页数")
    amount = models.PositiveIntegerField("金额（元）")
    lines = models.JSONField("计费明细", default=list)
    issued_on = models.DateField("发出日期")
    payment_due = models.DateField("缴费期限")
    status = models.CharField("状态", max_length=10, choices=FeeStatus.choices, default=FeeStatus.PENDING)
    settled_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        ordering = ["issued_on", "pk"]


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"applications/{instance.application_id}/attachments/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=250)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100, blank=True)
    by_applicant = models.BooleanField("申请人上传", default=True)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        ordering = ["uploaded_at", "pk"]


def _letter_path(instance: ApplicationLetter, filename: str) -> str:
    return f"applications/{instance.application_id}/letters/{filename}"


class ApplicationLetter(models.Model):
    """A letter issued in a case. The file lives in gongkai.letters (``letter_id``) when that app issued it,
    else in ``docx``/``pdf`` here (rendered by the adapter)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书类型", max_length=30)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文号", max_length=100, blank=True)
    letter_id = models.PositiveBigIntegerField(null=True, blank=True)
    docx = models.FileField(upload_to=_letter_path, max_length=250, blank=True)
    pdf = models.FileField(upload_to=_letter_path, max_length=250, blank=True)
    for_applicant = models.BooleanField("申请人可见", default=True)
    issued_at = models.DateTimeField("出具时间")

    class Meta:
        ordering = ["issued_at", "pk"]


class SubmissionThrottle(models.Model):
    """One row per online submission attempt, by hashed address (for the per-address rate limit)."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
