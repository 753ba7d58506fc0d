"""App configuration."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The `plans` app."""

    name = "plans"
    verbose_name = "조직·업무계획"
    seed_files = [("organisation.yaml", "plans.seeding.load_organisation"), ("plan-*.yaml", "plans.seeding.load_plan")]
    reports = {"plan-progress": ("업무계획 추진현황", "plans.reports.plan_progress_report")}
    follow_sources = "plans.feeds.FOLLOW_SOURCES"
    search_groups = ["plans.search.PLANS", "plans.search.TASKS", "plans.search.UNITS", "plans.search.REPORTS"]
    sitemaps = {
        "cities": "plans.feeds.CitySitemap",
        "plans": "plans.feeds.PlanSitemap",
        "tasks": "plans.feeds.TaskSitemap",
    }
    review_policies = ["plans.services.PROGRESS_REVIEW"]
    glossary = "plans.glossary.TERMS"

    @property
    def role_permissions(self):
        """The permissions this app gives each role."""
        from plans.permissions import PLANS_ROLE_PERMISSIONS

        return PLANS_ROLE_PERMISSIONS
