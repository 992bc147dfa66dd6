"""Serializers of the open-data API: only what the registers publish, plus source and metryka.

No PESEL, no private address or contact details of an entrepreneur (they are not even stored),
and nothing about who imported the data (the importing clerk is an internal fact).
"""

from __future__ import annotations

from rest_framework import serializers

from .models import BudgetLine, BudgetYear, BusinessEntry, ImportRun, Parcel, PkdCode


class SourceSerializer(serializers.ModelSerializer):
    """Where a record came from: which import of which file from which system, and when."""

    system = serializers.CharField(source="system_label")
    imported_at = serializers.DateTimeField(source="finished_at", allow_null=True)

    class Meta:
        model = ImportRun
        fields = ["id", "kind", "system", "file_name", "imported_at"]


class PublicRecordSerializer(serializers.ModelSerializer):
    """Common fields: the source import and the BIP metryka (producer, dates)."""

    source = SourceSerializer(read_only=True, allow_null=True)

    metryka_fields = [
        "source",
        "information_producer",
        "information_produced_at",
        "created_at",
        "updated_at",
    ]


class PkdCodeSerializer(serializers.ModelSerializer):
    """An activity code with its name, section and version of the classification."""

    class Meta:
        model = PkdCode
        fields = ["code", "name", "section", "version"]


class BusinessEntrySerializer(PublicRecordSerializer):
    """An entry of the register of business activity, as the register publishes it."""

    pkd_codes = PkdCodeSerializer(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="public-records-api:business-detail")

    class Meta:
        model = BusinessEntry
        fields = [
            "id",
            "url",
            "business_name",
            "owner_first_name",
            "owner_last_name",
            "nip",
            "regon",
            "town",
            "street",
            "building_number",
            "postal_code",
            "pkd_codes",
            "start_date",
            "suspended_from",
            "suspended_until",
            "end_date",
            "status",
            "status_label",
            *PublicRecordSerializer.metryka_fields,
        ]


class ParcelSerializer(PublicRecordSerializer):
    """A municipal parcel (area in m²; book value only when the office publishes it)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="public-records-api:parcel-detail")

    class Meta:
        model = Parcel
        fields = [
            "id",
            "url",
            "precinct_code",
            "precinct_name",
            "number",
            "area_m2",
            "land_register_number",
            "use",
            "status",
            "status_label",
            "book_value",
            "town",
            "street",
            "latitude",
            "longitude",
            *PublicRecordSerializer.metryka_fields,
        ]


class BudgetLineSerializer(PublicRecordSerializer):
    """One line of the budget: dział, rozdział, four-digit paragraf, plan and execution."""

    year = serializers.IntegerField(source="budget_year.year", read_only=True)
    division = serializers.CharField(source="division.code", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    chapter = serializers.CharField(source="chapter.code", read_only=True)
    chapter_name = serializers.CharField(source="chapter.name", read_only=True)
    paragraph = serializers.CharField(source="paragraph_code", read_only=True)
    paragraph_name = serializers.CharField(source="paragraph.name", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="public-records-api:budget-line-detail")

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "url",
            "year",
            "line_type",
            "division",
            "division_name",
            "chapter",
            "chapter_name",
            "paragraph",
            "paragraph_name",
            "initial_plan",
            "plan_after_amendments",
            "execution",
            "data_as_of",
            *PublicRecordSerializer.metryka_fields,
        ]


class BudgetYearSerializer(PublicRecordSerializer):
    """The budget of one year: its resolution and status."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = BudgetYear
        fields = [
            "year",
            "status",
            "status_label",
            "resolution_number",
            "resolution_date",
            *PublicRecordSerializer.metryka_fields,
        ]


class AmountsSerializer(serializers.Serializer):
    """Plan and execution of a node of the budget tree (sums of the level below)."""

    initial_plan = serializers.DecimalField(max_digits=17, decimal_places=2)
    plan_after_amendments = serializers.DecimalField(max_digits=17, decimal_places=2)
    execution = serializers.DecimalField(max_digits=17, decimal_places=2)
    execution_percent = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)


class ParagraphNodeSerializer(AmountsSerializer):
    """A paragraf (four digits) within a rozdział."""

    code = serializers.CharField()
    name = serializers.CharField()


class ChapterNodeSerializer(AmountsSerializer):
    """A rozdział with its paragrafy."""

    code = serializers.CharField()
    name = serializers.CharField()
    paragraphs = ParagraphNodeSerializer(many=True)


class DivisionNodeSerializer(AmountsSerializer):
    """A dział with its rozdziały."""

    code = serializers.CharField()
    name = serializers.CharField()
    chapters = ChapterNodeSerializer(many=True)


class BudgetTreeSerializer(AmountsSerializer):
    """A year's income or expense as dział → rozdział → paragraf, every level summed."""

    year = serializers.IntegerField()
    line_type = serializers.CharField()
    data_as_of = serializers.DateField(allow_null=True)
    divisions = DivisionNodeSerializer(many=True)
