"""Reads of workforce data, scoped: the imports and figures a person may see (ADR 0027).

* Published national figures (an import without ``organisation``) are visible to everyone
  signed in.
* An organisation's own figures are visible to people whose reach includes the organisation
  (``Organisation.objects.in_reach``): its own people see them whole; anyone else (an ICS or
  regional role, platform staff) sees them as ``restricted``, and every figure shown from them
  goes through ``lodestar.workforce.suppression.suppress``.

Views and the API read through these functions only, never ``Model.objects``.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from lodestar.orgs.models import Membership, Organisation, is_signed_in
from lodestar.orgs.permissions import Permission
from lodestar.orgs.queries import has_permission
from lodestar.workforce.models import Figure, ImportStatus, WorkforceImport


def inside_organisation_ids(user) -> set[int]:
    """Organisations whose own figures ``user`` sees whole: those they hold a membership at."""
    if not is_signed_in(user):
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def _visible_import_filter(user, prefix: str = "") -> Q:
    reach = Organisation.objects.in_reach(user, Permission.VIEW)
    return Q(**{f"{prefix}organisation__isnull": True}) | Q(**{f"{prefix}organisation__in": reach})


def imports(user) -> QuerySet[WorkforceImport]:
    """Every import ``user`` may see (any status): national ones and those of organisations in reach."""
    if not is_signed_in(user):
        return WorkforceImport.objects.none()
    return WorkforceImport.objects.filter(_visible_import_filter(user)).select_related("organisation", "uploaded_by")


def imports_to_manage(user) -> QuerySet[WorkforceImport]:
    """Imports ``user`` may confirm, cancel or roll back: their organisations' (with the
    permission to manage workforce data) and, for platform staff, national ones."""
    if not is_signed_in(user):
        return WorkforceImport.objects.none()
    reach = Organisation.objects.in_reach(user, Permission.MANAGE_WORKFORCE_DATA)
    mine = Q(organisation__in=reach)
    if user.is_platform_staff:
        mine |= Q(organisation__isnull=True)
    return WorkforceImport.objects.filter(mine).select_related("organisation", "uploaded_by")


def may_load_national(user) -> bool:
    """Published national files are loaded by platform staff."""
    return is_signed_in(user) and user.is_platform_staff


def may_manage(user, organisation: Organisation | None) -> bool:
    if organisation is None:
        return may_load_national(user)
    return has_permission(user, Permission.MANAGE_WORKFORCE_DATA, organisation)


def figures(user, model: type[Figure]) -> QuerySet:
    """Live rows of ``model`` that ``user`` may see, each annotated ``restricted`` (True when it
    comes from an organisation's own data and ``user`` is outside that organisation).

    The loaded imports in reach are read first (a few rows), so the figure query names them by
    id and needs no join: the figure pages' grouped query reads the covering index alone."""
    if not is_signed_in(user):
        return model.objects.none()
    inside = inside_organisation_ids(user)
    loads = dict(imports(user).filter(status=ImportStatus.LOADED).values_list("pk", "organisation_id"))
    outside = [pk for pk, owner in loads.items() if owner is not None and owner not in inside]
    restricted = Case(When(load_id__in=outside, then=Value(True)), default=Value(False), output_field=BooleanField())
    return model.objects.filter(live=True, load_id__in=list(loads)).annotate(restricted=restricted)


def beneath(rows: QuerySet, organisation: Organisation) -> QuerySet:
    """``rows`` for ``organisation`` and every organisation beneath it."""
    return rows.filter(organisation__in=Organisation.objects.filter(path__startswith=organisation.path).values("pk"))


def published_only(rows: QuerySet) -> QuerySet:
    return rows.filter(load__in=WorkforceImport.objects.filter(organisation__isnull=True).values("pk"))


def own_records_only(rows: QuerySet) -> QuerySet:
    return rows.filter(load__in=WorkforceImport.objects.filter(organisation__isnull=False).values("pk"))
