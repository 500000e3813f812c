"""Units already marked as holding WBK get a predicate row "from before the portal" (decree
unknown), and the unit's copy of its current predicate, so nothing changes for existing data."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    Unit = apps.get_model("zi_portal", "Unit")
    Predicate = apps.get_model("scoring_predicates", "Predicate")
    for unit in Unit.objects.filter(holds_wbk=True):
        if not Predicate.objects.filter(unit=unit, kind__in=["WBK", "WBBM"]).exists():
            Predicate.objects.create(unit=unit, kind="WBK", before_portal=True)
        if not unit.predicate:
            unit.predicate = "WBK"
            unit.save(update_fields=["predicate"])


def backwards(apps: Any, schema_editor: Any) -> None:
    Predicate = apps.get_model("scoring_predicates", "Predicate")
    Predicate.objects.filter(before_portal=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scoring_predicates", "0001_initial"),
        ("zi_portal", "0004_unit_predicate"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
