"""Each client's last status and each milestone's retrospective day, from the touchpoints
recorded so far; from now on every save and delete of a touchpoint keeps them."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    Deliverable = apps.get_model("agreements", "Deliverable")
    Touchpoint = apps.get_model("touchpoints", "Touchpoint")
    last = Touchpoint.objects.filter(
        agency_id=OuterRef("agency_id"), client=OuterRef("pk"), kind="status",
    ).order_by("-held_on").values("held_on")[:1]
    Client.objects.update(last_status_on=Subquery(last))
    held = Touchpoint.objects.filter(
        deliverable=OuterRef("pk"), kind="retrospective").values("held_on")[:1]
    Deliverable.objects.update(retrospective_on=Subquery(held))


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0004_deliverable_retrospective_on"),
        ("clients", "0004_client_last_status_on"),
        ("touchpoints", "0002_status_without_milestone"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
