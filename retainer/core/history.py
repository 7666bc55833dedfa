"""The audit trail: django-simple-history, with its manager class built once per model.

django-simple-history (chosen over django-reversion and django-auditlog because it keeps a
typed history table per model, which the agreement page diffs and queries like any model)
reads `instance.history` on every save to find the history model, and its descriptor builds
a new manager class each time (`from_queryset` inspects every queryset method): about a
third of a millisecond per saved row, more than the row's INSERT. The class depends only on
the descriptor, so `History` builds it once; managers returned are the same as before.

For a row the services write on a hot path (a decision, its register entry, the moved
deliverables), the history row is copied by the database instead (`history_record`): one
INSERT … SELECT of the row as it was just written, where simple-history builds a historical
instance field by field and saves it through the ORM, which on SQLite took longer than the
row's own save. The rows are the ones simple-history writes: every tracked column, the date,
the type ("+" or "~") and the author (the acting user, or the user of the web request as
simple-history takes it), with no change reason; none when history is switched off
(`SIMPLE_HISTORY_ENABLED`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache, cached_property

from django.conf import settings
from django.db import connections, router
from django.db.models import Model
from django.utils import timezone
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords


class _Descriptor(HistoryDescriptor):
    @cached_property
    def _manager_class(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self._manager_class(self.model, instance)


class History(HistoricalRecords):
    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            setattr(sender, self.manager_name, _Descriptor(
                descriptor.model, manager=descriptor.manager_class,
                queryset=descriptor.queryset_class))


def by(user, *instances: Model) -> None:
    """Name `user` as the author of the history rows the next saves of `instances` write.
    Inside a web request django-simple-history takes the request's user; commands, tasks and
    the demo call the services outside any request, where only the service knows who acts."""
    for instance in instances:
        instance._history_user = user


def created(model: type[Model], user, **fields) -> Model:
    """`model.objects.create(**fields)`, with `user` as the author of its history row."""
    instance = model(**fields)
    _save_unrecorded(instance, force_insert=True)
    history_record(model, [instance.pk], user=user, kind="+")
    return instance


def saved(instance: Model, user, fields: Sequence[str]) -> Model:
    """`instance.save(update_fields=fields)`, with `user` as the author of its history row."""
    _save_unrecorded(instance, update_fields=fields)
    history_record(type(instance), [instance.pk], user=user, kind="~")
    return instance


def _save_unrecorded(instance: Model, **options) -> None:
    """`instance.save(**options)` past simple-history's handler (`history_record` writes the
    row instead); the instance records its later saves again even when this one fails."""
    instance.skip_history_when_saving = True
    try:
        instance.save(**options)
    finally:
        del instance.skip_history_when_saving


def bulk_created(model: type[Model], instances: list[Model], user, when: datetime
                 ) -> list[Model]:
    """`bulk_create` with one history row each (the keys come back from the INSERT)."""
    instances = model.objects.bulk_create(instances)
    history_record(model, [instance.pk for instance in instances], user=user, kind="+",
                   when=when)
    return instances


def bulk_updated(model: type[Model], instances: list[Model], fields: Sequence[str], user,
                 when: datetime) -> None:
    """`bulk_update` of `fields` with one history row each."""
    if instances:
        model.objects.bulk_update(instances, fields)
        history_record(model, [instance.pk for instance in instances], user=user, kind="~",
                       when=when)


_HISTORY_COLUMNS = frozenset({"history_id", "history_date", "history_change_reason",
                              "history_type", "history_user_id"})


@cache
def _copy(model: type[Model], alias: str) -> str:
    """INSERT … SELECT of `model`'s tracked columns into its history table, with a {keys}
    slot for the keys' placeholders."""
    historical = model.history.model
    quote = connections[alias].ops.quote_name
    own = {field.column for field in model._meta.concrete_fields}
    columns = ", ".join(quote(field.column) for field in historical._meta.concrete_fields
                        if field.column in own and field.column not in _HISTORY_COLUMNS)
    extra = ", ".join(map(quote, ("history_date", "history_change_reason", "history_type",
                                  "history_user_id")))
    return (f"INSERT INTO {quote(historical._meta.db_table)} ({columns}, {extra}) "
            f"SELECT {columns}, %s, NULL, %s, %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN ({{keys}})")


def history_record(model: type[Model], keys: Iterable, *, user, kind: str,
                   when: datetime | None = None) -> None:
    """The history rows of the rows `keys` of `model`, as the database now holds them."""
    keys = list(keys)
    if not keys or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql = _copy(model, alias).format(keys=", ".join(["%s"] * len(keys)))
    moment = connection.ops.adapt_datetimefield_value(when or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment, kind, _author(user), *keys])


def _author(user) -> int | None:
    """The acting user's key; without one, the web request's user, as simple-history does."""
    if user is not None:
        return user.pk
    request = getattr(HistoricalRecords.context, "request", None)
    current = getattr(request, "user", None)
    return current.pk if current is not None and current.is_authenticated else None
