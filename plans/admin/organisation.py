"""Admin for the organisation, scoped to each staff member's unit."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.accounts import ROLE_CHOICES, accounts_unlock, locked_out_attempts, manageable_accounts, staff_account_save
from plans.models import Headcount, Municipality, OrgUnit, SourceDocument, User
from portal import roles
from portal.admin_scoping import ScopedModelAdmin


@admin.register(Municipality)
class MunicipalityAdmin(ScopedModelAdmin):
    """Municipalities: edited by the coordinating office only (by permission)."""

    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class HeadcountInline(admin.TabularInline):
    """Headcount records of a unit, newest first."""

    model = Headcount
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedModelAdmin):
    """Units: each user sees their own unit and the units below it."""

    list_display = ["name", "kind", "municipality", "parent", "head_title", "head_name", "is_coordinating"]
    list_filter = ["municipality", "kind", "is_coordinating"]
    search_fields = ["name", "name_en", "head_name"]
    list_select_related = ["municipality", "parent"]
    inlines = [HeadcountInline]


@admin.register(Headcount)
class HeadcountAdmin(ScopedModelAdmin):
    """Headcounts (정원·현원) per unit and date."""

    list_display = ["unit", "as_of", "authorized", "current", "source"]
    list_filter = ["unit__municipality", "as_of"]
    list_select_related = ["unit", "unit__municipality"]


class RoleFieldMixin(forms.Form):
    """The role as one choice among the four (no role included); fixed on one's own account."""

    actor = None  # set by PortalUserAdmin.get_form to the user filling the form

    role = forms.ChoiceField(label=_("역할"), choices=ROLE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        """Start from the account's role; the unit is required; one's own role and unit are fixed."""
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = roles.role_of(self.instance) if self.instance.pk else "staff"
        self.fields["unit"].required = True
        if self.instance.pk is not None and self.instance.pk == getattr(self.actor, "pk", None):
            for name in ("role", "unit", "is_active"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "자기 계정의 역할·소속·활성 여부는 다른 총괄부서 담당자가 바꿉니다."
                    )


class StaffAccountCreationForm(RoleFieldMixin, AdminUserCreationForm):
    """A new staff account of the coordinating office's city."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "unit"]


class StaffAccountChangeForm(RoleFieldMixin, UserChangeForm):
    """A staff account's name, contact, unit, role and whether it may log in."""

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ["username", "password", "first_name", "last_name", "email", "unit", "is_active"]


class RoleListFilter(admin.SimpleListFilter):
    """Accounts by role."""

    title = _("역할")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        """The four roles."""
        return [*roles.ROLE_LABELS.items(), ("none", _("역할 없음"))]

    def queryset(self, request, queryset):
        """Accounts in the chosen role's group; "none": in no role group."""
        if self.value() == "none":
            return queryset.exclude(groups__name__in=roles.ROLE_LABELS.values())
        if self.value() in roles.ROLE_LABELS:
            return queryset.filter(groups__name=roles.ROLE_LABELS[self.value()])
        return queryset


@admin.register(User)
class PortalUserAdmin(ScopedModelAdmin, UserAdmin):
    """Staff accounts with their unit and role; the coordinating office keeps its city's.

    Superusers get Django's full form. Everyone else sees no superuser, staff-status,
    group or permission field, and never a superuser's account.
    """

    list_display = ["username", "last_name", "first_name", "unit", "role_label", "is_active", "locked_out"]
    list_filter = [RoleListFilter, "is_active"]
    list_select_related = ["unit", "unit__municipality"]
    actions = ["unlock_selected"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("소속"), {"fields": ["unit"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("소속"), {"fields": ["unit"]}),
    ]
    staff_fieldsets = [
        (_("이름·연락처"), {"fields": ["first_name", "last_name", "email"]}),
        (_("소속과 역할"), {"fields": ["unit", "role"]}),
    ]

    def get_list_filter(self, request):
        """Superusers also filter by city; a coordinating office sees only its own."""
        return [*self.list_filter, "unit__municipality"] if request.user.is_superuser else self.list_filter

    def get_queryset(self, request):
        """The accounts the user may manage, with what the list shows in one query."""
        return (
            manageable_accounts(request.user)
            .select_related("unit__municipality")
            .prefetch_related(
                models.Prefetch("groups", queryset=Group.objects.filter(name__in=roles.ROLE_LABELS.values()))
            )
            .annotate(is_locked_out=models.Exists(locked_out_attempts().filter(username=models.OuterRef("username"))))
            .order_by("username")
        )

    def get_fieldsets(self, request, obj=None):
        """Django's fieldsets for superusers; for everyone else only what a coordinating office sets."""
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return [
                (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
                *self.staff_fieldsets,
            ]
        (names, (unit_role, fields)) = self.staff_fieldsets
        return [
            (None, {"fields": ["username", "password"]}),
            names,
            (unit_role, {"fields": [*fields["fields"], "is_active"]}),
            (_("기록"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        """Login and joining dates are a record."""
        return [] if request.user.is_superuser else ["last_login", "date_joined"]

    def get_form(self, request, obj=None, **kwargs):
        """The role-and-unit forms for everyone but superusers, knowing who fills them."""
        if not request.user.is_superuser:
            base = StaffAccountCreationForm if obj is None else StaffAccountChangeForm
            kwargs["form"] = type(base.__name__, (base,), {"actor": request.user})
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        """Superusers save as Django does; everyone else through the account service."""
        if request.user.is_superuser:
            return super().save_model(request, obj, form, change)
        staff_account_save(
            actor=request.user, account=obj, role=form.cleaned_data["role"], unit=form.cleaned_data["unit"]
        )

    @admin.display(description=_("역할"))
    def role_label(self, account):
        """The account's role (from the prefetched role groups)."""
        names = {group.name for group in account.groups.all()}
        return next(
            (roles.ROLE_LABELS[key] for key in ("coordinator", "manager", "staff") if roles.ROLE_LABELS[key] in names),
            "-",
        )

    @admin.display(description=_("로그인 잠김"), boolean=True)
    def locked_out(self, account):
        """Whether too many failed logins lock the account name out now."""
        return account.is_locked_out

    @admin.action(description=_("선택한 계정의 로그인 잠금 해제"), permissions=["change"])
    def unlock_selected(self, request, queryset):
        """Lift the login lock of the selected accounts (django-axes), and record it."""
        unlocked = accounts_unlock(actor=request.user, accounts=list(queryset))
        for account in queryset.filter(username__in=unlocked):
            self.log_change(request, account, _("로그인 잠금 해제"))
        if unlocked:
            self.message_user(request, _("%(names)s 계정의 잠금을 풀었습니다.") % {"names": ", ".join(unlocked)})
        else:
            self.message_user(request, _("선택한 계정 중 잠긴 계정이 없습니다."), messages.WARNING)


@admin.register(SourceDocument)
class SourceDocumentAdmin(ScopedModelAdmin):
    """The documents figures cite: the coordinating office keeps its city's."""

    list_display = ["key", "title", "municipality", "issuing_unit", "issued_on", "as_of_text"]
    list_filter = ["municipality"]
    search_fields = ["key", "title", "issuing_unit"]
    list_select_related = ["municipality"]
