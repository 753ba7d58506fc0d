"""Atom feeds of approved updates (a city, a plan), the recent-changes page's source, and the plans' sitemap."""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from plans.models import Municipality, Plan, Task
from plans.updates import city_updates
from portal.follows import FollowSource


class UpdatesFeed(Feed):
    """Approved updates as Atom entries: title, link, date and the first lines of the text."""

    feed_type = Atom1Feed

    def items(self, obj):
        """The newest approved updates."""
        return self.updates(obj)

    def item_title(self, item):
        """The update's title."""
        return item.title

    def item_link(self, item):
        """The public page it changed."""
        return item.link

    def item_guid(self, item):
        """One id per page and moment, so a reader sees each approval once."""
        return f"{item.link}#{item.when:%Y%m%dT%H%M%S}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        """When it was approved."""
        return item.when

    def item_updateddate(self, item):
        """When it was approved."""
        return item.when

    def item_description(self, item):
        """What kind of update, and its first lines."""
        return f"[{item.kind}] {item.summary}"


class CityFeed(UpdatesFeed):
    """Every approved update of a city."""

    def get_object(self, request, slug):
        """The city of the URL."""
        return get_object_or_404(Municipality, slug=slug)

    def title(self, obj):
        """The feed's title."""
        return _("%(name)s 시정계획 포털 최근 변경") % {"name": obj.name}

    def link(self, obj):
        """The city's recent-changes page."""
        return reverse("plans:updates", kwargs={"slug": obj.slug})

    def updates(self, obj):
        """The city's newest approved updates."""
        return city_updates(municipality=obj)


class PlanFeed(UpdatesFeed):
    """The approved quarterly reports of one plan."""

    def get_object(self, request, slug, plan_slug):
        """The published plan of the URL."""
        return get_object_or_404(
            Plan.objects.published().select_related("municipality"), municipality__slug=slug, slug=plan_slug
        )

    def title(self, obj):
        """The feed's title."""
        return _("%(title)s 최근 추진실적") % {"title": obj.title}

    def link(self, obj):
        """The plan's page."""
        return obj.get_absolute_url()

    def updates(self, obj):
        """The plan's newest approved reports."""
        return city_updates(municipality=obj.municipality, plan=obj)


class CitySitemap(Sitemap):
    """Every city's front page."""

    changefreq = "weekly"

    def items(self):
        """All municipalities."""
        return Municipality.objects.order_by("pk")

    def location(self, item):
        """The city page."""
        return reverse("plans:city", kwargs={"slug": item.slug})


class PlanSitemap(Sitemap):
    """Every published plan."""

    changefreq = "weekly"

    def items(self):
        """Published plans."""
        return Plan.objects.published().select_related("municipality").order_by("pk")


class TaskSitemap(Sitemap):
    """Every task of a published plan."""

    changefreq = "monthly"

    def items(self):
        """Tasks of published plans, with what their address needs."""
        return Task.objects.published().select_related("strategy__plan__municipality").order_by("pk")


def _find_plan(pk):
    """A published plan, or None."""
    return Plan.objects.published().select_related("municipality").filter(pk=pk).first()


# E-mail follows (portal.follows) send what the plan's Atom feed lists.
FOLLOW_SOURCES = {"plans.plan": FollowSource(find=_find_plan, updates=PlanFeed().updates)}
