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

# Permissions of the `plans` app by role, as app_label.codename; each later role adds to the
# previous one. Every app declares its own on its AppConfig (`role_permissions`).
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
    "plans.change_headcount",
    "plans.add_headcount",
    "plans.review_progressreport",
    "plans.download_report",
]
COORDINATOR_PERMISSIONS = [
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
    "plans.view_reportdownload",
]

PLANS_ROLE_PERMISSIONS = {
    "staff": STAFF_PERMISSIONS,
    "manager": MANAGER_PERMISSIONS,
    "coordinator": COORDINATOR_PERMISSIONS,
}


def permissions_by_role():
    """Group name → every permission it holds, gathered from each app and accumulated by rank."""
    from django.apps import apps

    gathered, held = {}, []
    for role in ("staff", "manager", "coordinator"):
        for config in apps.get_app_configs():
            held.extend(getattr(config, "role_permissions", {}).get(role, []))
        gathered[ROLE_LABELS[role]] = list(dict.fromkeys(held))
    return gathered
