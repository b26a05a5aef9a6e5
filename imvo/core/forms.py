"""Form fields the apps share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class RowsField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id, where a tampered id ('x', or one too long for the database's
    integer) is an invalid choice like any other, not a database error."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isdecimal() and len(text) < 10):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text}
                )
        return super()._check_values(value)
