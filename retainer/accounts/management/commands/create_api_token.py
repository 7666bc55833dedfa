from django.core.management.base import BaseCommand, CommandError

from retainer.accounts.models import Membership
from retainer.accounts.services import token_issue


class Command(BaseCommand):
    help = "Issue an API bearer token for a member; it acts in that agency with their role."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--agency", help="agency name, when the user belongs to several")
        parser.add_argument("--name", default="api", help="a label to recognise the token")

    def handle(self, *args, **options):
        memberships = Membership.objects.filter(
            user__email=options["email"].lower()
        ).select_related("agency")
        if options["agency"]:
            memberships = memberships.filter(agency__name=options["agency"])
        found = list(memberships[:2])
        if not found:
            raise CommandError(f"No membership for {options['email']}"
                               + (f" in {options['agency']!r}" if options["agency"] else ""))
        if len(found) > 1:
            names = ", ".join(m.agency.name for m in memberships)
            raise CommandError(f"{options['email']} belongs to several agencies ({names}); "
                               "pass --agency NAME.")
        raw = token_issue(membership=found[0], name=options["name"])
        self.stderr.write(f"Token for {found[0].user.email} in {found[0].agency.name} "
                          f"({found[0].role}); it is shown only once:")
        self.stdout.write(raw)
