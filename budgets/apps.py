"""App configuration."""

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    """The `budgets` app."""

    name = "budgets"
    verbose_name = "예산"
    seed_files = [("budget-*.yaml", "budgets.seeding.load_budget")]
    reports = {"budget": ("예산 현황", "budgets.reports.budget_report")}
    pledge_card_sections = "budgets.reports.pledge_investment_sections"
    plan_report_columns = "budgets.reports.plan_report_columns"
    pledge_finance_totals = "budgets.reports.pledge_finance_totals"
    plan_workbook_sections = ["budgets.onboarding.PLAN_BUDGET_SHEET"]
    task_weights = "budgets.rollups.task_budgets"
    task_weight_expression = "budgets.rollups.task_budget_expression"
    glossary = "budgets.glossary.TERMS"
    review_policies = ["budgets.services.BUDGET_EXECUTION_REVIEW", "budgets.services.PERIOD_EXECUTION_REVIEW"]
    role_permissions = {
        "staff": [
            "budgets.view_budgetline",
            "budgets.change_budgetline",
            "budgets.view_budgetexecution",
            "budgets.add_budgetexecution",
            "budgets.change_budgetexecution",
        ],
        "manager": ["budgets.review_budgetline", "budgets.review_budgetexecution"],
        "coordinator": ["budgets.add_budgetline", "budgets.delete_budgetline", "budgets.delete_budgetexecution"],
    }
