from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sanxiang.cases"
    label = "cases"
    verbose_name = "行政处罚案件"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (registers hook handlers)
