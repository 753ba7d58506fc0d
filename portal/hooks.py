"""What the apps declare on their AppConfig for others to use (reports, workbook sheets, roll-up weights …).

An app names a hook by an attribute holding a dotted path (or a list of them); the app that
offers the hook asks `declared(attribute)` and never imports the declaring app.
"""

from django.apps import apps
from django.utils.module_loading import import_string


def declared(attribute):
    """Every object the installed apps name under `attribute`, in app order."""
    found = []
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        for dotted in [value] if isinstance(value, str) else value or ():
            found.append(import_string(dotted))
    return found
