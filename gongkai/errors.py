"""The one error of the domain: a refused change, with its Chinese message and the input it concerns.

Every app's actions raise a subclass (``ApplicationError``, ``CatalogueError`` ...); interfaces translate
it in one way: :func:`to_form` puts it beside the field of a form (or above the form).
"""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A refused change, with a Chinese message and, where it concerns one input, the field name."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def to_form(form: Any, exc: Refused) -> None:
    """Show the refusal beside its field if the form has it, else above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
