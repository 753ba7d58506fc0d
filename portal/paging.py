"""Bounded public lists: one page of a list, whatever its length, for the KRDS pagination component."""

from django.core.paginator import Paginator

PAGE_SIZE = 20


def page_of(request, items, *, param="page", per_page=PAGE_SIZE):
    """The page of `items` that `?<param>=` asks for; a number out of range or not a number gives the nearest page.

    `items` may be a QuerySet (sliced in the database, one COUNT) or a list.
    """
    return Paginator(items, per_page).get_page(request.GET.get(param))


def page_of_ids(request, items, fetch, *, param="page", per_page=PAGE_SIZE):
    """A page of `items` (an ordered QuerySet) whose rows are loaded by `fetch(ids)` only for that page.

    For lists whose rows are costly to build (joins, annotations): the database orders and
    slices narrow id rows, and only the page's rows get the joins. The page keeps the order.
    """
    page = page_of(request, items.values_list("pk", flat=True), param=param, per_page=per_page)
    ids = list(page.object_list)
    rows = {row.pk: row for row in fetch(ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
