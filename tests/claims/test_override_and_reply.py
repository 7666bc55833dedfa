"""A manager's override needs a written reason and is counted per manager; the reply is
edited, sent by e-mail or logged as copied elsewhere, and answers the client's message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from retainer.claims.models import Concession
from retainer.claims.services import claim_assess, claim_override, claim_reply_sent
from retainer.conversations.models import Interaction
from retainer.conversations.services import interaction_create
from tests.claims.conftest import at
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

REASON = "Клиент продлевает договор на год, уступка окупится"


@pytest.fixture
def refused(team, deal):
    """An unfounded claim whose ask costs more than keeping the client is worth."""
    claim = deal.claim(ask="Сделать новый логотип", asked_min=1200)
    concession = claim_assess(claim=claim, user=team.masha.user, now=at(26))
    assert concession.outcome == "refuse"
    return concession


def test_an_override_needs_a_written_reason(team, refused):
    for reason in ("", "  потому  "):
        with pytest.raises(ValidationError, match="at least 10"):
            claim_override(concession=refused, decision="grant", reason=reason,
                           user=team.ivan.user)
    with pytest.raises(ValidationError, match="already the outcome"):
        claim_override(concession=refused, decision="refuse", reason=REASON,
                       user=team.ivan.user)
    with pytest.raises(ValidationError):
        claim_override(concession=refused, decision="maybe", reason=REASON, user=None)
    refused.refresh_from_db()
    assert (refused.outcome, refused.override_reason) == ("refuse", "")


def test_an_override_grants_what_the_rules_refused_and_redrafts_the_reply(team, refused):
    concession = claim_override(concession=refused, decision="grant", reason=REASON,
                                user=team.ivan.user, now=at(26, 15))
    concession.refresh_from_db()
    assert (concession.outcome, concession.computed_outcome) == ("concede", "refuse")
    assert (concession.granted, concession.computed_granted) == (True, False)
    assert concession.overridden_by == team.ivan.user and concession.overridden_at == at(26, 15)
    assert "пойдём вам навстречу" in concession.reply
    assert concession.history.latest().history_user == team.ivan.user


def test_a_founded_claim_stays_fixed_and_admitted_when_overridden(team, deal):
    from retainer.agreements.models import Deliverable

    Deliverable.objects.filter(pk=deal.logo.pk).update(actual_done=at(24).date())
    claim = deal.claim("deliverable", deliverable=deal.logo, ask="Скидка 5 %",
                       asked_amount=Decimal(1000))
    concession = claim_assess(claim=claim, user=team.masha.user)
    assert concession.granted  # 1,000 ≤ the trivial 1,500
    claim_override(concession=concession, decision="refuse", reason=REASON, user=None)
    concession.refresh_from_db()
    assert (concession.outcome, concession.granted) == ("fix_and_admit", False)
    assert "Вы правы" in concession.reply and "к сожалению, не сможем" in concession.reply


def test_overrides_are_listed_and_counted_per_manager(team, deal, refused, as_user):
    claim_assess(claim=deal.claim(ask="Мелочь", asked_min=5), user=team.ivan.user)
    claim_override(concession=refused, decision="grant", reason=REASON, user=team.ivan.user)
    page = as_user(team.petro).get(reverse("claim_overrides")).content.decode()
    assert REASON in page
    rows = [line for line in page.splitlines() if "<td>Ivan</td>" in line]
    # Ivan assessed one claim and overrode one (Masha's): 100 %.
    assert rows and '<td class="num">1</td><td class="num">1</td><td class="num">100</td>' in \
        rows[0]


def test_the_override_page_form_refuses_without_a_reason(team, refused, as_user):
    http = as_user(team.masha)
    url = reverse("claim_override", kwargs={"claim_id": refused.claim_id})
    response = http.post(url, {"decision": "grant", "reason": "ok"}, follow=True)
    assert response.status_code == 200
    refused.refresh_from_db()
    assert not refused.overridden
    http.post(url, {"decision": "grant", "reason": REASON})
    refused.refresh_from_db()
    assert refused.overridden and refused.overridden_by == team.masha.user


def test_the_reply_is_sent_by_email_logged_and_then_final(team, deal, refused, as_user):
    message = interaction_create(client=deal.client, data={
        "channel": "email", "direction": "in", "occurred_at": at(25),
        "text": "Логотип выглядит дёшево, переделайте"})
    http = as_user(team.masha)
    url = reverse("claim_reply", kwargs={"claim_id": refused.claim_id})
    edited = refused.reply + "\n\nС уважением, Маша"
    http.post(url, {"reply": edited, "send": "1", "channel": "email",
                    "contact": deal.anna.pk})
    assert mail.outbox[-1].to == ["anna@client.example"]
    assert mail.outbox[-1].body == edited
    ours = Interaction.objects.get(client=deal.client, direction="out")
    assert ours.text == edited and ours.author == team.masha.user
    message.refresh_from_db()
    assert message.replied_at == ours.occurred_at  # the client's message is answered
    refused.refresh_from_db()
    assert refused.reply_sent_at is not None
    with translation.override("en"), pytest.raises(ValidationError, match="already gone"):
        claim_override(concession=refused, decision="grant", reason=REASON, user=None)


def test_a_reply_copied_into_telegram_is_only_logged(team, deal, refused, as_user):
    http = as_user(team.masha)
    http.post(reverse("claim_reply", kwargs={"claim_id": refused.claim_id}),
              {"reply": refused.reply, "send": "1", "channel": "telegram"})
    assert not mail.outbox
    assert Interaction.objects.get(client=deal.client, direction="out").channel == "telegram"


def test_saving_an_empty_reply_or_sending_to_another_client_is_refused(team, deal, refused,
                                                                      as_user):
    http = as_user(team.masha)
    url = reverse("claim_reply", kwargs={"claim_id": refused.claim_id})
    http.post(url, {"reply": "  "})
    assert Concession.objects.get(pk=refused.pk).reply == refused.reply
    other = ContactFactory(email="other@example.com")
    http.post(url, {"reply": "Текст", "send": "1", "channel": "email", "contact": other.pk})
    with pytest.raises(ValidationError):
        claim_reply_sent(concession=refused, user=None, channel="email", contact=other)
    assert not mail.outbox
    assert not Interaction.objects.filter(direction="out").exists()
