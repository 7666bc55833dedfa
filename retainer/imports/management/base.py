"""What the three import commands share: the client, --map, the progress bar, the summary."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from retainer.clients.models import Client
from retainer.imports.errors import describe
from retainer.imports.models import ImportRun
from retainer.imports.parsers.base import ImportFileError
from retainer.imports.selectors import client_for_operator
from retainer.imports.senders import People
from retainer.imports.services import export_size, import_file


class ImportCommand(BaseCommand):
    source: str
    path_help: str

    def add_arguments(self, parser):
        parser.add_argument("path", help=self.path_help)
        parser.add_argument("--client", type=int, required=True,
                            help="id of the client whose log receives the messages")
        parser.add_argument(
            "--map", action="append", default=[], metavar="SENDER=EMAIL",
            help="who a sender is: SENDER as the file names them (a Telegram id such as "
                 "user123, an address, a CSV sender), EMAIL a member's or a contact's e-mail "
                 "or the word client; may be given several times",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, path: str, **options):
        try:
            client = client_for_operator(options["client"])
        except Client.DoesNotExist:
            raise CommandError(_("There is no client with the id %(id)s.")
                               % {"id": options["client"]}) from None
        mapping = self.mapping(client, options["map"])
        bar = tqdm(total=export_size(source=self.source, path=path), unit="B",
                   unit_scale=True, file=self.stderr._out,
                   disable=options["no_progress"] or not self.stderr.isatty())
        try:
            run = import_file(client=client, source=self.source, path=path, mapping=mapping,
                              progress=lambda done: bar.update(done - bar.n))
        except ImportFileError as error:
            raise CommandError(describe(error)) from None
        finally:
            bar.close()
        self.summary(run)

    def mapping(self, client: Client, pairs: list[str]) -> dict[str, str]:
        people = People(client)
        mapping = {}
        for pair in pairs:
            sender, separator, email = pair.partition("=")
            if not separator or not sender.strip():
                raise CommandError(_("--map takes SENDER=EMAIL, not “%(value)s”.")
                                   % {"value": pair})
            try:
                mapping[sender.strip()] = people.code_for_email(email)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        return mapping

    def summary(self, run: ImportRun) -> None:
        self.stdout.write(self.style.SUCCESS(
            _("%(file)s → %(client)s: %(added)s added (%(events)s of them events), "
              "%(duplicates)s skipped as already imported, %(truncated)s texts shortened.")
            % {"file": run.file_name, "client": run.client, "added": run.added,
               "events": run.events, "duplicates": run.duplicates, "truncated": run.truncated}
        ))
        if run.unmatched_senders:
            self.stdout.write(_("Taken as the client's side, without a contact:"))
            for sender in run.unmatched_senders:
                self.stdout.write(f"  {sender['name'] or '—'} ({sender['key'] or '—'}): "
                                  f"{sender['count']}")
