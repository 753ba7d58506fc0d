"""The Atom feed of one pledge's approved updates, and the pledges' sitemap."""

from django.contrib.sitemaps import Sitemap
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from plans.feeds import UpdatesFeed
from pledges.models import Pledge
from pledges.updates import pledge_updates
from portal.follows import FollowSource


class PledgeFeed(UpdatesFeed):
    """Approved cards and status changes of one pledge."""

    def get_object(self, request, slug, term, code):
        """The pledge of the URL."""
        return get_object_or_404(
            Pledge.objects.select_related("term__municipality"), term__municipality__slug=slug, term_id=term, code=code
        )

    def title(self, obj):
        """The feed's title."""
        return _("공약 %(code)s %(title)s 최근 변경") % {"code": obj.code, "title": obj.title}

    def link(self, obj):
        """The pledge's page."""
        return obj.get_absolute_url()

    def updates(self, obj):
        """The pledge's newest approved updates."""
        return sorted(
            pledge_updates(municipality=obj.term.municipality, pledge=obj), key=lambda item: item.when, reverse=True
        )


class PledgeSitemap(Sitemap):
    """Every pledge."""

    changefreq = "monthly"

    def items(self):
        """All pledges, with what their address needs."""
        return Pledge.objects.select_related("term__municipality").order_by("pk")


def _find_pledge(pk):
    """A pledge (every pledge page is public), with what its page and feed need."""
    return Pledge.objects.select_related("term__municipality").filter(pk=pk).first()


# E-mail follows (portal.follows) send what the pledge's Atom feed lists.
FOLLOW_SOURCES = {"pledges.pledge": FollowSource(find=_find_pledge, updates=PledgeFeed().updates)}
