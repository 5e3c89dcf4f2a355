from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "sanxiang.evaluation"
    label = "evaluation"
    verbose_name = "案卷评查与整改"
