from retainer.imports.management.base import ImportCommand
from retainer.imports.models import ImportSource


class Command(ImportCommand):
    help = ("Import a Telegram Desktop chat export (result.json, one chat or the whole "
            "account) into a client's interaction log. Senders are Telegram ids such as "
            "user123: name them with --map user123=masha@agency.example.")
    source = ImportSource.TELEGRAM
    path_help = "result.json made by Telegram Desktop's Export chat history (JSON)"
