"""App configuration."""

from django.apps import AppConfig


class PledgesConfig(AppConfig):
    """The `pledges` app."""

    name = "pledges"
    verbose_name = "공약"
    seed_files = [("pledge-*.yaml", "pledges.seeding.load_pledges")]
    reports = {
        "pledges": ("공약 이행 현황", "pledges.reports.pledges_report"),
        "pledge-evaluation": ("공약 이행 평가 자료", "pledges.evaluation_report.evaluation_report_for_filters"),
        "pledge-lagging": ("부진공약 현황", "pledges.lagging_report.lagging_report"),
    }
    public_updates = "pledges.updates.pledge_updates"
    follow_sources = "pledges.feeds.FOLLOW_SOURCES"
    search_groups = ["pledges.search.PLEDGES"]
    sitemaps = {"pledges": "pledges.feeds.PledgeSitemap"}
    role_permissions = {
        "staff": [
            "pledges.view_term",
            "pledges.view_pledgecategory",
            "pledges.view_pledge",
            "pledges.view_pledgeofficial",
            "pledges.view_pledgestatuschange",
            "pledges.view_pledgeadjustment",
            "pledges.view_pledgechange",
            "pledges.add_pledgechange",
            "pledges.change_pledgechange",
            "pledges.view_changecomment",
            "pledges.change_changecomment",
            *(
                f"pledges.{action}_{model}"
                for model in (
                    "pledgecard",
                    "cardentry",
                    "cardevent",
                    "cardoutcome",
                    "evidencefile",
                    "participationcount",
                    "pledgetext",
                    "yearlytarget",
                    "selfevaluation",
                    "selfevaluationcontribution",
                    "laggingmeasure",
                )
                for action in ("view", "add", "change")
            ),
            "pledges.view_laggingreview",
            "pledges.delete_cardevent",
            "pledges.delete_cardoutcome",
            "pledges.delete_evidencefile",
        ],
        "manager": ["pledges.change_pledge", "pledges.add_pledgestatuschange"],
        "coordinator": [
            "pledges.review_pledgecard",
            "pledges.review_pledgetext",
            "pledges.decide_yearlytarget",
            "pledges.review_selfevaluation",
            "pledges.review_pledgechange",
            "pledges.review_panelmeeting",
            *(
                f"pledges.{action}_{model}"
                for model in (
                    "term",
                    "pledgecategory",
                    "pledge",
                    "pledgeofficial",
                    "laggingreview",
                    "managementrules",
                )
                for action in ("add", "change", "delete")
            ),
            *(
                f"pledges.{action}_{model}"
                for model in ("citizenpanel", "panelmember", "panelmeeting", "panelopinion")
                for action in ("view", "add", "change", "delete")
            ),
        ],
    }
