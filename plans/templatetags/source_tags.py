"""Citing a source document by its key: title, publisher, issuing unit and date, linked to its page."""

from django import template
from django.utils.html import format_html, format_html_join

from plans.models import SourceDocument
from portal.templatetags.languages import ko

register = template.Library()


@register.simple_tag(takes_context=True)
def source_link(context, key):
    """The document `key` ("002") cited in full and linked; a key with no record shows as it is."""
    if not key:
        return "-"
    cache = context.render_context.setdefault("source_documents", {})
    if key not in cache:
        cache[key] = SourceDocument.objects.select_related("municipality").filter(key=key).first()
    document = cache[key]
    if document is None:
        return key
    issuer = " ".join(part for part in (document.municipality.name, document.issuing_unit) if part)
    details = ", ".join(part for part in (issuer, document.dated) if part)
    return format_html('<a href="{}">{}</a> ({})', document.get_absolute_url(), ko(document.title), ko(details))


@register.simple_tag(takes_context=True)
def source_links(context, keys):
    """Each document of `keys` cited in full and linked, separated by semicolons; one query for all."""
    keys = [key for key in keys if key]
    cache = context.render_context.setdefault("source_documents", {})
    missing = [key for key in keys if key not in cache]
    if missing:
        found = SourceDocument.objects.select_related("municipality").in_bulk(missing, field_name="key")
        cache.update({key: found.get(key) for key in missing})
    return format_html_join("; ", "{}", ((source_link(context, key),) for key in keys)) or "-"


@register.inclusion_tag("plans/_as_of.html", takes_context=True)
def as_of_note(context, documents=(), approved=None, changed=None):
    """What a page's figures speak for: their source documents in full, and the newest approval or change.

    `approved` is the day of the newest approved figure or correction the page shows;
    `changed` the day of the newest change staff published directly (the calendar's).
    """
    return {"docs": source_links(context, documents) if documents else "", "approved": approved, "changed": changed}
