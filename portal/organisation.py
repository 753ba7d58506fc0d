"""The organisation as the shared machinery sees it: through the user model, as Django's auth does.

`portal` imports no domain app; the unit and municipality models are the targets of the
user model's `unit` foreign key and of the unit's `municipality` foreign key.
"""

from django.contrib.auth import get_user_model


def unit_model():
    """The model of the unit (부서) a user belongs to."""
    return get_user_model()._meta.get_field("unit").related_model


def municipality_model():
    """The model of the municipality a unit belongs to."""
    return unit_model()._meta.get_field("municipality").related_model


def plan_model():
    """The model of the plans (업무계획) a municipality keeps."""
    return municipality_model()._meta.get_field("plans").related_model
