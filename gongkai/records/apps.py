from django.apps import AppConfig


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.records"
    verbose_name = "政府信息记录更正"
