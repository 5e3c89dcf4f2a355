from django.apps import AppConfig


class AnnualreportConfig(AppConfig):
    name = "sanxiang.annualreport"
    label = "annualreport"
    verbose_name = "行政执法统计年报"
