"""The permissions the `plans` app gives each role (see `portal.roles`); each later role adds to the previous one."""

STAFF_PERMISSIONS = [
    "plans.view_municipality",
    "plans.view_sourcedocument",
    "plans.view_orgunit",
    "plans.view_headcount",
    "plans.view_plan",
    "plans.view_strategy",
    "plans.view_task",
    "plans.change_task",
    "plans.view_taskobjective",
    "plans.add_taskobjective",
    "plans.change_taskobjective",
    "plans.delete_taskobjective",
    "plans.view_actionitem",
    "plans.add_actionitem",
    "plans.change_actionitem",
    "plans.delete_actionitem",
    "plans.view_progressreport",
    "plans.add_progressreport",
    "plans.change_progressreport",
    "plans.view_reportevent",
    "plans.add_reportevent",
    "plans.change_reportevent",
    "plans.delete_reportevent",
    "plans.view_reportevidence",
    "plans.change_reportevidence",
    "plans.delete_reportevidence",
    "plans.view_periodreopening",
]
MANAGER_PERMISSIONS = [
    "plans.change_headcount",
    "plans.add_headcount",
    "plans.review_progressreport",
]
COORDINATOR_PERMISSIONS = [
    *(
        f"plans.{action}_{model}"
        for model in ("plan", "strategy", "task", "plansection", "headlinetarget", "approvalstep", "plandirection")
        for action in ("add", "change", "delete")
    ),
    "plans.add_sourcedocument",
    "plans.change_sourcedocument",
    "plans.add_municipality",
    "plans.change_municipality",
    "plans.add_orgunit",
    "plans.change_orgunit",
    "plans.delete_orgunit",
    "plans.delete_headcount",
    "plans.view_user",
    "plans.add_user",
    "plans.change_user",
    "plans.add_periodreopening",
]

PLANS_ROLE_PERMISSIONS = {
    "staff": STAFF_PERMISSIONS,
    "manager": MANAGER_PERMISSIONS,
    "coordinator": COORDINATOR_PERMISSIONS,
}
