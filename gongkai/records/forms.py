"""Forms of the record-correction request (portal and office)."""

from __future__ import annotations

from django import forms

from gongkai.records.models import OUTCOME_CHOICES


class RecordRequestForm(forms.Form):
    applicant_name = forms.CharField(label="申请人姓名/名称", max_length=100)
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通讯地址（答复书按此地址送达）", max_length=200, required=False)
    record = forms.CharField(label="需要更正的政府信息记录", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="写明记录所在的文件、证照或系统，以及不准确的内容")
    correction = forms.CharField(label="应当更正为", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label="证明记录不准确的证据", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="《条例》第四十一条：有证据证明与本人相关的政府信息记录不准确的，可以要求更正")


class PaperRecordForm(RecordRequestForm):
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label="答复结果", choices=[("", "请选择")] + OUTCOME_CHOICES)
    reason = forms.CharField(label="理由（不予更正时必填）", max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    organ = forms.CharField(label="有权更正的行政机关（转送或告知时必填）", max_length=100, required=False)
