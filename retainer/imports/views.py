from django.shortcuts import redirect, render

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.htmx import pick_template
from retainer.core.pagination import paginate
from retainer.core.permissions import require
from retainer.imports.errors import describe
from retainer.imports.forms import ImportUploadForm, SenderMappingForm
from retainer.imports.models import ImportStatus
from retainer.imports.parsers.base import ImportFileError
from retainer.imports.selectors import import_get, import_list
from retainer.imports.services import import_confirm, import_upload


@require(Perm.LOG_INTERACTIONS)
def client_imports(request, client_id):
    """Upload an export for a client, and the history of the client's imports."""
    client = client_get(agency=request.agency, client_id=client_id)
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" \
        else ImportUploadForm()
    if form.is_bound and form.is_valid():
        try:
            run = import_upload(client=client, source=form.cleaned_data["source"],
                                upload=form.cleaned_data["file"], actor=request.user)
        except ImportFileError as error:
            form.add_error("file", describe(error))
        else:
            return redirect("import_detail", import_id=run.pk)
    runs = paginate(request, import_list(agency=request.agency, client_id=client.pk))
    return render(request, "imports/client_imports.html",
                  {"client": client, "form": form, "page": runs})


@require(Perm.LOG_INTERACTIONS)
def import_detail(request, import_id):
    """One import: the senders to confirm, then its progress (polled while it runs), then
    what it added or why it failed."""
    run = import_get(agency=request.agency, import_id=import_id)
    form = None
    if run.status == ImportStatus.UPLOADED:
        form = SenderMappingForm(request.POST if request.method == "POST" else None, run=run)
        if form.is_bound and form.is_valid():
            import_confirm(run=run, mapping=form.mapping())
            return redirect("import_detail", import_id=run.pk)
    return render(
        request,
        pick_template(request, "imports/import_detail.html", "imports/partials/run_status.html"),
        {"run": run, "client": run.client, "form": form},
    )
