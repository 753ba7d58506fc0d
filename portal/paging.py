"""Bounded public lists: one page of a list, whatever its length, for the KRDS pagination component."""

from django.core.paginator import Paginator

PAGE_SIZE = 20


def page_of(request, items, *, param="page", per_page=PAGE_SIZE):
    """The page of `items` that `?<param>=` asks for; a number out of range or not a number gives the nearest page.

    `items` may be a QuerySet (sliced in the database, one COUNT) or a list.
    """
    return Paginator(items, per_page).get_page(request.GET.get(param))
