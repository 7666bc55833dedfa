from retainer.imports.management.base import ImportCommand
from retainer.imports.models import ImportSource


class Command(ImportCommand):
    help = ("Import e-mail into a client's interaction log: one .eml file, a folder of .eml "
            "files, or an mbox, in any charset. Letters from a member's address go out with "
            "that member as author; letters from a contact's address come in from them.")
    source = ImportSource.EMAIL
    path_help = "an .eml file, a folder of .eml files, or an mbox file"
