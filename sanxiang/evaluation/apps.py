from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "sanxiang.evaluation"
    label = "evaluation"
    verbose_name = "案卷评查与整改"

    def ready(self):
        from sanxiang.orgs import access

        from . import handlers
        from .grants import sampled_case_ids

        handlers.register()

        # Evaluators from other bodies read the files drawn for their team (docs/evaluation.md).
        access.register_grant_source("evaluation.sampled_files", sampled_case_ids, subject="cases.Case")
