from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "gongkai.office"
    label = "office"
