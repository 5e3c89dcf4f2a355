"""Admin: the rubric is configuration (EVAL-01/02) edited here while no plan has drawn under it."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm

from .models import Rubric, RubricItem
from .scoring import check_grades


class RubricForm(ModelForm):
    class Meta:
        model = Rubric
        fields = ["name", "form_points", "substance_points", "grades", "is_default"]

    def clean_grades(self):
        grades = self.cleaned_data["grades"]
        problems = check_grades(grades)
        if problems:
            raise ValidationError(problems)
        return grades


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    form = RubricForm
    inlines = [RubricItemInline]
    list_display = ["name", "form_points", "substance_points", "is_default"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.in_use:
            return False  # scores of a plan must stay comparable: copy the rubric instead
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.plans.exists()
