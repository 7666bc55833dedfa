from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.conversations.models import Interaction
from tests.factories import InteractionFactory

pytestmark = pytest.mark.django_db


def test_the_log_is_newest_first_and_paginated(team, world, as_user):
    now = timezone.now()
    for i in range(40):
        InteractionFactory(client=world.client, text=f"сообщение №{i:02d}",
                           occurred_at=now - timedelta(hours=i))
    http = as_user(team.masha)
    page = http.get(f"/clients/{world.client.pk}/").content.decode()
    assert page.index("сообщение №00") < page.index("сообщение №01")
    assert "сообщение №39" not in page
    older = http.get(f"/clients/{world.client.pk}/", {"page": 2},
                     HTTP_HX_REQUEST="true").content.decode()
    assert "сообщение №39" in older and "<html" not in older


def test_a_specialist_logs_an_interaction_and_script_is_escaped(team, world, as_user):
    http = as_user(team.petro)
    response = http.post(f"/clients/{world.client.pk}/interactions/new/", {
        "channel": "telegram", "direction": "out", "occurred_at": "2026-03-02T11:30",
        "author": team.petro.user.pk, "text": "<script>alert(1)</script> макет готов",
    })
    assert response.status_code == 302
    saved = Interaction.objects.get(text__contains="макет готов")
    assert saved.agency == team.agency and saved.source == "manual"
    page = http.get(f"/clients/{world.client.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


def test_an_inbound_message_has_no_author_on_our_side(team, world, as_user):
    response = as_user(team.masha).post(f"/clients/{world.client.pk}/interactions/new/", {
        "channel": "email", "direction": "in", "occurred_at": "2026-03-02T11:30",
        "author": team.masha.user.pk, "text": "Привет",
    })
    assert response.status_code == 200
    assert not Interaction.objects.filter(text="Привет").exists()


def test_external_ids_are_unique_per_source(team, world):
    from django.db import IntegrityError, transaction

    InteractionFactory(client=world.client, source="telegram", external_id="chat1:42")
    with pytest.raises(IntegrityError), transaction.atomic():
        InteractionFactory(client=world.client, source="telegram", external_id="chat1:42")
    InteractionFactory(client=world.client, source="email", external_id="chat1:42")
    InteractionFactory(client=world.client, source="manual", external_id="")
    InteractionFactory(client=world.client, source="manual", external_id="")
