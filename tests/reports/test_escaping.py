"""Every text a user or a client wrote is printed as text: markup stored in a client's name,
a contact, a message, a request, a claim, a deliverable, an agreement's title or a client's
rating comes out escaped on the pages and in the HTML the PDFs are drawn from, never as
markup a browser or WeasyPrint would act on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from retainer.claims.services import claim_create
from retainer.conversations.services import interaction_create
from retainer.scope.services import decision_answer, request_create, request_decide
from retainer.status.services import rating_record
from tests.factories import AgreementFactory, ClientFactory, ContactFactory, DeliverableFactory
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db

HOSTILE = {
    "client": "<script>alert(1)</script>",
    "contact": "<img src=x onerror=alert(2)>",
    "message": "<script>alert(3)</script>",
    "request": "<img src=x onerror=alert(4)>",
    "claim": "<script>alert(5)</script>",
    "deliverable": "<svg onload=alert(6)>",
    "agreement": "<iframe src=javascript:alert(7)>",
    "rating": "<script>alert(8)</script>",
}


def escaped(text: str) -> str:
    """The text as HTML writes it: the three characters that could open markup or an
    entity turned into entities (none of the payloads has quotes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def assert_inert(html: str, shown: set[str]):
    for field, text in HOSTILE.items():
        assert text not in html, f"{field}: raw markup in the page"
        opening = text.split(">")[0] + ">"
        assert opening not in html, f"{field}: {opening!r} in the page"
    for field in shown:
        assert escaped(HOSTILE[field]) in html, f"{field}: not shown escaped"


@pytest.fixture
def hostile(team):
    """March 2026 of a client whose every text is markup: a contact, a message, a request
    the client chose to pay for (agreed by the contact), a claim, a delivered deliverable
    the client rated."""
    client = ClientFactory(agency=team.agency, name=HOSTILE["client"],
                           account_manager=team.masha.user)
    contact = ContactFactory(client=client, name=HOSTILE["contact"])
    agreement = AgreementFactory(client=client, title=HOSTILE["agreement"], kind="project",
                                 starts_on=date(2026, 1, 12), budget=Decimal(100000))
    deliverable = DeliverableFactory(agreement=agreement, title=HOSTILE["deliverable"],
                                     planned_due=date(2026, 3, 10),
                                     actual_done=date(2026, 3, 9), status="approved")
    interaction_create(client=client, data={
        "channel": "email", "direction": "in", "occurred_at": at(3, 10, 10),
        "contact": contact, "text": HOSTILE["message"]})
    extra = request_create(client=client, agreement=agreement, user=team.masha.user,
                           data={"kind": "new_work", "title": HOSTILE["request"],
                                 "estimate_min": 240}, now=at(3, 16, 10))
    decision = request_decide(client_request=extra, user=team.masha.user, now=at(3, 16, 10))
    decision_answer(decision=decision, answer="pay", user=team.masha.user, agreed_by=contact,
                    agreed_at=at(3, 16, 12))
    claim = claim_create(client=client, agreement=agreement, user=team.masha.user, data={
        "target": "deliverable", "deliverable": deliverable, "words": HOSTILE["claim"],
        "made_at": at(3, 12, 15)}, now=at(3, 12, 15))
    rating_record(deliverable=deliverable, score=2, comment=HOSTILE["rating"],
                  now=at(3, 19, 12))
    return client, agreement, claim, extra


@pytest.fixture
def pdf_sources(monkeypatch):
    """The HTML each PDF view hands to WeasyPrint, taken instead of drawing it."""
    sources = []

    def keep(html, base_url=None):
        sources.append(html)
        return b"%PDF-1.7"

    class OnePage:
        pages = [None]

        def write_pdf(self):
            return b"%PDF-1.7"

    def keep_document(html, base_url=None):
        sources.append(html)
        return OnePage()

    monkeypatch.setattr("retainer.reports.views.render_pdf", keep)
    monkeypatch.setattr("retainer.scope.register_views.render_pdf", keep)
    monkeypatch.setattr("retainer.agreements.quote.render_document", keep_document)
    return sources


def page(http, url: str) -> str:
    response = http.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_pages_print_user_text_as_text(team, hostile, as_user):
    client, agreement, claim, extra = hostile
    http = as_user(team.masha)
    assert_inert(page(http, reverse("client_list")), {"client"})
    assert_inert(page(http, reverse("client_detail", args=[client.pk])),
                 {"client", "contact", "message"})
    assert_inert(page(http, reverse("agreement_detail", args=[agreement.pk])),
                 {"client", "agreement", "deliverable"})
    assert_inert(page(http, reverse("agreement_register", args=[agreement.pk])),
                 {"client", "agreement", "contact", "request"})
    assert_inert(page(http, reverse("request_detail", args=[extra.pk])), {"client", "request"})
    assert_inert(page(http, reverse("claim_detail", args=[claim.pk])), {"client", "claim"})
    assert_inert(page(http, reverse("client_report", args=[client.pk]) + "?month=2026-03"),
                 {"client", "agreement", "deliverable", "request", "rating"})
    assert_inert(page(http, reverse("home")), set())


def test_pdfs_are_drawn_from_escaped_html(team, hostile, as_user, pdf_sources):
    client, agreement, _, _ = hostile
    http = as_user(team.masha)
    for url in (reverse("client_report_pdf", args=[client.pk]) + "?month=2026-03",
                reverse("agreement_register_pdf", args=[agreement.pk]),
                reverse("agreement_quote_pdf", args=[agreement.pk])):
        response = http.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
    report, register, quote = pdf_sources
    assert_inert(report, {"client", "agreement", "deliverable", "request", "rating"})
    assert_inert(register, {"client", "agreement", "contact", "request"})
    assert_inert(quote, {"client", "agreement", "deliverable"})
