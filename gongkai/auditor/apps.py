from django.apps import AppConfig


class AuditorConfig(AppConfig):
    name = "gongkai.auditor"
    label = "auditor"
