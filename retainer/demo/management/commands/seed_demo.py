from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from retainer.accounts.models import Agency, User
from retainer.demo.builder import DemoError, demo_password, seed_demo
from retainer.demo.scope import demo_status_link


class Command(BaseCommand):
    help = "Build a realistic demo agency: team, clients, agreements and a year of conversations."

    def add_arguments(self, parser):
        parser.add_argument("--agency", default="Северный ветер", help="agency name")
        parser.add_argument("--owner", default="olena@demo.retainer.local", help="owner e-mail")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--clients", type=int, default=40)
        parser.add_argument("--interactions", type=int, default=6000)
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="the reference day (YYYY-MM-DD), default today")
        parser.add_argument("--if-missing", action="store_true",
                            help="do nothing when the agency already exists")

    def handle(self, *args, **options):
        bars: dict[str, tqdm] = {}
        totals = {"clients": options["clients"], "agreements": options["clients"],
                  "interactions": options["interactions"]}
        quiet = options["verbosity"] == 0

        def progress(stage: str, count: int) -> None:
            if quiet or stage not in totals:
                return
            if stage not in bars:
                bars[stage] = tqdm(total=totals[stage], desc=f"{stage:>12}", unit=" rows",
                                   file=self.stderr._out, leave=True)
            bars[stage].update(count)

        # The demo's people are made up: the notices its story raises stay in the app
        # instead of being mailed (or printed by the console backend over the progress).
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        if connection.vendor == "sqlite":
            # A million rows go into three indexes in no particular order: a larger page
            # cache keeps that from turning into disk seeks.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        try:
            result = seed_demo(
                agency_name=options["agency"],
                owner_email=options["owner"],
                seed=options["seed"],
                clients=options["clients"],
                interactions=options["interactions"],
                today=options["today"],
                progress=progress,
            )
        except DemoError as exc:
            if options["if_missing"] and "already exists" in str(exc):
                self.stdout.write(f"The demo agency {options['agency']!r} is already there.")
                self.stdout.write(
                    f"Log in as {options['owner']} with the password "
                    f"{demo_password(options['seed'])}"
                )
                self.status_link(Agency.objects.filter(name=options["agency"]).first(),
                                 options["owner"])
                return
            raise CommandError(str(exc)) from None
        finally:
            for bar in bars.values():
                bar.close()
        self.stdout.write(self.style.SUCCESS(
            f"Demo agency {result.agency.name!r}: {result.clients} clients, "
            f"{result.interactions} interactions, {result.requests} client requests."
        ))
        self.stdout.write(f"Log in as {result.owner_email} with the password {result.password}")
        self.status_link(result.agency, result.owner_email)

    def status_link(self, agency: Agency | None, owner_email: str) -> None:
        """A fresh link to a demo client's status page, the page the client sees without
        logging in; issuing it stops the one printed last time."""
        if agency is None:
            return
        link = demo_status_link(agency, User.objects.filter(email=owner_email.lower()).first())
        if link is not None:
            agreement, url = link
            self.stdout.write(f"The client's status page ({agreement.client.name}, "
                              f"«{agreement.title}»): {url}")
