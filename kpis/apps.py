"""App configuration."""

from django.apps import AppConfig


class KpisConfig(AppConfig):
    """The `kpis` app."""

    name = "kpis"
    sitemaps = {"indicators": "kpis.sitemaps.IndicatorSitemap"}
    search_groups = ["kpis.search.INDICATORS", "kpis.search.MILESTONES"]
    verbose_name = "성과지표"
    seed_files = [("kpi-*.yaml", "kpis.seeding.load_indicators"), ("milestones-*.yaml", "kpis.seeding.load_milestones")]
    reports = {
        "kpis": ("성과지표 달성 현황", "kpis.reports.kpis_report"),
        "obligations": ("제출 현황 (부서 × 제출 의무)", "kpis.obligation_matrix.obligations_report"),
    }
    review_policies = ["kpis.services.MEASUREMENT_REVIEW"]
    role_permissions = {
        "staff": [
            "kpis.view_indicator",
            "kpis.view_target",
            "kpis.view_measurement",
            "kpis.add_measurement",
            "kpis.change_measurement",
            "kpis.view_evaluationmilestone",
            "kpis.view_obligation",
        ],
        "manager": ["kpis.review_measurement"],
        "coordinator": [
            *(
                f"kpis.{action}_{model}"
                for model in ("indicator", "target", "evaluationmilestone")
                for action in ("add", "change", "delete")
            ),
            "kpis.delete_measurement",
        ],
    }
