"""The audit trail: django-simple-history, with its manager class built once per model.

django-simple-history (chosen over django-reversion and django-auditlog because it keeps a
typed history table per model, which the agreement page diffs and queries like any model)
reads `instance.history` on every save to find the history model, and its descriptor builds
a new manager class each time (`from_queryset` inspects every queryset method): about a
third of a millisecond per saved row, more than the row's INSERT. The class depends only on
the descriptor, so `History` builds it once; managers returned are the same as before.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import Model
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
    by(user, instance)
    instance.save(force_insert=True)
    return instance
