from retainer.imports.management.base import ImportCommand
from retainer.imports.models import ImportSource


class Command(ImportCommand):
    help = (
        "Import a CSV log into a client's interaction log. UTF-8 (with or without BOM), "
        "delimited by ; or , and a header row naming the columns: occurred_at (ISO 8601, "
        "e.g. 2024-03-01T10:30:00+03:00; without an offset, the agency's time zone), "
        "direction (in = from the client, out = to the client), channel (email, telegram, "
        "call, meeting, chat), sender (e-mail or name), text; optional thread, external_id "
        "(else the row's content identifies it), subject. See docs/imports.md."
    )
    source = ImportSource.CSV
    path_help = "the CSV file"
