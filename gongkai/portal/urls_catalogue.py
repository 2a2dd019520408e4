"""Public URLs of the 政府信息公开专栏 (catalogue): columns, items, search, feed, sitemap."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.portal import views_catalogue as v

urlpatterns = [
    path("search/", v.search_page, name="search"),
    path("items/", v.item_list, name="items"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": v.SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": v.SITEMAPS}, name="sitemap_section"),
    path("agency/<slug:slug>/", v.column_home, name="column"),
    path("agency/<slug:slug>/guide/", v.guide, name="guide"),
    path("agency/<slug:slug>/system/", v.system, name="system"),
    path("agency/<slug:slug>/items/", v.item_list, name="agency_items"),
    path("agency/<slug:slug>/items/<int:pk>/", v.item_detail, name="item"),
    path("agency/<slug:slug>/items/<int:pk>/attachments/<int:att>/", v.attachment, name="attachment"),
    path("agency/<slug:slug>/feed/", v.AgencyFeed(), name="feed"),
]
