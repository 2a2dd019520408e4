"""The one gapless counter: an agency's serials of a year (申请编号, 索引号, 文号).

A counter is a row (agency, year, last) of a model with a unique (agency, year) constraint. The row is
locked until the surrounding transaction ends, so a rollback gives the number back and two writers at once
are serialised: the serials are gapless and unique. A missing row is created first; a concurrent creator
is waited for, not collided with.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def locked_counter(model: type[M], agency: Any, year: int, field: str = "last") -> M:
    """The counter row of (agency, year), row-locked until the transaction ends; created when missing."""
    if not transaction.get_connection().in_atomic_block:  # pragma: no cover - programming error
        raise RuntimeError("serials are allocated inside a transaction")
    qs = model._default_manager.select_for_update()
    try:
        return qs.get(agency=agency, year=year)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        try:
            with transaction.atomic():  # savepoint: a concurrent creator may win the unique constraint
                model._default_manager.create(agency=agency, year=year, **{field: 0})
        except IntegrityError:
            pass
        return qs.get(agency=agency, year=year)


def take_next(model: type[models.Model], agency: Any, year: int, field: str = "last") -> int:
    """The next serial of (agency, year); the number is given back if the transaction rolls back."""
    counter = locked_counter(model, agency, year, field)
    value = getattr(counter, field) + 1
    setattr(counter, field, value)
    counter.save(update_fields=[field])
    return int(value)
