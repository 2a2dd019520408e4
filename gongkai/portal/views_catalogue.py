"""The public 政府信息公开专栏: per agency and platform-wide; item pages, search, feed and sitemap.

Every item shown comes from ``CatalogueItem.objects.public()`` — the one visibility rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from gongkai.agencies.models import Agency
from gongkai.catalogue.guide import guide_sections, system_sections
from gongkai.catalogue.models import Attachment, CatalogueItem
from gongkai.catalogue.search import Filters, search
from gongkai.law.proactive import ARTICLE_20_ITEMS, ITEM_BY_CODE, ITEMS, KINDS, VALIDITY_LABELS

PAGE = 20


def _public() -> object:
    return CatalogueItem.objects.public().select_related("agency")


# The columns of a list row (_rows.html): building 20 whole items with their agency costs more than the page.
ROW_FIELDS = ("id", "index_no", "title", "doc_number", "published_on", "validity", "publisher",
              "agency__slug", "agency__name")


def _rows() -> object:
    return _public().only(*ROW_FIELDS)  # type: ignore[attr-defined]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _item_counts(agency: Agency | None) -> dict[str, int]:
    qs = CatalogueItem.objects.public()
    if agency is not None:
        qs = qs.filter(agency=agency)
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from the column index alone (index-only scan).
    return dict(qs.values_list("proactive_item").annotate(n=Count("*")).values_list("proactive_item", "n"))


def column_home(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    counts = _item_counts(agency)
    latest = list(_rows().filter(agency=agency).order_by("-published_on", "-pk")[:10])
    items = [(i, counts.get(i.code, 0)) for i in ITEMS if i.code in counts or i in ARTICLE_20_ITEMS]
    return render(request, "portal/catalogue/column.html", {"agency": agency, "items": items, "latest": latest})


def guide(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    return render(request, "portal/catalogue/guide.html", {
        "agency": agency, "sections": guide_sections(agency), "title": "政府信息公开指南",
        "updated": (agency.settings or {}).get("guide_text_updated"),
    })


def system(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    return render(request, "portal/catalogue/guide.html", {
        "agency": agency, "sections": system_sections(agency), "title": "政府信息公开制度",
        "updated": (agency.settings or {}).get("system_text_updated"),
    })


def item_list(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """法定主动公开内容, by Art. 20 item (per agency, or for the whole platform)."""
    agency = get_object_or_404(Agency, slug=slug) if slug else None
    qs = _rows()
    if agency:
        qs = qs.filter(agency=agency)
    code = request.GET.get("item", "")
    current = ITEM_BY_CODE.get(code)
    if current:
        qs = qs.filter(proactive_item=code)
    page = Paginator(qs.order_by("-published_on", "-pk"), PAGE).get_page(request.GET.get("page"))
    counts = _item_counts(agency)
    return render(request, "portal/catalogue/items.html", {
        "agency": agency, "page": page, "current": current,
        "items": [(i, counts.get(i.code, 0)) for i in ITEMS if i.code in counts or i in ARTICLE_20_ITEMS],
    })


def item_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(_public(), agency__slug=slug, pk=pk)
    return render(request, "portal/catalogue/item.html", {
        "agency": item.agency, "item": item, "attachments": item.attachments.all(),
        "proactive_item": ITEM_BY_CODE.get(item.proactive_item),
    })


def attachment(request: HttpRequest, slug: str, pk: int, att: int) -> FileResponse:
    item = get_object_or_404(_public(), agency__slug=slug, pk=pk)
    a = get_object_or_404(Attachment, item=item, pk=att)
    try:
        fh = a.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件不存在") from None
    return FileResponse(fh, as_attachment=True, filename=a.name)


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    year = _int(request.GET.get("year"))
    filters = Filters(
        agency_id=_int(request.GET.get("agency")),
        proactive_item=request.GET.get("item", "") if request.GET.get("item", "") in ITEM_BY_CODE else "",
        kind=request.GET.get("kind", "") if request.GET.get("kind", "") in {k.code for k in KINDS} else "",
        year=year if year and 1990 <= year <= 2100 else None,
        validity=request.GET.get("validity", "") if request.GET.get("validity", "") in {v.value for v in VALIDITY_LABELS} else "",
    )
    page = _int(request.GET.get("page")) or 1
    results = search(q, filters, page) if q else None
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "portal/catalogue/search.html", {
        "q": q, "results": results, "filters": filters, "querystring": params.urlencode(),
        "options": _filter_options(filters),
    })


def _options(choices: Iterable[tuple[object, object]], selected: object) -> SafeString:
    """<option> elements, built in one pass (a template loop over 100 agencies costs more than the search)."""
    return mark_safe("".join(  # noqa: S308 - every value and label is escaped
        f'<option value="{escape(str(v))}"{" selected" if v == selected else ""}>{escape(str(label))}</option>'
        for v, label in choices))


def _filter_options(f: Filters) -> dict[str, SafeString]:
    agencies = Agency.objects.order_by("parent_id", "name").values_list("pk", "name")
    return {
        "agency": _options(agencies, f.agency_id),
        "item": _options(((i.code, f"{i.article} {Truncator(i.label).chars(24)}") for i in ITEMS), f.proactive_item),
        "kind": _options(((k.code, k.label) for k in KINDS), f.kind),
        "year": _options(((y, f"{y}年") for y in range(dt.date.today().year, 2007, -1)), f.year),
        "validity": _options(((v.value, label) for v, label in VALIDITY_LABELS.items()), f.validity),
    }


class AgencyFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Agency:  # type: ignore[override]
        return get_object_or_404(Agency, slug=slug)

    def title(self, obj: Agency) -> str:
        return f"{obj.name} 政府信息公开"

    def link(self, obj: Agency) -> str:
        return f"/agency/{obj.slug}/"

    def subtitle(self, obj: Agency) -> str:
        return f"{obj.name}最新主动公开的政府信息"

    def items(self, obj: Agency) -> list[CatalogueItem]:
        return list(_public().filter(agency=obj).order_by("-published_on", "-pk")[:50])

    def item_title(self, item: CatalogueItem) -> str:
        return item.title

    def item_description(self, item: CatalogueItem) -> str:
        return f"索引号：{item.index_no}　{item.summary}"

    def item_pubdate(self, item: CatalogueItem) -> dt.datetime:
        return dt.datetime.combine(item.published_on, dt.time(0, 0))

    def item_updateddate(self, item: CatalogueItem) -> dt.datetime:
        return item.updated_at


class CatalogueSitemap(Sitemap):
    limit = 5000

    def items(self):  # type: ignore[no-untyped-def]
        return CatalogueItem.objects.public().select_related("agency").order_by("pk")

    def lastmod(self, item: CatalogueItem) -> dt.date:
        return item.published_on


class ColumnSitemap(Sitemap):
    def items(self) -> list[str]:
        out = ["/search/", "/items/"]
        for slug in Agency.objects.order_by("pk").values_list("slug", flat=True):
            out += [f"/agency/{slug}/", f"/agency/{slug}/guide/", f"/agency/{slug}/system/", f"/agency/{slug}/items/"]
        return out

    def location(self, item: str) -> str:
        return item


SITEMAPS = {"columns": ColumnSitemap, "items": CatalogueSitemap}
