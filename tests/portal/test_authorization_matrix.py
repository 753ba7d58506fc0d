"""The authorization matrix, generated from the admin registry and the URL map.

Every registered model × every admin view and action (changelist, add, change, delete,
history, past versions, each action and each extra URL the admin declares) × six actors
(staff and head of unit A, staff of unit B, the coordinating offices of cities X and Y,
anonymous) × a record of unit A and one of city Y. A cell fails on a server error, on any
read of a record outside the actor's scope (a draft one anywhere, also in downloads), and
on any write to one. The scope each actor should have is computed from the unit tree
here, not through `for_user`; a model registered later is covered without editing this.
Then report downloads, evidence downloads, the API and the Excel imports, for every actor.
Every POST also carries superuser, staff-status, group and permission fields.
"""

import collections
import io
import re
import traceback
from functools import cached_property

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, reverse

from tests.portal import matrix

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
STANDARD_VIEWS = {"changelist", "add", "change", "delete", "history"}
CELLS = collections.Counter()


class Matrix:
    """One model's cells: the world, the clients, the records built and the failures found."""

    def __init__(self, model, model_admin):
        self.model, self.admin = model, model_admin
        self.world = matrix.build_world()
        self.ledger = []
        self.records = {
            "own": matrix.build(model, self.world.units["a"], self.ledger),
            "foreign": matrix.build(model, self.world.units["c"], self.ledger),
        }
        self.scopes = {name: self.world.scope(name) for name in [*matrix.ACTORS, "superuser"]}
        self.clients = {}
        for name in [*matrix.ACTORS, "superuser"]:
            client = Client()
            if self.world.actors.get(name) is not None:
                client.force_login(self.world.actors[name])
            self.clients[name] = client
        self.failures = []
        self.cells = 0
        opts = model._meta
        self.prefix = f"admin:{opts.app_label}_{opts.model_name}"

    # -- truth ---------------------------------------------------------------------------
    def in_scope(self, actor, record):
        """Whether `actor` may reach `record`, by the tree (superuser-only models: nobody)."""
        homes = matrix.home_units(self.model, [record.pk])[record.pk]
        return bool(homes & self.scopes[actor])

    def fail(self, actor, label, what, detail=""):
        """Record one failed cell."""
        self.failures.append(f"{self.model._meta.label} {label} as {actor}: {what} {detail}".strip())

    # -- requests ------------------------------------------------------------------------
    def request(self, actor, method, url, data=None, label=""):
        """One cell: the response, or None after a server error (recorded)."""
        self.cells += 1
        try:
            response = getattr(self.clients[actor], method)(url, data or {})
        except Exception as error:
            self.fail(actor, label, "server error", f"{error!r} {traceback.format_exc(limit=-2)}")
            return None
        if response.status_code >= 500:
            self.fail(actor, label, f"answered {response.status_code}")
            return None
        if response.status_code == 200:
            posted = " ".join(str(value) for value in (data or {}).values())
            self.check_no_foreign_draft(actor, response, label, posted)
        return response

    def write(self, actor, url, data, label):
        """A POST whose effects are rolled back; returns the response, the records after it and new rows' units.

        Every POST also tries to escalate: it carries superuser, staff-status, group and
        permission fields, and afterwards no account may have gained any of them.
        """
        if actor != "superuser":
            data = {**self.escalation, **data}
        with transaction.atomic():
            response = self.request(actor, "post", url, data, label)
            if actor != "superuser" and matrix.privileges() != self.privileges_before:
                self.fail(actor, label, "changed who holds superuser, staff status, groups or permissions")
            after = {key: matrix.snapshot(self.model, record.pk) for key, record in self.records.items()}
            created = set(self.model._default_manager.values_list("pk", flat=True)) - self.pks_before
            scope = self.world.scope(actor)  # a unit just created may extend it
            outside = [pk for pk, homes in matrix.home_units(self.model, created).items() if not homes & scope]
            transaction.set_rollback(True)
        return response, after, (created, outside)

    def check_no_foreign_draft(self, actor, response, label, posted=""):
        """No text of a draft outside the actor's scope appears in a page or a download (but what it posted)."""
        if response.get("Content-Disposition", "").startswith("attachment"):
            text = matrix.attachment_text(response)
        elif response.streaming:
            return
        else:
            text = response.content.decode("utf-8", "replace")
        for built in self.ledger:
            if (
                built.draft
                and built.unit_id not in self.scopes[actor]
                and built.marker in text
                and built.marker not in posted
            ):
                self.fail(actor, label, f"read a foreign draft {built.instance._meta.label} {built.marker}")

    # -- the views -----------------------------------------------------------------------
    @cached_property
    def escalation(self):
        """Fields that would make an account more powerful than its role, as a form would send them."""
        return {
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [str(pk) for pk in Group.objects.values_list("pk", flat=True)],
            "user_permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)[:50]],
        }

    def run(self):
        """Every cell of this model."""
        self.privileges_before = matrix.privileges()
        before = {key: matrix.snapshot(self.model, record.pk) for key, record in self.records.items()}
        self.pks_before = set(self.model._default_manager.values_list("pk", flat=True))
        probes = {key: self.probes(record) for key, record in self.records.items()}
        for actor in matrix.ACTORS:
            self.changelist(actor)
            for key, record in self.records.items():
                in_scope = self.in_scope(actor, record)
                self.object_views(actor, key, record, in_scope, probes[key], before)
        return self

    def probes(self, record):
        """POST payloads read from the superuser's own change and add pages, checked to work."""
        change_url = reverse(f"{self.prefix}_change", args=[record.pk])
        response = self.request("superuser", "get", change_url, label="change (superuser)")
        probe = {"change": None, "add": None}
        if response is None or response.status_code != 200 or "adminform" not in (response.context or {}):
            return probe
        form = response.context["adminform"].form
        payload = matrix.change_payload(response)
        changed = matrix.changed_payload(payload, form, f"changed-{record.matrix_marker}")
        if changed is not None:
            _response, after, _rows = self.write("superuser", change_url, changed, "change probe (superuser)")
            key = next(k for k, r in self.records.items() if r.pk == record.pk)
            if after[key] != matrix.snapshot(self.model, record.pk):
                probe["change"] = changed
        add_page = self.request("superuser", "get", reverse(f"{self.prefix}_add"), label="add (superuser)")
        if changed is not None and add_page is not None and add_page.status_code == 200:
            management = {
                k: v
                for k, v in matrix.change_payload(add_page).items()
                if re.search(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$", k)
            }
            main = {
                k: v for k, v in changed.items() if not re.search(r"-\d+-|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$", k)
            }
            add_payload = {**main, **management}
            _response, _after, (created, _outside) = self.write(
                "superuser", reverse(f"{self.prefix}_add"), add_payload, "add probe"
            )
            if created:
                probe["add"] = add_payload
        PROBES_VALID["change"] += probe["change"] is not None
        PROBES_VALID["add"] += probe["add"] is not None
        return probe

    def changelist(self, actor):
        """The list: no row outside the actor's scope, for each record built."""
        response = self.request(actor, "get", reverse(f"{self.prefix}_changelist"), label="changelist")
        if response is None or response.status_code != 200 or "cl" not in (response.context or {}):
            return
        listed = [row.pk for row in response.context["cl"].result_list]
        homes = matrix.home_units(self.model, listed)
        for pk in listed:
            if not homes[pk] & self.scopes[actor]:
                self.fail(actor, "changelist", f"lists record {pk} outside its scope")
        self.cells += len(self.records) - 1  # one cell per record: each was looked for in the list
        if actor.startswith("coordinator"):
            self.coordinator_sees_own_city(actor, set(listed))

    def coordinator_sees_own_city(self, actor, listed):
        """Not vacuous: the coordinating office lists its city's record when it may view the model."""
        user, opts = self.world.actors[actor], self.model._meta
        if not any(user.has_perm(f"{opts.app_label}.{a}_{opts.model_name}") for a in ("view", "change")):
            return
        for record in self.records.values():
            if self.in_scope(actor, record) and record.pk not in listed:
                self.fail(actor, "changelist", f"does not list its own city's record {record.pk}")

    def object_views(self, actor, key, record, in_scope, probe, before):
        """Add, change, delete, history, past versions, actions and extra URLs for one record."""
        label = f"[{key}]"
        for view in ("change", "delete", "history"):
            url = reverse(f"{self.prefix}_{view}", args=[record.pk])
            response = self.request(actor, "get", url, label=f"{view} {label}")
            if response is not None and response.status_code == 200 and not in_scope:
                self.fail(actor, f"{view} {label}", "read a record outside its scope")
            if view == "change":
                self.check_choices(actor, response, f"{view} {label}")
        add_url = reverse(f"{self.prefix}_add")
        self.check_choices(actor, self.request(actor, "get", add_url, label=f"add {label}"), f"add {label}")
        if probe["add"] is not None:
            _response, _after, (_created, outside) = self.write(actor, add_url, probe["add"], f"add {label}")
            for pk in outside:
                self.fail(actor, f"add {label}", f"created record {pk} outside its scope")
        else:
            self.cells += 1
        change_url = reverse(f"{self.prefix}_change", args=[record.pk])
        if probe["change"] is not None:
            self.expect_unchanged(actor, key, in_scope, before, f"change {label}", change_url, probe["change"])
        else:
            self.cells += 1
        delete_url = reverse(f"{self.prefix}_delete", args=[record.pk])
        self.expect_unchanged(actor, key, in_scope, before, f"delete {label}", delete_url, {"post": "yes"})
        self.actions(actor, key, record, in_scope, before, label)
        self.extra_urls(actor, key, record, in_scope, before, probe, label)

    def check_choices(self, actor, response, label):
        """A form offers, in every relation field of the form and its inlines, only rows in the actor's scope."""
        if response is None or response.status_code != 200 or "adminform" not in (response.context or {}):
            return
        forms_shown = [response.context["adminform"].form]
        for inline in response.context.get("inline_admin_formsets", []):
            forms_shown.extend([*inline.formset.forms, inline.formset.empty_form])
        for form in forms_shown:
            for name, form_field in form.fields.items():
                if name == form._meta.model._meta.pk.name:
                    continue  # an inline row's own id: matched against the parent's rows only
                queryset = getattr(form_field, "queryset", None)
                if queryset is None or matrix.scope_field(queryset.model) is None:
                    continue
                offered = list(queryset.values_list("pk", flat=True))
                for pk, homes in matrix.home_units(queryset.model, offered).items():
                    if not homes & self.scopes[actor]:
                        self.fail(actor, label, f"offers {queryset.model._meta.label} {pk} in '{name}'")
                        break

    def expect_unchanged(self, actor, key, in_scope, before, label, url, data, *, anyone=False):
        """POST; the record must stay as it was unless the actor may reach it (never, with `anyone`)."""
        response, after, _rows = self.write(actor, url, data, label)
        if (anyone or not in_scope) and after[key] != before[key]:
            self.fail(actor, label, "changed a record it may not change")
        return response

    def actions(self, actor, key, record, in_scope, before, label):
        """Each action the superuser is offered, run by the actor on this record alone."""
        root = RequestFactory().get("/")
        root.user = self.world.actors["superuser"]
        for name in self.admin.get_actions(root):
            data = {"action": name, "_selected_action": [record.pk], "index": 0, "post": "yes"}
            response = self.expect_unchanged(
                actor, key, in_scope, before, f"action {name} {label}", reverse(f"{self.prefix}_changelist"), data
            )
            if (
                response is not None
                and not in_scope
                and response.get("Content-Disposition", "").startswith("attachment")
            ) and record.matrix_marker in matrix.attachment_text(response):
                self.fail(actor, f"action {name} {label}", "downloaded a record outside its scope")

    def extra_urls(self, actor, key, record, in_scope, before, probe, label):
        """Every further URL the admin declares: read with GET, and POSTed when it takes a record."""
        for pattern in self.admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            view = pattern.name.removeprefix(f"{self.prefix.removeprefix('admin:')}_")
            if view in STANDARD_VIEWS:
                continue
            arguments = pattern.pattern.regex.groups
            if arguments == 0:
                self.request(actor, "get", reverse(f"admin:{pattern.name}"), label=f"{view}")
                continue
            args = [record.pk]
            if arguments == 2:
                history = getattr(record, "history", None)
                version = history.order_by("-history_id").first() if history is not None else None
                if version is None:
                    continue
                args.append(version.history_id)
            url = reverse(f"admin:{pattern.name}", args=args)
            response = self.request(actor, "get", url, label=f"{view} {label}")
            if response is not None and response.status_code == 200 and not in_scope:
                self.fail(actor, f"{view} {label}", "read a record outside its scope")
            # A past version is never written back, by anyone.
            data = probe["change"] or {"reason": "matrix"}
            self.expect_unchanged(
                actor, key, in_scope, before, f"{view} POST {label}", url, data, anyone=arguments == 2
            )


PROBES_VALID = collections.Counter()


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[m._meta.label for m, _ in REGISTRY])
def test_admin_matrix_has_no_foreign_read_or_write(model, model_admin, settings):
    """Every view, action and extra URL of one registered model, for every actor and both records."""
    settings.AXES_ENABLED = False
    result = Matrix(model, model_admin).run()
    CELLS[model._meta.label] = result.cells
    assert not result.failures, "\n".join(result.failures)


def _api_routes():
    from config.api import router

    routes = []
    for _prefix, viewset, basename in router.registry:
        queryset = getattr(viewset, "queryset", None)
        # List serializers may read values() rows (no Meta); the detail serializer names the model.
        serializer = getattr(viewset, "detail_serializer_class", None) or viewset.serializer_class
        model = queryset.model if queryset is not None else serializer.Meta.model
        routes.append((basename, model, getattr(viewset, "lookup_field", "pk")))
    return routes


def test_reports_evidence_and_api_show_nothing_foreign_or_draft(settings):
    """Report downloads (each report × own, foreign and no unit), evidence downloads and every API route.

    One record of every registered model is built in unit A and one in city Y. A report
    may carry nothing outside the actor's scope; an evidence file of a card nobody
    approved is never served; the API shows no draft, in lists or by id.
    """
    from portal.reports import report_catalogue

    settings.AXES_ENABLED = False
    world = matrix.build_world()
    ledger = []
    for model, _model_admin in REGISTRY:
        for unit_key in ("a", "c"):
            matrix.build(model, world.units[unit_key], ledger)
    records = [built for built in ledger if built.marker.startswith("mx")]
    failures, cells, downloads = [], 0, collections.Counter()
    assert any(built.draft for built in records), "no draft was built: the draft checks would be vacuous"
    clients = {}
    for name in matrix.ACTORS:
        clients[name] = Client()
        if world.actors[name] is not None:
            clients[name].force_login(world.actors[name])

    def get(actor, url):
        nonlocal cells
        cells += 1
        response = clients[actor].get(url)
        if response.status_code >= 500:
            failures.append(f"{url} as {actor}: answered {response.status_code}")
        return response

    for actor in matrix.ACTORS:
        scope = world.scope(actor)
        for report in report_catalogue():
            for unit in (None, world.units["a"], world.units["c"]):
                query = f"?report={report}" + (f"&unit={unit.pk}" if unit else "")
                response = get(actor, reverse("reports:download") + query)
                if not response.get("Content-Disposition", "").startswith("attachment"):
                    continue
                text = matrix.attachment_text(response)
                downloads[actor] += 1
                for built in records:
                    if built.unit_id not in scope and built.marker in text:
                        failures.append(
                            f"report {report}{query} as {actor}: holds {built.instance._meta.label} {built.marker}"
                        )
        for built in records:
            if built.instance._meta.label == "pledges.EvidenceFile" and built.draft:
                response = get(actor, reverse("pledges:evidence", args=[built.instance.pk]))
                if response.status_code == 200:
                    failures.append(f"evidence {built.instance.pk} of an unapproved card served to {actor}")

    for basename, model, lookup in _api_routes():
        response = get(ANONYMOUS_ACTOR, reverse(f"api:{basename}-list") + "?page_size=100")
        text = response.content.decode()
        for built in records:
            if built.draft and built.marker in text:
                failures.append(f"API {basename} list shows draft {built.instance._meta.label} {built.marker}")
            if type(built.instance) is model and built.draft:
                detail = get(ANONYMOUS_ACTOR, reverse(f"api:{basename}-detail", args=[getattr(built.instance, lookup)]))
                if detail.status_code == 200:
                    failures.append(
                        f"API {basename} detail serves draft {built.instance._meta.label} {built.instance.pk}"
                    )
    CELLS["reports, evidence, API"] = cells
    assert not failures, "\n".join(failures)
    assert downloads["coordinator_x"] and downloads["head_a"], f"reports were never downloaded: {downloads}"
    assert not downloads[matrix.ANONYMOUS] and not downloads["staff_a"]


ANONYMOUS_ACTOR = matrix.ANONYMOUS


# Importers with a pre-filled template per scope (the whole-city workbooks are checked in their own tests).
IMPORTERS = [(m, a) for m, a in REGISTRY if getattr(a, "import_functions", {}).get("template")]


@pytest.mark.parametrize(("model", "model_admin"), IMPORTERS, ids=[m._meta.label for m, _ in IMPORTERS])
def test_import_of_another_scopes_rows_writes_nothing(model, model_admin, settings):
    """Each Excel import: city Y's filled template, uploaded and confirmed by every other actor, writes nothing.

    Not vacuous: the same file, uploaded by Y's coordinating office, does write.
    """
    settings.AXES_ENABLED = False
    world = matrix.build_world()
    ledger = []
    for other, _admin in REGISTRY:  # what the template lists (tasks, indicators ...), but no row to import yet
        if other is not model:
            matrix.build(other, world.units["c"], ledger)
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    owner = Client()
    owner.force_login(world.actors["coordinator_y"])
    template = owner.get(reverse(f"{prefix}_import_template"))
    assert template.status_code == 200
    content = matrix.fill_import_template(b"".join(template.streaming_content))
    failures, cells = [], 0

    def upload(actor):
        client = Client()
        if world.actors[actor] is not None:
            client.force_login(world.actors[actor])
        with transaction.atomic():
            rows_before = {row["id"]: row for row in model._default_manager.values()}
            preview = client.post(reverse(f"{prefix}_import"), {"file": io.BytesIO(content)})
            token = (preview.context or {}).get("token") if preview.status_code == 200 else None
            if token:
                client.post(reverse(f"{prefix}_import"), {"confirm": "1", "token": token})
            rows_after = {row["id"]: row for row in model._default_manager.values()}
            transaction.set_rollback(True)
        if preview.status_code >= 500:
            failures.append(f"{opts.label} import as {actor}: answered {preview.status_code}")
        return rows_before != rows_after

    assert upload("coordinator_y"), "the filled template imports nothing even for its owner: the cells would be vacuous"
    for actor in matrix.ACTORS:
        if actor == "coordinator_y":
            continue
        cells += 1
        if upload(actor):
            failures.append(f"{opts.label} import as {actor}: wrote rows of city Y")
    CELLS[f"{opts.label} import"] = cells
    assert not failures, "\n".join(failures)


def test_matrix_cell_count_is_printed(capsys):
    """Runs after the model cells (same module, later): prints how many cells were checked."""
    if not CELLS:
        pytest.skip("the model cells were not run in this session")
    with capsys.disabled():
        print(
            f"\nauthorization matrix: {sum(CELLS.values())} cells ({len(REGISTRY)} admin models, then reports, evidence and the API); "
            f"write probes valid for {PROBES_VALID['change']} change and {PROBES_VALID['add']} add forms"
        )
    assert {m._meta.label for m, _ in REGISTRY} <= set(CELLS)
