"""A message from the client assesses them again, so the unhappy clients' list and the
needs-attention page follow what the client just wrote."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from retainer.recovery.models import DissatisfactionAssessment
from tests.factories import AgreementFactory, ClientFactory
from tests.recovery.conftest import ANGRY, write

pytestmark = pytest.mark.django_db


def test_an_inbound_message_assesses_the_client_again(team, django_capture_on_commit_callbacks):
    client = ClientFactory(agency=team.agency, language="ru", account_manager=team.masha.user)
    AgreementFactory(client=client)
    with django_capture_on_commit_callbacks(execute=True):
        write(client, "Спасибо, всё получили.", timezone.now() - timedelta(hours=2))
    assert DissatisfactionAssessment.objects.get(client=client).group == ""
    with django_capture_on_commit_callbacks(execute=True):
        write(client, ANGRY, timezone.now() - timedelta(hours=1))
    assert DissatisfactionAssessment.objects.get(client=client).group == "A"


def test_our_own_message_does_not(team, django_capture_on_commit_callbacks):
    client = ClientFactory(agency=team.agency, language="ru", account_manager=team.masha.user)
    AgreementFactory(client=client)
    with django_capture_on_commit_callbacks(execute=True):
        write(client, "Отправили макет.", timezone.now(), direction="out",
              author=team.masha.user)
    assert not DissatisfactionAssessment.objects.filter(client=client).exists()
