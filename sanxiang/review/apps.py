from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "sanxiang.review"
    label = "review"
    verbose_name = "重大执法决定法制审核"

    def ready(self) -> None:
        from . import handlers

        handlers.register()
