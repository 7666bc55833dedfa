from datetime import datetime

from ninja import Schema

from retainer.imports.models import ImportRun


class UnmatchedSenderOut(Schema):
    key: str
    name: str
    count: int


class ImportOut(Schema):
    id: int
    client_id: int
    source: str
    file_name: str
    status: str
    added: int
    duplicates: int
    events: int
    truncated: int
    unmatched_senders: list[UnmatchedSenderOut]
    error: str
    created_by_id: int | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_error(run: ImportRun) -> str:
        return run.error_message
