"""Forms of the portal and the office. They validate input and turn it into action arguments; every
message is Chinese and shown beside its field. No business rules here beyond input shape."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications.identity import MISSING_NUMBER, identity_errors, normalise_id_number
from gongkai.applications.models import (
    CHANNEL_CHOICES,
    ConsultationAnswer,
    ConsultationKind,
    FormWanted,
    IdType,
    ObtainVia,
    Status,
)
from gongkai.law.categories import APPLICANT_TYPES, OUTCOMES, ReplyType
from gongkai.law.deadlines import CORRECTION_PERIOD_RANGE, CORRECTION_PERIOD_WD, MAX_EXTENSION_WD
from gongkai.law.fees import FEE_METHOD_CHOICES

REQUIRED = {"required": "此项为必填项。", "invalid": "格式不正确。", "invalid_choice": "请从列表中选择。"}

APPLICANT_TYPE_CHOICES = [
    (a.code, a.label if not a.is_legal_entity else f"法人或其他组织 — {a.label}") for a in APPLICANT_TYPES
]
PERSON_ID_TYPES = [c for c in IdType.choices if c[0] != IdType.USCC]
ORG_ID_TYPES = [(IdType.USCC.value, IdType.USCC.label), (IdType.OTHER.value, "其他证照")]


def date_widget() -> forms.DateInput:
    """An HTML date picker; its value must be ISO whatever the locale."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


MAX_UPLOADS = 10


def read_uploads(files: list[Any]) -> list[tuple[str, bytes]]:
    """Uploaded files as (name, bytes), refusing too many and oversized ones before reading them whole."""
    if len(files) > MAX_UPLOADS:  # refused, not cut: the applicant would not know which ones were dropped
        raise forms.ValidationError(f"一次最多上传{MAX_UPLOADS}个附件，本次为{len(files)}个。")
    out = []
    limit = settings.GONGKAI_UPLOAD_MAX_BYTES
    for f in files:
        if f.size > limit:
            raise forms.ValidationError(f"附件“{f.name}”超过{limit // (1024 * 1024)}MB的大小限制。")
        out.append((f.name, f.read()))
    return out


def _id_errors(cleaned: dict[str, Any], form: forms.Form) -> None:
    """The identity rules of the action layer (gongkai.applications.identity), shown beside their fields."""
    cleaned["id_number"] = normalise_id_number(cleaned.get("id_number"))
    for field, message in identity_errors(cleaned, required=True):
        if message == MISSING_NUMBER and "id_number" in form.errors:
            continue  # the field's own error is already there
        form.add_error(field, message)


class ApplicantForm(forms.Form):
    """The applicant and the request (Art. 29); shared by the portal and the office registration."""

    applicant_type = forms.ChoiceField(label="申请人类型", choices=APPLICANT_TYPE_CHOICES, widget=forms.RadioSelect,
                                       error_messages=REQUIRED)
    applicant_name = forms.CharField(label="姓名 / 单位名称", max_length=100, error_messages=REQUIRED)
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=50, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, error_messages=REQUIRED)
    id_number = forms.CharField(label="证件号码", max_length=40, error_messages=REQUIRED)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254,  # the column's length, not Django's 320
                             error_messages={"invalid": "请输入有效的电子邮箱地址。", "max_length": "电子邮箱地址过长。"})
    address = forms.CharField(label="通讯地址", max_length=200, required=False)
    postcode = forms.RegexField(label="邮政编码", regex=r"^\d{6}$", required=False,
                                error_messages={"invalid": "邮政编码应为6位数字。"})
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述", widget=forms.Textarea, max_length=4000,
        error_messages={**REQUIRED, "max_length": "描述不能超过4000字。"},
    )
    form_wanted = forms.ChoiceField(label="获取信息的载体形式", choices=FormWanted.choices, widget=forms.RadioSelect,
                                    initial=FormWanted.ELECTRONIC, error_messages=REQUIRED)
    obtain_via = forms.ChoiceField(label="获取信息的方式", choices=ObtainVia.choices, widget=forms.RadioSelect,
                                   initial=ObtainVia.EMAIL, error_messages=REQUIRED)
    attachments = MultipleFileField(label="附件（可选，如身份证件复印件）", required=False)

    def clean_description(self) -> str:
        value = self.cleaned_data["description"].strip()
        if len(value) < 5:
            raise forms.ValidationError("请具体描述所需的政府信息（名称、文号或其他特征，至少5个字）。")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _id_errors(cleaned, self)
        if not any(cleaned.get(k) for k in ("phone", "email", "address")):
            self.add_error("phone", "请至少填写一种联系方式（电话、电子邮箱或通讯地址）。")
        via = cleaned.get("obtain_via")
        if via == ObtainVia.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "选择通过电子邮件获取时请填写电子邮箱。")
        if via == ObtainVia.POST and not cleaned.get("address"):
            self.add_error("address", "选择邮寄时请填写通讯地址。")
        files = cleaned.get("attachments") or []
        try:
            cleaned["uploads"] = read_uploads(files)
        except forms.ValidationError as exc:
            self.add_error("attachments", exc)
        return cleaned

    def details(self) -> dict[str, Any]:
        keys = ("applicant_type", "applicant_name", "contact_person", "id_type", "id_number", "phone", "email",
                "address", "postcode", "description", "form_wanted", "obtain_via")
        return {k: self.cleaned_data.get(k, "") for k in keys}


class ApplyForm(ApplicantForm):
    agency = forms.ModelChoiceField(label="向哪个机关申请", queryset=Agency.objects.order_by("parent_id", "name"),
                                    empty_label="请选择机关", error_messages=REQUIRED)
    field_order = ["agency"]


class RegisterForm(ApplicantForm):
    channel = forms.ChoiceField(label="申请渠道", choices=[c for c in CHANNEL_CHOICES if c[0] != "internet"],
                                error_messages=REQUIRED)
    submitted_on = forms.DateField(label="提交日期", error_messages={**REQUIRED, "invalid": "请输入有效日期。"},
                                   widget=date_widget())
    signed_on = forms.DateField(label="签收日期（邮寄签收时）", required=False, widget=date_widget(),
                                error_messages={"invalid": "请输入有效日期。"})
    confirmed_on = forms.DateField(label="与申请人确认日期（平信、传真、电子邮件）", required=False,
                                   widget=date_widget(),
                                   error_messages={"invalid": "请输入有效日期。"})
    field_order = ["channel", "submitted_on", "signed_on", "confirmed_on"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Paper applications: the contact rules of the online form are relaxed (the letter has an address).
        for f in ("phone", "email"):
            if f in self.errors and not cleaned.get(f) and cleaned.get("address"):
                del self.errors[f]
        return cleaned


class TrackForm(forms.Form):
    tracking_no = forms.CharField(label="申请编号", max_length=40, error_messages=REQUIRED)
    code = forms.CharField(label="查询码", max_length=40, error_messages=REQUIRED,
                           widget=forms.PasswordInput(render_value=True))


class CorrectionForm(forms.Form):
    description = forms.CharField(label="补正后的申请内容", widget=forms.Textarea, max_length=4000,
                                  error_messages=REQUIRED)
    attachments = MultipleFileField(label="补充材料（可选）", required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由（可选）", max_length=300, required=False)
    confirm = forms.BooleanField(label="我确认撤回本申请，撤回后本机关不再处理", error_messages={"required": "请勾选确认。"})


# --------------------------------------------------------------------------- office action forms


def _clerk_choices(agency: Agency) -> Any:
    ids = Membership.objects.filter(agency=agency).exclude(role=Role.SUPERVISOR).values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    clerk = StaffChoice(label="经办人", queryset=get_user_model().objects.none(), error_messages=REQUIRED)

    def __init__(self, *args: Any, agency: Agency, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["clerk"].queryset = _clerk_choices(agency)


class DateForm(forms.Form):
    date = forms.DateField(label="日期", widget=date_widget(),
                           error_messages={**REQUIRED, "invalid": "请输入有效日期。"})


class ConfirmReceiptForm(forms.Form):
    confirmed_on = forms.DateField(label="确认收到日期", widget=date_widget(),
                                   error_messages={**REQUIRED, "invalid": "请输入有效日期。"})


class RequestCorrectionForm(forms.Form):
    items = forms.CharField(label="需补正的事项（一次性告知）", widget=forms.Textarea, error_messages=REQUIRED)
    period_wd = forms.IntegerField(
        label="补正期限（工作日）", min_value=CORRECTION_PERIOD_RANGE[0], max_value=CORRECTION_PERIOD_RANGE[1],
        initial=CORRECTION_PERIOD_WD, error_messages={**REQUIRED, "min_value": f"至少{CORRECTION_PERIOD_RANGE[0]}个工作日。",
                                                      "max_value": f"最多{CORRECTION_PERIOD_RANGE[1]}个工作日。"})


class StaffCorrectionForm(forms.Form):
    description = forms.CharField(label="补正后的申请内容（收到纸质补正时登记）", widget=forms.Textarea,
                                  error_messages=REQUIRED)


class StartConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ConsultationKind.choices, error_messages=REQUIRED)
    party_name = forms.CharField(label="第三方或机关名称", max_length=100, error_messages=REQUIRED)
    party_address = forms.CharField(label="联系地址", max_length=200, required=False)


class FinishConsultationForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(label="意见", choices=ConsultationAnswer.choices, error_messages=REQUIRED)
    answered_on = forms.DateField(label="收到意见日期", widget=date_widget(),
                                  error_messages={**REQUIRED, "invalid": "请输入有效日期。"})
    note = forms.CharField(label="意见摘要", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    override = forms.BooleanField(label="第三方不同意，但不公开可能对公共利益造成重大影响，决定公开并告知第三方",
                                  required=False)
    override_reason = forms.CharField(label="公共利益理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20,
                                  error_messages={**REQUIRED, "min_value": "至少1个工作日。",
                                                  "max_value": f"延长的期限最长不得超过{MAX_EXTENSION_WD}个工作日。"})
    reason = forms.CharField(label="延期理由", max_length=300, error_messages=REQUIRED)


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="计费方式", choices=FEE_METHOD_CHOICES,
                               error_messages=REQUIRED)
    pages = forms.IntegerField(label="页数（按量计收时）", min_value=1, required=False,
                               error_messages={"min_value": "页数至少为1。", "invalid": "请输入整数。"})


class FeeActionForm(forms.Form):
    fee = forms.IntegerField(widget=forms.HiddenInput)
    paid_on = forms.DateField(label="缴费日期", required=False, widget=date_widget(),
                              error_messages={"invalid": "请输入有效日期。"})


def outcome_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for rt in ReplyType:
        items = [(o.code, f"{o.label}（{o.article}）") for o in OUTCOMES if o.reply_type == rt and not o.by_applicant]
        if items:
            groups.append((rt.label, items))
    return groups


class ProposeForm(forms.Form):
    outcome = forms.ChoiceField(label="答复类型和理由", error_messages=REQUIRED)
    withheld_detail = forms.CharField(label="不予公开的内容（部分公开时）", widget=forms.Textarea(attrs={"rows": 2}),
                                      required=False)
    withheld_reason = forms.ChoiceField(label="不予公开部分的理由（部分公开时）", required=False)
    note = forms.CharField(label="答复要点（写入答复书）", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["outcome"].choices = [("", "请选择"), *outcome_choices()]
        self.fields["withheld_reason"].choices = [("", "—")] + [
            (o.code, f"{o.label}（{o.article}）") for o in OUTCOMES if o.reply_type == ReplyType.WITHHELD
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("return", "退回")], error_messages=REQUIRED)
    comment = forms.CharField(label="意见（退回时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReplyForm(forms.Form):
    answer = forms.CharField(label="补充说明（可选）", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label="送达日期", widget=date_widget(),
                                   error_messages={**REQUIRED, "invalid": "请输入有效日期。"})
    method = forms.CharField(label="送达方式", max_length=50, initial="邮寄", error_messages=REQUIRED)


class EmptyForm(forms.Form):
    pass


class InboxFilter(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("open", "未办结"), *Status.choices])
    due = forms.ChoiceField(label="期限", required=False,
                            choices=[("", "全部"), ("soon", "即将到期"), ("overdue", "已超期"), ("stopped", "暂停计时")])
    clerk = forms.CharField(label="经办人", required=False)
    applicant_type = forms.ChoiceField(label="申请人类型", required=False,
                                       choices=[("", "全部"), *[(a.code, a.label) for a in APPLICANT_TYPES]])
    q = forms.CharField(label="编号/申请人/内容", required=False, max_length=100)
