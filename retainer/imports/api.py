from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.clients.selectors import client_get
from retainer.core.api import ERRORS, FormInvalid, Id, Pagination, validated
from retainer.core.permissions import authorize
from retainer.imports.errors import describe
from retainer.imports.forms import ImportCreateForm
from retainer.imports.models import ImportSource
from retainer.imports.parsers.base import ImportFileError
from retainer.imports.schemas import ImportOut
from retainer.imports.selectors import import_get, import_list
from retainer.imports.services import import_uploaded

imports_router = Router(tags=["imports"])


class ImportFilter(Schema):
    client: Id | None = None


@imports_router.get("", response={200: list[ImportOut], **ERRORS})
@paginate(Pagination)
def list_imports(request: HttpRequest, filters: Query[ImportFilter]):
    authorize(request, Perm.VIEW)
    return import_list(agency=request.agency, client_id=filters.client)


@imports_router.get("/{import_id}", response={200: ImportOut, **ERRORS})
def get_import(request: HttpRequest, import_id: int):
    authorize(request, Perm.VIEW)
    return import_get(agency=request.agency, import_id=import_id)


@imports_router.post("", response={201: ImportOut, **ERRORS})
def create_import(request: HttpRequest, file: File[UploadedFile], client: Form[Id],
                  source: Form[ImportSource], mapping: Form[str] = ""):
    """Import a Telegram JSON export, an .eml or mbox, or a CSV for a client, at once.
    `mapping` is a JSON object of sender → "member:<user id>" / "contact:<contact id>" /
    "client"; senders left out are matched by e-mail or name, or taken as the client's."""
    authorize(request, Perm.LOG_INTERACTIONS)
    customer = client_get(agency=request.agency, client_id=client)
    form = validated(ImportCreateForm, {"source": source, "mapping": mapping},
                     files={"file": file}, client=customer)
    try:
        run = import_uploaded(client=customer, source=form.cleaned_data["source"],
                              upload=form.cleaned_data["file"],
                              mapping=form.cleaned_data["mapping"], actor=request.user)
    except ImportFileError as error:
        form.add_error("file", describe(error))
        raise FormInvalid(form) from None
    return Status(201, run)
