from django.utils import timezone
from django.utils.translation import gettext as _

from retainer.accounts.roles import Perm
from retainer.agreements.models import Channel
from retainer.clients.selectors import client_get
from retainer.conversations.forms import InteractionForm
from retainer.conversations.models import Direction
from retainer.conversations.selectors import interaction_get
from retainer.conversations.services import interaction_create
from retainer.core.permissions import require
from retainer.core.services import model_update
from retainer.core.views import form_page, url_to


@require(Perm.LOG_INTERACTIONS)
def interaction_new(request, client_id):
    client = client_get(agency=request.agency, client_id=client_id)
    initial = {
        "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
        "direction": Direction.OUTBOUND,
        "channel": Channel.EMAIL,
        "author": request.user,
    }
    return form_page(
        request, InteractionForm(request.POST or None, client=client, initial=initial),
        save=lambda data: interaction_create(client=client, data=data),
        done=url_to("client_detail", client_id=client.pk), message=_("Interaction logged."),
        client=client, title=_("Log an interaction"),
    )


@require(Perm.LOG_INTERACTIONS)
def interaction_edit(request, interaction_id):
    interaction = interaction_get(agency=request.agency, interaction_id=interaction_id)
    return form_page(
        request,
        InteractionForm(request.POST or None, instance=interaction, client=interaction.client),
        save=lambda data: model_update(instance=interaction, data=data),
        done=url_to("client_detail", client_id=interaction.client_id), message=_("Interaction saved."),
        client=interaction.client, title=_("Edit interaction"),
    )
