"""Read-mostly Django admin lists of the imported records (for administrators checking data)."""

from django.contrib import admin

from .models import BudgetLine, BusinessEntry, ImportRun, Parcel


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Import history; runs are written only by imports."""

    list_display = [
        "started_at",
        "kind",
        "file_name",
        "system_label",
        "started_by",
        "status",
        "rows_created",
        "rows_updated",
        "rows_unchanged",
        "rows_invalid",
    ]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BusinessEntry)
class BusinessEntryAdmin(admin.ModelAdmin):
    """The register of business activity."""

    list_display = ["business_name", "nip", "regon", "town", "start_date", "status"]
    list_filter = ["status", "town"]
    search_fields = ["business_name", "nip", "regon", "owner_last_name"]


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    """Municipal parcels."""

    list_display = ["precinct_name", "number", "area_m2", "land_register_number", "status"]
    list_filter = ["status", "precinct_name"]
    search_fields = ["number", "land_register_number"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    """Budget lines."""

    list_display = [
        "budget_year",
        "line_type",
        "chapter",
        "paragraph",
        "financing_digit",
        "plan_after_amendments",
        "execution",
        "data_as_of",
    ]
    list_filter = ["budget_year", "line_type"]
