"""The formal apology letter (BRIEF C4, article 004): one page on the agency's letterhead, in
the client's language, dated, addressed to the client's decision maker and ready for the
agency's signatory to sign. It says what we apologise for (the note of the plan's apology
step, as the manager wrote it), admits the fault plainly when the plan says it is ours,
and lists what we will do to put things right with the steps' due dates: the steps a client
is told about, not the gift (a gift announced is no gift) nor our own homework.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency
from retainer.accounts.roles import Perm
from retainer.clients.models import Client, Contact
from retainer.clients.selectors import client_get
from retainer.core.pdf import FONT_STACK, PdfUnavailable, pdf_response, pdf_unavailable, render_pdf
from retainer.core.permissions import require
from retainer.recovery.models import RecoveryPlan, RecoveryStep
from retainer.recovery.selectors import current_plan
from retainer.rules import recovery as rules

TEMPLATE = "recovery/letter_pdf.html"


def _promise(action: str) -> str:
    """What the letter promises for a step, in the active language."""
    return {
        rules.REDO_AT_OUR_COST: _("redo the work you were unhappy with, at our own cost"),
        rules.FUTURE_DISCOUNT: _("give you a discount on your next project with us"),
        rules.PERSONAL_MEETING: _("meet you in person to talk it through, at a time that "
                                  "suits you"),
        rules.NEUTRAL_COLLEAGUE: _("hand your project to a colleague who will take a fresh "
                                   "look at it"),
    }.get(action, "")


@dataclass(frozen=True)
class Promise:
    text: str
    due: date | None


def letter_plan(client: Client) -> tuple[RecoveryPlan, RecoveryStep]:
    """The client's current plan and its apology step; 404 when there is none to print."""
    plan = current_plan(client)
    step = next((step for step in plan.steps.all() if step.action == rules.APOLOGY_LETTER),
                None) if plan is not None else None
    if step is None:
        raise Http404("No apology letter in the client's recovery plan.")
    return plan, step


def letter_context(*, agency: Agency, client: Client, plan: RecoveryPlan, step: RecoveryStep,
                   today: date | None = None) -> dict:
    language = client.reading_language
    contact = (Contact.objects.filter(client=client)
               .order_by("-is_decision_maker", "name", "id").first())
    with translation.override(language):
        promises = [Promise(text, item.due_on) for item in plan.steps.all()
                    if (text := _promise(item.action))]
    return {
        "agency": agency, "client": client, "contact": contact, "language": language,
        "font_stack": FONT_STACK, "plan": plan, "subject": step.note.strip(),
        "our_fault": plan.our_fault or any(item.action == rules.ADMIT_FAULT_IN_WRITING
                                           for item in plan.steps.all()),
        "promises": promises,
        "today": today or timezone.localdate(timezone=ZoneInfo(agency.timezone)),
    }


def letter_html(context: dict) -> str:
    with translation.override(context["language"]):
        return render_to_string(TEMPLATE, context)


def letter_filename(client: Client) -> str:
    slug = slugify(client.name, allow_unicode=True)[:60].strip("-")
    return f"apology-{client.pk}{'-' + slug if slug else ''}.pdf"


@require(Perm.VIEW)
def recovery_letter_pdf(request, client_id):
    """The apology letter of the client's current plan, opened in the browser to print."""
    client = client_get(agency=request.agency, client_id=client_id)
    plan, step = letter_plan(client)
    html = letter_html(letter_context(agency=request.agency, client=client, plan=plan,
                                      step=step))
    try:
        body = render_pdf(html)
    except PdfUnavailable as error:
        return pdf_unavailable(request, error, back=reverse(
            "client_detail", kwargs={"client_id": client.pk}))
    return pdf_response(body, letter_filename(client), attachment=False)
