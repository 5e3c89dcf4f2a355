from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "sanxiang.workdays"
    label = "workdays"
    verbose_name = "法定工作日历"
