"""Deciding what an import row would do to the figure already stored under its key."""

import copy

from django.core.exceptions import ValidationError

from portal.spreadsheet import CREATE, UNCHANGED, UPDATE, record_errors


def decide_against_stored(row, existing, *, model, compared, spec, error_fields):
    """Mark `row` unchanged, update or create against `existing[row.values["key"]]`.

    Unchanged when every `compared` field equals the stored record's; otherwise the record
    that would be saved is validated and its errors are put on the row's cells
    (`error_fields` maps model fields to the spec's column names where they differ).
    Returns the stored record, or None when the key is new.
    """
    values = row.values
    stored = existing.get(values["key"])
    if stored is not None and all(getattr(stored, name) == values[name] for name in compared):
        row.action, row.target = UNCHANGED, stored
        return stored
    candidate = copy.copy(stored) if stored is not None else model()
    for name, value in values.items():
        if name != "key":
            setattr(candidate, name, value)
    try:
        candidate.full_clean()
    except ValidationError as error:
        record_errors(row, error, spec, error_fields)
        return stored
    row.action, row.target = (UPDATE, stored) if stored is not None else (CREATE, None)
    return stored
