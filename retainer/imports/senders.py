"""Who a sender in an export is: a member of the agency (our side: the message goes out, with
them as its author), a contact of the client (their side: it comes in from that contact), or
the client's side without a known contact.

A sender is named by a code: "member:<user id>", "contact:<contact id>" or "client". The user
confirms the codes on the mapping page (or gives e-mails to the commands' --map); a sender
left out is matched by e-mail address, by a contact's Telegram id, or by a display name equal
to a member's or a contact's name (ignoring case) — the same guesses the page suggests — and
otherwise taken as the client's side and listed as unmatched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from retainer.accounts.selectors import agency_users
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Direction
from retainer.imports.parsers.base import MESSAGE, ParsedMessage

CLIENT = "client"
EXCERPT_CHARS = 140


@dataclass(frozen=True, slots=True)
class Side:
    direction: str
    author_id: int | None = None
    contact_id: int | None = None


CLIENT_SIDE = Side(Direction.INBOUND)


class People:
    """The agency's members and the client's contacts, indexed for matching senders."""

    def __init__(self, client: Client):
        self.client = client
        self.members = list(agency_users(client.agency))
        self.contacts = list(
            Contact.objects.for_agency(client.agency).filter(client=client).order_by("name", "id")
        )
        self._sides: dict[str, Side] = {CLIENT: CLIENT_SIDE}
        self._guesses: dict[str, str] = {}
        for contact in self.contacts:
            code = f"contact:{contact.pk}"
            self._sides[code] = Side(Direction.INBOUND, contact_id=contact.pk)
            self._learn(code, contact.email, contact.name, _telegram_key(contact.telegram))
        for user in self.members:
            code = f"member:{user.pk}"
            self._sides[code] = Side(Direction.OUTBOUND, author_id=user.pk)
            self._learn(code, user.email, user.full_name)

    def _learn(self, code: str, email: str, name: str, telegram: str = "") -> None:
        # Members come last and so win a name they share with a contact.
        for key in (email.lower(), f"name:{name.casefold()}" if name else "", telegram):
            if key:
                self._guesses[key] = code

    def side(self, code: str) -> Side | None:
        return self._sides.get(code)

    def suggest(self, key: str, name: str) -> str:
        """The code the file's own data points at, or "" when nothing matches."""
        return (self._guesses.get(key.lower()) or
                (self._guesses.get(f"name:{name.casefold()}") if name else None) or "")

    def choices(self) -> list[tuple[str, str]]:
        return (
            [(CLIENT, _("the client's side, no contact"))]
            + [(f"member:{user.pk}", _("%(name)s (our team)") % {"name": user})
               for user in self.members]
            + [(f"contact:{contact.pk}", _("%(name)s (client contact)") % {"name": contact})
               for contact in self.contacts]
        )

    def code_for_email(self, email: str) -> str:
        """--map's target: a member's or contact's e-mail, or the word "client"."""
        if email.strip().lower() == CLIENT:
            return CLIENT
        code = self._guesses.get(email.strip().lower(), "")
        if "@" not in email or not code:
            raise ValidationError(
                _("%(email)s is neither a member of the agency nor a contact of %(client)s.")
                % {"email": email, "client": self.client}
            )
        return code

    def clean_mapping(self, mapping: object) -> dict[str, str]:
        if not isinstance(mapping, dict):
            raise ValidationError(_("The mapping must be an object of sender → code."))
        for key, code in mapping.items():
            if not isinstance(code, str) or self.side(code) is None:
                raise ValidationError(
                    _("“%(code)s” for the sender %(sender)s is not “client”, a member of the "
                      "agency (member:<id>) or a contact of this client (contact:<id>).")
                    % {"code": code, "sender": key}
                )
        return dict(mapping)


def _telegram_key(handle: str) -> str:
    """A contact's Telegram as written on the card, as the export names senders: only a
    numeric id can match ("123", "user123"); an @username never appears in an export."""
    value = handle.strip().lstrip("@").lower()
    if value.isdigit():
        return f"user{value}"
    if value.startswith("user") and value[4:].isdigit():
        return value
    return ""


class SenderBook:
    """The senders of one file: who each one is, how many messages they sent, and what the
    first of them said (service events such as "created the group" say too little)."""

    def __init__(self, people: People, mapping: dict[str, str]):
        self.people = people
        # Keys as the readers write them (addresses in lower case, CSV names case-folded).
        self.mapping = {key.casefold(): code for key, code in mapping.items()}
        self.entries: dict[str, dict] = {}

    def side(self, message: ParsedMessage) -> Side:
        entry = self.entries.get(message.sender_key)
        if entry is None:
            code = (self.mapping.get(message.sender_key.casefold())
                    or self.people.suggest(message.sender_key, message.sender_name) or CLIENT)
            entry = self.entries[message.sender_key] = {
                "key": message.sender_key, "name": message.sender_name, "count": 0,
                "excerpt": "", "code": code, "side": self.people.side(code) or CLIENT_SIDE,
            }
        entry["count"] += 1
        if not entry["excerpt"] and message.kind == MESSAGE:
            entry["excerpt"] = message.text[:EXCERPT_CHARS]
        return entry["side"]

    def _listed(self, entries) -> list[dict]:
        return sorted(
            ({key: entry[key] for key in ("key", "name", "count", "excerpt", "code")}
             for entry in entries),
            key=lambda entry: (-entry["count"], entry["name"], entry["key"]),
        )

    def rows(self) -> list[dict]:
        """Every sender with the code to suggest, busiest first: the mapping page's rows."""
        return self._listed(self.entries.values())

    def unmatched(self) -> list[dict]:
        """Senders taken as the client's side without a contact to attach their messages to."""
        return [
            {"key": entry["key"], "name": entry["name"], "count": entry["count"]}
            for entry in self._listed(e for e in self.entries.values() if e["side"] == CLIENT_SIDE)
        ]
