"""The open-data API (/api/v1/): one router over every app's read-only viewsets, its schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from budgets import api as budgets_api
from kpis import api as kpis_api
from plans import api as plans_api
from pledges import api as pledges_api
from pledges import procedure_api
from portal.schema import SchemaView

app_name = "api"

router = SimpleRouter()
router.register("municipalities", plans_api.MunicipalityViewSet, basename="municipality")
router.register("units", plans_api.OrgUnitViewSet, basename="unit")
router.register("plans", plans_api.PlanViewSet, basename="plan")
router.register("strategies", plans_api.StrategyViewSet, basename="strategy")
router.register("tasks", plans_api.TaskViewSet, basename="task")
router.register("progress-reports", plans_api.ProgressReportViewSet, basename="progress-report")
router.register("pledges", pledges_api.PledgeViewSet, basename="pledge")
router.register("pledge-cards", pledges_api.PledgeCardViewSet, basename="pledge-card")
router.register("pledge-texts", pledges_api.PledgeTextViewSet, basename="pledge-text")
router.register("pledge-targets", pledges_api.YearlyTargetViewSet, basename="pledge-target")
router.register("pledge-changes", procedure_api.PledgeChangeViewSet, basename="pledge-change")
router.register("pledge-self-evaluations", procedure_api.SelfEvaluationViewSet, basename="pledge-self-evaluation")
router.register("citizen-panels", procedure_api.CitizenPanelViewSet, basename="citizen-panel")
router.register("panel-meetings", procedure_api.PanelMeetingViewSet, basename="panel-meeting")
router.register("budget-lines", budgets_api.BudgetLineViewSet, basename="budget-line")
router.register("budget-rollups", budgets_api.BudgetRollupViewSet, basename="budget-rollup")
router.register("indicators", kpis_api.IndicatorViewSet, basename="indicator")
router.register("milestones", kpis_api.MilestoneViewSet, basename="milestone")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="portal/swagger_ui.html"),
        name="docs",
    ),
    *router.urls,
]
