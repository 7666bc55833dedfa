"""Import throughput: a Telegram export of 1,000,000 messages through the real service.

Writes the export (new layout: several senders, text entities, replies, edits, photos,
files, voice messages and service messages) to a temporary file, then imports it in a child
process for a throwaway agency and client — progress bar off, and with Django's dummy tasks
backend, so that the triage and reply clocks an import queues for its client are queued and
not run inline: they are not the import. The floor, in another child process, is the least
any importer must do with the same file: `json.load` it and insert the same rows with one
`executemany` of a plain INSERT into the interactions table, in one transaction. Each side
gets a fresh SQLite database (var/bench-imports-*.sqlite3); with --database-url both run in
that PostgreSQL database, each in an agency of its own that is deleted afterwards.

    .venv/bin/python bench/imports.py                       # 1,000,000 messages, SQLite
    .venv/bin/python bench/imports.py --messages 100000     # a quick run
    .venv/bin/python bench/imports.py --database-url postgresql://…
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SENDERS = [("user1001", "Анна Смирнова"), ("user1002", "Борис Главный"),
           ("user1003", "Masha Ковалёва"), ("user1004", "Пётр Дизайнер"),
           ("channel2001", "Ромашка: новости")]
CHAT_ID = 1777000001
START = 1_600_000_000
WORDS = ["макет", "баннер", "правки", "срочно", "отчёт", "CTR", "бюджет", "запуск", "лендинг",
         "договор", "счёт", "встреча", "дизайн", "согласовано", "пожалуйста", "завтра",
         "сегодня", "вопрос", "ответ", "клиент"]


def generate(path: Path, messages: int) -> None:
    """The export, written message by message so that its size never sits in memory."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'{{\n "name": "Ромашка × Северный ветер",\n "type": "private_supergroup",\n'
                  f' "id": {CHAT_ID},\n "messages": [\n')
        for number in range(1, messages + 1):
            if number > 1:
                out.write(",\n")
            out.write(json.dumps(_message(number), ensure_ascii=False))
        out.write("\n ]\n}\n")


def _message(number: int) -> dict:
    key, name = SENDERS[number % len(SENDERS)]
    moment = START + number * 30
    base = {"id": number, "type": "message",
            "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment + 3 * 3600)),
            "date_unixtime": str(moment)}
    if number % 50 == 0:
        return base | {"type": "service", "actor": name, "actor_id": key,
                       "action": "phone_call" if number % 100 else "pin_message",
                       "duration_seconds": 60, "text": "", "text_entities": []}
    words = " ".join(WORDS[(number * 7 + i) % len(WORDS)] for i in range(3 + number % 9))
    text = [f"{words.capitalize()}, ", {"type": "bold", "text": WORDS[number % len(WORDS)]}, "?"]
    entities = [{"type": "plain", "text": text[0]}, text[1], {"type": "plain", "text": "?"}]
    message = base | {"from": name, "from_id": key, "text": text, "text_entities": entities}
    if number % 10 == 3:
        message["reply_to_message_id"] = number - 2
    if number % 40 == 7:
        message |= {"edited": base["date"], "edited_unixtime": str(moment + 60)}
    if number % 25 == 11:
        message |= {"photo": f"photos/photo_{number}.jpg", "photo_file_size": 150_000,
                    "width": 1280, "height": 720}
    elif number % 25 == 17:
        message |= {"file": f"files/doc_{number}.pdf", "file_name": f"doc_{number}.pdf",
                    "file_size": 20_480, "mime_type": "application/pdf"}
    elif number % 25 == 19:
        message |= {"file": "(File not included. Change data exporting settings to download.)",
                    "media_type": "voice_message", "mime_type": "audio/ogg",
                    "duration_seconds": 5}
    return message


# ---- the two sides, each run in a child process of its own ---------------------------------

def _django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    from django.conf import settings

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    import django

    django.setup()


def _throwaway_client(label: str):
    from retainer.accounts.models import Agency
    from retainer.clients.models import Client

    agency = Agency.objects.create(name=f"bench imports {label}", timezone="Europe/Moscow")
    return Client.objects.create(agency=agency, name="Ромашка", language="ru")


def _forget(agency_id: int) -> None:
    """Drop a side's rows from PostgreSQL, which keeps them between runs (each SQLite run
    starts from a new file)."""
    from django.db import connection

    from retainer.accounts.models import Agency

    if connection.vendor == "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM conversations_interaction WHERE agency_id = %s", [agency_id])
    Agency.objects.filter(pk=agency_id).delete()


def side_ours(database_url: str, path: str) -> dict:
    _django(database_url)
    from retainer.imports.services import import_file

    client = _throwaway_client("ours")
    started = time.perf_counter()
    run = import_file(client=client, source="telegram", path=path)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _forget(client.agency_id)
    return {"seconds": elapsed, "rows": run.added, "peak_mb": peak_mb}


def side_floor(database_url: str, path: str) -> dict:
    """json.load and one executemany: the same rows and columns as the import writes (every
    column of the table, those an import leaves alone at their defaults)."""
    _django(database_url)
    from datetime import UTC, datetime

    from django.db import connection, transaction

    from retainer.conversations.models import Interaction

    client = _throwaway_client("floor")
    fields = [f for f in Interaction._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    now = datetime.now(UTC)
    base = [now if f.column == "created_at" else f.get_default() for f in fields]
    base = [f.get_db_prep_save(value, connection) for f, value in zip(fields, base, strict=True)]
    at = {column: columns.index(column) for column in (
        "agency_id", "client_id", "channel", "direction", "occurred_at", "text", "thread",
        "source", "external_id", "kind", "sender_name", "in_reply_to", "edited_at")}
    adapt = connection.ops.adapt_datetimefield_value
    insert = (f"INSERT INTO {Interaction._meta.db_table} ({', '.join(columns)}) "
              f"VALUES ({', '.join(['%s'] * len(columns))})")
    started = time.perf_counter()
    with open(path, "rb") as handle:
        export = json.load(handle)
    chat = export["id"]
    rows = []
    for m in export["messages"]:
        text = m["text"] if isinstance(m["text"], str) else "".join(
            p if isinstance(p, str) else p["text"] for p in m["text"])
        reply = m.get("reply_to_message_id")
        edited = m.get("edited_unixtime")
        row = base[:]
        row[at["agency_id"]], row[at["client_id"]] = client.agency_id, client.pk
        row[at["channel"]], row[at["direction"]], row[at["source"]] = "telegram", "in", "telegram"
        row[at["occurred_at"]] = adapt(datetime.fromtimestamp(int(m["date_unixtime"]), UTC))
        row[at["text"]], row[at["thread"]] = text, f"telegram:{chat}"
        row[at["external_id"]] = f"{chat}:{m['id']}"
        row[at["kind"]] = "event" if m["type"] == "service" else "message"
        row[at["sender_name"]] = m.get("from") or m.get("actor") or ""
        row[at["in_reply_to"]] = f"{chat}:{reply}" if reply else ""
        if edited:
            row[at["edited_at"]] = adapt(datetime.fromtimestamp(int(edited), UTC))
        rows.append(row)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, rows)
    elapsed = time.perf_counter() - started
    _forget(client.agency_id)
    return {"seconds": elapsed, "rows": len(rows)}


def run_side(side: str, database_url: str, path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--side", side, "--database-url", database_url,
         "--export", str(path)],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh(database_url: str | None, side: str) -> str:
    """A migrated database for one side: a new SQLite file, or the given PostgreSQL."""
    url = database_url or f"sqlite:///{ROOT / 'var' / f'bench-imports-{side}.sqlite3'}"
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
                   check=True)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="PostgreSQL to run in instead of SQLite files")
    parser.add_argument("--rounds", type=int, default=2,
                        help="runs of each side, alternating; the best of each is compared, "
                             "so that other work on the machine weighs on neither")
    parser.add_argument("--side", choices=["ours", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--export", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side = side_ours if args.side == "ours" else side_floor
        print(json.dumps(side(args.database_url, args.export)))
        return

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "result.json"
        started = time.perf_counter()
        generate(path, args.messages)
        print(f"export: {args.messages} messages, {path.stat().st_size / 1024 / 1024:.0f} MB, "
              f"written in {time.perf_counter() - started:.0f} s")
        floors, ours = [], []
        for _ in range(args.rounds):
            floors.append(run_side("floor", fresh(args.database_url, "floor"), path))
            ours.append(run_side("ours", fresh(args.database_url, "ours"), path))
    assert all(side["rows"] == args.messages for side in floors + ours), (floors, ours)
    floor = min(side["seconds"] for side in floors)
    best = min(side["seconds"] for side in ours)
    peak = max(side["peak_mb"] for side in ours)
    print(f"import: {best:.1f} s ({args.messages / best:,.0f} messages/s) vs floor {floor:.1f} s "
          f"({args.messages / floor:,.0f} messages/s), best of {args.rounds}")
    print(f"figure: import_ratio {best / floor:.2f} (target <= 2)")
    print(f"figure: import_peak_mb {peak:.0f} (target <= 500)")

if __name__ == "__main__":
    main()
