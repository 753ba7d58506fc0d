"""The KRDS pagination component for any page of `portal.paging.page_of`."""

from django import template

register = template.Library()


@register.inclusion_tag("portal/_pagination.html", takes_context=True)
def pagination(context, page, param="page", anchor="", label=""):
    """Links to the other pages of `page`, keeping the request's other query parameters.

    `anchor` is the id of the list's heading, so a link lands on the list; `label` names the
    list for screen readers. Nothing is shown when everything fits on one page.
    """
    request = context["request"]

    def link(number):
        query = request.GET.copy()
        query.pop(param, None)
        if number != 1:
            query[param] = number
        encoded = query.urlencode()
        return (f"?{encoded}" if encoded else request.path) + (f"#{anchor}" if anchor else "")

    paginator = page.paginator
    links = [
        {
            "number": number,
            "url": link(number) if number != paginator.ELLIPSIS else "",
            "current": number == page.number,
        }
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return {
        "page": page,
        "links": links,
        "ellipsis": paginator.ELLIPSIS,
        "previous_url": link(page.previous_page_number()) if page.has_previous() else "",
        "next_url": link(page.next_page_number()) if page.has_next() else "",
        "label": label,
    }
