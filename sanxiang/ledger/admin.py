"""Read-only admin for the log (AUD-05): nobody adds, changes or deletes entries here."""

from django.contrib import admin

from .models import Entry, TreeHead


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewing needs the model's view permission; add, change and delete are refused to everyone."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["index", "kind", "subject_type", "subject_id", "actor", "actor_label", "created_at"]
    list_filter = ["kind", "subject_type"]
    search_fields = ["=subject_id", "kind"]
    list_select_related = ["actor"]
    show_full_result_count = False  # COUNT(*) over millions of rows on every page is not worth it


@admin.register(TreeHead)
class TreeHeadAdmin(ReadOnlyAdmin):
    list_display = ["tree_size", "root_hash", "timestamp", "origin", "key_id"]
