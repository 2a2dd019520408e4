from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "gongkai.redaction"
    label = "redaction"
    verbose_name = "区分处理（遮盖）"
