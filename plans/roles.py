"""The roles of DESIGN.md §4 as group names, and the permissions each group holds.

Citizens are anonymous and need no group. Each role holds the permissions of the one
before it; which records a permission reaches is decided by `for_user` scoping.
"""

STAFF = "부서 담당자"
MANAGER = "부서장"
COORDINATOR = "총괄부서"

ROLE_LABELS = {
    "staff": STAFF,
    "manager": MANAGER,
    "coordinator": COORDINATOR,
}

# app_label.codename, by role; each later role adds to the previous one.
STAFF_PERMISSIONS = [
    "plans.view_municipality",
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
]
MANAGER_PERMISSIONS = [
    *STAFF_PERMISSIONS,
    "plans.change_headcount",
    "plans.add_headcount",
    "plans.review_progressreport",
]
COORDINATOR_PERMISSIONS = [
    *MANAGER_PERMISSIONS,
    *(
        f"plans.{action}_{model}"
        for model in ("plan", "strategy", "task", "plansection", "headlinetarget", "approvalstep", "plandirection")
        for action in ("add", "change", "delete")
    ),
    "plans.add_municipality",
    "plans.change_municipality",
    "plans.add_orgunit",
    "plans.change_orgunit",
    "plans.delete_orgunit",
    "plans.delete_headcount",
    "plans.view_user",
    "plans.add_user",
    "plans.change_user",
]

ROLE_PERMISSIONS = {
    STAFF: STAFF_PERMISSIONS,
    MANAGER: MANAGER_PERMISSIONS,
    COORDINATOR: COORDINATOR_PERMISSIONS,
}
