"""Store the classification of every decision made before decisions were classified on each change of
the final penalties (`decide_on_the_spot`, `change_decision`, data written around the services).

Supervision's rev_missing counts these stored rows (review/decisions.py). Uses the app's current code
(the catalogue matching is not something to duplicate in a migration); on an empty database it does
nothing. Reversing deletes only the `backfill` rows.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from sanxiang.cases.models import Case
    from sanxiang.review.decisions import backfill

    backfill(Case.objects.all())


def backwards(apps, schema_editor):
    Classification = apps.get_model("review", "Classification")
    Classification.objects.filter(trigger="backfill").delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0002_city_default_catalogue"), ("cases", "0004_running_deadline_index")]

    operations = [migrations.RunPython(forwards, backwards)]
