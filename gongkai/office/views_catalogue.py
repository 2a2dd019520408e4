"""Staff pages of 主动公开: the catalogue register, item form, the three-step attribute decision,
Art. 26 late list, the yearly self-review, bulk import, table 二 hand-entered figures and the guide.

Every view goes through gongkai.agencies.access; outsiders get 404. No business logic here: each POST
calls one action of gongkai.catalogue.actions and shows its CatalogueError beside the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies.access import (
    can_act,
    current_agency,
    get_for_staff,
    require_agency,
    roles_in,
    staff_required,
)
from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.models import Role
from gongkai.catalogue import actions, guide
from gongkai.catalogue.actions import CatalogueError
from gongkai.catalogue.models import (
    ATTRIBUTE_CHOICES,
    ITEM_CHOICES,
    KIND_CHOICES,
    REASON_CHOICES,
    VALIDITY_CHOICES,
    Attachment,
    CatalogueItem,
    DecisionState,
    T2Figure,
)
from gongkai.catalogue.reporting import compute_t2
from gongkai.law.editions import edition_for_year
from gongkai.office.views import DASHBOARD_PANELS
from gongkai.web import post_only, posted_text, to_form

PAGE = 30


def _items(request: HttpRequest) -> Any:
    agency = current_agency(request)
    return agency, CatalogueItem.objects.filter(agency=agency)


def _item(request: HttpRequest, pk: int) -> CatalogueItem:
    return get_for_staff(request, CatalogueItem.objects.select_related("agency", "created_by"), pk=pk)


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------- forms


class ItemForm(forms.Form):
    title = forms.CharField(label="名称", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    formed_on = forms.DateField(label="成文日期", widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "请按 2026-03-01 的格式填写日期。"})
    kind = forms.ChoiceField(label="信息类别", choices=[("", "请选择")] + KIND_CHOICES)
    proactive_item = forms.ChoiceField(label="公开目录（第二十条/第二十一条事项）", required=False,
                                       choices=[("", "按信息类别自动归入")] + ITEM_CHOICES)
    topic = forms.CharField(label="主题分类", max_length=60, required=False)
    publisher = forms.CharField(label="发布机构", max_length=100, required=False, help_text="不填则为本机关")
    effective_on = forms.DateField(label="实施日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={"invalid": "请按 2026-03-01 的格式填写日期。"})
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 10}))


class ProposeForm(forms.Form):
    attribute = forms.ChoiceField(label="公开属性", choices=ATTRIBUTE_CHOICES, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label="法定理由（依申请公开、不予公开时必填）", required=False,
                               choices=[("", "—")] + REASON_CHOICES)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    secrecy_reviewed = forms.BooleanField(label="我已按《条例》第十七条完成保密审查", required=False)


# --------------------------------------------------------------------------- register


@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    agency, qs = _items(request)
    g = request.GET
    if g.get("state") in DecisionState.values:
        qs = qs.filter(state=g["state"])
    if g.get("kind") in dict(KIND_CHOICES):
        qs = qs.filter(kind=g["kind"])
    if g.get("attribute") in dict(ATTRIBUTE_CHOICES):
        qs = qs.filter(attribute=g["attribute"])
    if g.get("late") == "1":
        qs = qs.filter(late=True)
    q = g.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(doc_number__icontains=q) | Q(index_no__icontains=q))
    page = Paginator(qs.order_by("-updated_at", "-pk"), PAGE).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    return render(request, "office/catalogue/list.html", {
        "agency": agency, "page": page, "q": q, "states": DecisionState.choices, "kinds": KIND_CHOICES,
        "attributes": ATTRIBUTE_CHOICES, "g": g, "querystring": params.urlencode(),
        "can_draft": can_act(request.user, agency, actions.DRAFTERS),
    })


@staff_required
def item_new(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not can_act(request.user, agency, actions.DRAFTERS):
        raise Http404("未找到")
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = actions.create_draft(
                agency=agency, actor=request.user, now=timezone.now(), title=d["title"], formed_on=d["formed_on"],
                kind=d["kind"], proactive_item=d["proactive_item"] or None, summary=d["summary"],
                publisher=d["publisher"], doc_number=d["doc_number"], topic=d["topic"],
                effective_on=d["effective_on"], body=d["body"],
            )
        except CatalogueError as e:
            to_form(form, e)
        else:
            messages.success(request, "已保存为草稿。")
            return redirect(f"/office/catalogue/{item.pk}/")
    return render(request, "office/catalogue/form.html", {"agency": agency, "form": form, "item": None})


@staff_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if not can_act(request.user, item.agency, actions.DRAFTERS):
        raise Http404("未找到")
    initial = {f: getattr(item, f) for f in actions.ITEM_FIELDS}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        if not d["proactive_item"]:
            d["proactive_item"] = item.proactive_item
        try:
            actions.edit_item(item=item, actor=request.user, now=timezone.now(), **d)
        except CatalogueError as e:
            to_form(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect(f"/office/catalogue/{item.pk}/")
    return render(request, "office/catalogue/form.html", {"agency": item.agency, "form": form, "item": item})


def _detail_context(request: HttpRequest, item: CatalogueItem, **extra: Any) -> dict[str, Any]:
    roles = roles_in(request.user, item.agency)
    is_admin = Role.ADMIN in roles
    return {
        "agency": item.agency, "item": item, "events": item.events.select_related("actor"),
        "attachments": item.attachments.all(),
        "propose_form": extra.pop("propose_form", None) or ProposeForm(initial={"attribute": item.attribute or "proactive"}),
        "can_draft": can_act(request.user, item.agency, actions.DRAFTERS),
        "can_review": is_admin or Role.REVIEWER in roles,
        "can_sign": is_admin or Role.HEAD in roles,
        "validities": VALIDITY_CHOICES, "error": extra.pop("error", None), **extra,
    }


@staff_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return render(request, "office/catalogue/detail.html", _detail_context(request, item))


def _act(request: HttpRequest, item: CatalogueItem, fn: Any, ok: str, **kw: Any) -> HttpResponse:
    try:
        fn(item=item, actor=request.user, now=timezone.now(), **kw)
    except CatalogueError as e:
        item.refresh_from_db()
        return render(request, "office/catalogue/detail.html", _detail_context(request, item, error=e.message), status=400)
    messages.success(request, ok)
    return redirect(f"/office/catalogue/{item.pk}/")


@staff_required
@post_only
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.propose_attribute(item=item, actor=request.user, now=timezone.now(), attribute=d["attribute"],
                                      reason=d["reason"], note=d["note"], secrecy_reviewed=d["secrecy_reviewed"])
        except CatalogueError as e:
            to_form(form, e)
        else:
            messages.success(request, "已提出公开属性，等待办公室审核。")
            return redirect(f"/office/catalogue/{item.pk}/")
    item.refresh_from_db()
    return render(request, "office/catalogue/detail.html", _detail_context(request, item, propose_form=form), status=400)


@staff_required
@post_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    approve = request.POST.get("decision") == "approve"
    return _act(request, item, actions.review_attribute, "审核通过，等待负责人签发。" if approve else "已退回起草人。",
                approve=approve, comment=posted_text(request, "comment"))


@staff_required
@post_only
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    approve = request.POST.get("decision") == "approve"
    return _act(request, item, actions.sign_off, "已签发，公开属性已确定。" if approve else "已退回起草人。",
                approve=approve, comment=posted_text(request, "comment"))


@staff_required
@post_only
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _act(request, item, actions.publish, "已发布。", calendar=get_calendar())


@staff_required
@post_only
def validity(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    on = None
    if request.POST.get("on"):
        try:
            on = dt.date.fromisoformat(request.POST["on"])
        except ValueError:
            return render(request, "office/catalogue/detail.html",
                          _detail_context(request, item, error="请按 2026-03-01 的格式填写日期。"), status=400)
    return _act(request, item, actions.change_validity, "有效性已变更。", validity=request.POST.get("validity", ""), on=on)


@staff_required
@post_only
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _act(request, item, actions.withdraw, "已撤回，本信息不再公开。", reason=posted_text(request, "reason"))


@staff_required
@post_only
def convert(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    resp = _act(request, item, actions.convert_to_proactive, "已转为主动公开并发布。", calendar=get_calendar(),
                note=posted_text(request, "note"))
    if resp.status_code == 302 and request.POST.get("next") == "self-review":
        return redirect("/office/catalogue/self-review/")
    return resp


@staff_required
@post_only
def keep(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    resp = _act(request, item, actions.mark_reviewed, "已评估审查，维持原公开属性。", note=posted_text(request, "note"))
    if resp.status_code == 302:
        return redirect("/office/catalogue/self-review/")
    return resp


@staff_required
@post_only
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    f = request.FILES.get("file")
    if f is None:
        return render(request, "office/catalogue/detail.html", _detail_context(request, item, error="请选择文件。"), status=400)
    if f.size > actions.django_settings.GONGKAI_UPLOAD_MAX_BYTES:
        return render(request, "office/catalogue/detail.html", _detail_context(request, item, error="文件过大。"), status=400)
    return _act(request, item, actions.add_attachment, "附件已上传。", name=f.name, content=f.read())


@staff_required
def attachment(request: HttpRequest, pk: int, att: int) -> FileResponse:
    item = _item(request, pk)
    a = Attachment.objects.filter(item=item, pk=att).first()
    if a is None:
        raise Http404("未找到")
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.name)


# --------------------------------------------------------------------------- Art. 26, self-review


@staff_required
def late_list(request: HttpRequest) -> HttpResponse:
    agency, qs = _items(request)
    year = request.GET.get("year", "")
    qs = qs.filter(late=True)
    if year.isdigit():
        qs = qs.filter(published_on__year=int(year))
    page = Paginator(qs.order_by("-published_on", "-pk"), PAGE).get_page(request.GET.get("page"))
    return render(request, "office/catalogue/late.html", {"agency": agency, "page": page, "year": year})


def _asked_for(agency: Any, today: dt.date) -> list[dict[str, Any]]:
    """Information applications keep asking for: applications' descriptions grouped by similarity."""
    from django.apps import apps

    from gongkai.catalogue.tokens import document_tokens

    try:
        Application = apps.get_model("applications", "Application")
    except LookupError:
        return []
    names = {f.name for f in Application._meta.get_fields()}
    text_field = next((n for n in ("description", "information_description", "info_description", "content",
                                   "request_text", "subject") if n in names), None)
    if text_field is None or "agency" not in names:
        return []
    texts = list(Application.objects.filter(agency=agency).order_by("-pk").values_list(text_field, flat=True)[:500])
    groups: list[dict[str, Any]] = []
    for text in texts:
        if not text:
            continue
        toks = {t for t in document_tokens(text) if len(t) == 2}
        if not toks:
            continue
        for g in groups:
            inter = len(toks & g["tokens"])
            if inter / max(1, min(len(toks), len(g["tokens"]))) >= 0.5:
                g["count"] += 1
                g["examples"].append(text)
                break
        else:
            groups.append({"tokens": toks, "count": 1, "examples": [text]})
    out = [g for g in groups if g["count"] >= 2]
    out.sort(key=lambda g: -g["count"])
    return [{"count": g["count"], "example": g["examples"][0], "others": g["examples"][1:4]} for g in out[:20]]


@staff_required
def self_review(request: HttpRequest) -> HttpResponse:
    agency, qs = _items(request)
    today = _today()
    withheld = qs.filter(state=DecisionState.SIGNED).exclude(attribute="proactive").order_by("review_due", "pk")
    due = [i for i in withheld if i.review_due is None or i.review_due <= today]
    later = [i for i in withheld if i.review_due is not None and i.review_due > today]
    return render(request, "office/catalogue/self_review.html", {
        "agency": agency, "due": due, "later": later, "asked": _asked_for(agency, today),
        "can_convert": can_act(request.user, agency, (Role.REVIEWER, Role.HEAD)),
    })


# --------------------------------------------------------------------------- import


class ImportForm(forms.Form):
    file = forms.FileField(label="目录文件（CSV 或 XLSX）")
    mode = forms.ChoiceField(label="有错误的行怎么办", initial="all", widget=forms.RadioSelect, choices=[
        ("all", "全部正确才导入（任何一行有错误则一行也不导入）"), ("valid", "只导入正确的行，跳过有错误的行")])


@staff_required
def import_view(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not can_act(request.user, agency, actions.DRAFTERS):
        raise Http404("未找到")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        if f.size > actions.django_settings.GONGKAI_UPLOAD_MAX_BYTES:
            form.add_error("file", "文件过大。")
        else:
            try:
                result = actions.import_items(
                    agency=agency, actor=request.user, now=timezone.now(), name=f.name, content=f.read(),
                    only_valid=form.cleaned_data["mode"] == "valid", calendar=get_calendar(),
                )
            except CatalogueError as e:
                to_form(form, e)
    from gongkai.catalogue.importer import HEADERS
    return render(request, "office/catalogue/import.html", {
        "agency": agency, "form": form, "result": result, "headers": [v[0] for v in HEADERS.values()]})


# --------------------------------------------------------------------------- table 二, guide


@staff_required
def t2(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or _today().year - 1)
        if year > _today().year + 1:
            raise ValueError(year)
        edition = edition_for_year(year)
    except ValueError:  # not a number, a year to come, or a year before the 2019 formats
        year = _today().year - 1
        edition = edition_for_year(year)
    error = None
    if request.method == "POST":
        require_agency(request, agency.pk, (Role.CLERK, Role.REVIEWER, Role.HEAD))
        cell = request.POST.get("cell", "")
        parts = cell.split(".")
        try:
            if len(parts) != 3:
                raise CatalogueError("请选择表格中的格子。", "cell")
            actions.set_t2_figure(agency=agency, actor=request.user, now=timezone.now(), year=year, subtable=parts[0],
                                  row=parts[1], column=parts[2], value=request.POST.get("value", ""),
                                  source=posted_text(request, "source"))
        except CatalogueError as e:
            error = e
        else:
            messages.success(request, "已保存。")
            return redirect(f"/office/catalogue/t2/?year={year}")
    table = compute_t2([agency.pk], year, edition)
    figures = {f"{f.subtable}.{f.row}.{f.column}": f for f in T2Figure.objects.filter(agency=agency, year=year)}
    rows = []
    for st in edition.t2:
        for row in st.rows:
            for col in st.columns:
                key = f"{st.id}.{row.id}.{col.id}"
                rows.append({"key": key, "heading": st.heading, "row": row.label, "col": col.label,
                             "value": table[st.id][row.id][col.id], "figure": figures.get(key)})
    return render(request, "office/catalogue/t2.html", {
        "agency": agency, "year": year, "edition": edition, "rows": rows, "error": error, "post": request.POST,
        "years": range(_today().year, 2018, -1),
    })


@staff_required
def guide_edit(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    agency = require_agency(request, agency.pk, (Role.ADMIN,))
    key = "system_text" if request.GET.get("which") == "system" or request.POST.get("which") == "system" else "guide_text"
    generated = guide.as_text(guide.generated_system(agency) if key == "system_text" else guide.generated_guide(agency))
    text = posted_text(request, "text") if request.method == "POST" else (agency.settings or {}).get(key) or generated
    error = None
    if request.method == "POST":
        try:
            actions.set_agency_text(agency=agency, actor=request.user, now=timezone.now(), key=key,
                                    text="" if request.POST.get("reset") else text or "")
        except CatalogueError as e:
            error = e.message
        else:
            messages.success(request, "已保存。")
            return redirect(f"/office/catalogue/guide/?which={'system' if key == 'system_text' else 'guide'}")
    return render(request, "office/catalogue/guide.html", {
        "agency": agency, "key": key, "text": text, "error": error,
        "edited": bool((agency.settings or {}).get(key)),
    })


# --------------------------------------------------------------------------- dashboard


def dashboard_panel(request: HttpRequest, agency: Any) -> tuple[str, dict[str, Any]]:
    roles = roles_in(request.user, agency)
    admin = Role.ADMIN in roles
    qs = CatalogueItem.objects.filter(agency=agency)
    waiting: list[tuple[str, int, str]] = []
    if admin or roles & {Role.CLERK, Role.REVIEWER, Role.HEAD}:
        waiting.append(("我的草稿", qs.filter(state=DecisionState.DRAFT, created_by=request.user).count(),
                        "/office/catalogue/?state=draft"))
        waiting.append(("已签发待发布", qs.filter(state=DecisionState.SIGNED, attribute="proactive").count(),
                        "/office/catalogue/?state=signed&attribute=proactive"))
    if admin or Role.REVIEWER in roles:
        waiting.append(("待我审核", qs.filter(state=DecisionState.PROPOSED).count(), "/office/catalogue/?state=proposed"))
    if admin or Role.HEAD in roles:
        waiting.append(("待我签发", qs.filter(state=DecisionState.REVIEWED).count(), "/office/catalogue/?state=reviewed"))
    year = _today().year
    late = qs.filter(late=True, published_on__year=year).count()
    review_due = qs.filter(state=DecisionState.SIGNED).exclude(attribute="proactive").filter(
        Q(review_due__isnull=True) | Q(review_due__lte=_today())).count()
    return "office/catalogue/_panel.html", {"waiting": waiting, "late": late, "year": year, "review_due": review_due}


if dashboard_panel not in DASHBOARD_PANELS:
    DASHBOARD_PANELS.append(dashboard_panel)
