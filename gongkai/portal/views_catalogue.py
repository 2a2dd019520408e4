"""The public 政府信息公开专栏: per agency and platform-wide; item pages, search, feed and sitemap.

Every item shown comes from ``CatalogueItem.objects.public()`` — the one visibility rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import astuple
from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from gongkai.agencies.models import Agency
from gongkai.catalogue import pagecache
from gongkai.catalogue.guide import guide_sections, system_sections
from gongkai.catalogue.models import Attachment, CatalogueItem
from gongkai.catalogue.search import MAX_PAGE, Filters, search
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


def _item_counts(agency_ids: list[int]) -> dict[int, dict[str, int]]:
    """Public items per agency and Art. 20 item, in one GROUP BY."""
    qs = CatalogueItem.objects.public()
    qs = qs.filter(agency_id=agency_ids[0]) if len(agency_ids) == 1 else qs.filter(agency_id__in=agency_ids)
    out: dict[int, dict[str, int]] = {a: {} for a in agency_ids}
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from the column index alone (index-only scan).
    for agency_id, code, n in qs.values_list("agency_id", "proactive_item").annotate(n=Count("*")).order_by():
        out[agency_id][code] = n
    return out


def _counts(agency: Agency | None) -> dict[str, int]:
    """Public items per Art. 20 item, of one agency or of the platform: the sum of the agencies' counts,
    each cached under its agency's token (a publication recounts one agency, not the whole catalogue)."""
    ids = [agency.pk] if agency else list(Agency.objects.values_list("pk", flat=True))
    total: Counter[str] = Counter()
    for part in pagecache.per_agency("counts", ids, _item_counts).values():
        total.update(part)
    return dict(total)


def _tree(counts: dict[str, int]) -> list[tuple[object, int]]:
    """The Art. 20 items (always) and any other item with public information, with their counts."""
    return [(i, counts.get(i.code, 0)) for i in ITEMS if i.code in counts or i in ARTICLE_20_ITEMS]


def column_home(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)

    def build() -> SafeString:
        counts = _counts(agency)
        latest = list(_rows().filter(agency=agency).order_by("-published_on", "-pk")[:10])
        return render_to_string("portal/catalogue/_column_body.html", {
            "agency": agency, "items": _tree(counts), "latest": latest})

    body = pagecache.fragment("column", agency.pk, (), build)
    return render(request, "portal/catalogue/column.html", {"agency": agency, "body": body})


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
    current = ITEM_BY_CODE.get(request.GET.get("item", ""))
    number = min(max(_int(request.GET.get("page")) or 1, 1), 10**6)
    scope = agency.pk if agency else None

    def build() -> SafeString:
        qs = _rows()
        if agency:
            qs = qs.filter(agency=agency)
        if current:
            qs = qs.filter(proactive_item=current.code)
        counts = _counts(agency)
        paginator = Paginator(qs.order_by("-published_on", "-pk"), PAGE)
        # The per-item counts already hold the total: no COUNT over the whole catalogue per page.
        paginator.count = counts.get(current.code, 0) if current else sum(counts.values())  # type: ignore[misc]
        return render_to_string("portal/catalogue/_items_body.html", {
            "agency": agency, "page": paginator.get_page(number), "current": current, "items": _tree(counts)})

    body = pagecache.fragment("items", scope, (current.code if current else "", number), build)
    return render(request, "portal/catalogue/items.html", {"agency": agency, "current": current, "body": body})


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
    number = min(max(_int(request.GET.get("page")) or 1, 1), MAX_PAGE)
    this_year = dt.date.today().year
    options = pagecache.fragment("search-options", None, (astuple(filters), this_year),
                                 lambda: _filter_options(filters, this_year))
    body = ""
    if q:
        # The pager's links carry the query as understood (unknown parameters dropped).
        params = {"q": q, "agency": filters.agency_id, "item": filters.proactive_item, "kind": filters.kind,
                  "year": filters.year, "validity": filters.validity}
        querystring = urlencode({k: v for k, v in params.items() if v})
        body = pagecache.fragment("search", filters.agency_id, (q, astuple(filters), number), lambda: render_to_string(
            "portal/catalogue/_search_results.html",
            {"q": q, "results": search(q, filters, number), "querystring": querystring}))
    return render(request, "portal/catalogue/search.html", {"q": q, "options": options, "body": body})


def _options(choices: Iterable[tuple[object, object]], selected: object) -> SafeString:
    """<option> elements, built in one pass (a template loop over 100 agencies costs more than the search)."""
    return mark_safe("".join(  # noqa: S308 - every value and label is escaped
        f'<option value="{escape(str(v))}"{" selected" if v == selected else ""}>{escape(str(label))}</option>'
        for v, label in choices))


def _filter_options(f: Filters, this_year: int) -> dict[str, SafeString]:
    agencies = Agency.objects.order_by("parent_id", "name").values_list("pk", "name")
    return {
        "agency": _options(agencies, f.agency_id),
        "item": _options(((i.code, f"{i.article} {Truncator(i.label).chars(24)}") for i in ITEMS), f.proactive_item),
        "kind": _options(((k.code, k.label) for k in KINDS), f.kind),
        "year": _options(((y, f"{y}年") for y in range(this_year, 2007, -1)), f.year),
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
