"""Workforce figures written straight into the tables: a LOADED import and its live rows.

    load = loaded_import(Source.STAFF_IN_POST)                       # published national file
    load = loaded_import(Source.STAFF_RECORDS, organisation=trust)   # an organisation's own records
    staff_in_post(load, period=date(2024, 9, 1), org=trust, staff_group="Nurses", fte=10.5, headcount=12)

Every helper fills the columns a test does not name with plausible values, and ties the row's
``organisation`` and code to ``org`` when one is given.
"""

from __future__ import annotations

import datetime
import hashlib

from lodestar.workforce.models import (
    GPPractice,
    ImportStatus,
    Population,
    Source,
    StaffInPost,
    Turnover,
    Vacancy,
    WorkforceImport,
)

SEPTEMBER = datetime.date(2024, 9, 1)


def loaded_import(source: str = Source.STAFF_IN_POST, *, organisation=None, **kwargs) -> WorkforceImport:
    name = kwargs.pop("file_name", f"{source}.csv")
    return WorkforceImport.objects.create(
        source=source,
        organisation=organisation,
        status=ImportStatus.LOADED,
        file_name=name,
        sha256=hashlib.sha256(f"{name}{WorkforceImport.objects.count()}".encode()).hexdigest(),
        **kwargs,
    )


def _org(org, code: str | None) -> dict:
    return {
        "organisation": org,
        "org_code": code or (org.ods_code if org else "ZZZ"),
        "org_name": org.name if org else "",
    }


def staff_in_post(load, *, period=SEPTEMBER, org=None, code=None, staff_group="Nurses & health visitors", **kw):
    values = {"band": "", "age_band": "", "fte": 10.0, "headcount": 12, **kw}
    return StaffInPost.objects.create(
        load=load, live=True, period=period, staff_group=staff_group, **_org(org, code), **values
    )


def turnover(load, *, period=SEPTEMBER, org=None, code=None, staff_group="Nurses & health visitors", **kw):
    values = {
        "joiners_hc": 10.0,
        "leavers_hc": 8.0,
        "denom_hc": 100.0,
        "joiners_fte": 9.0,
        "leavers_fte": 7.0,
        "denom_fte": 90.0,
        "opening_hc": None,
        "stayers_hc": None,
        **kw,
    }
    return Turnover.objects.create(
        load=load, live=True, period=period, staff_group=staff_group, **_org(org, code), **values
    )


def vacancy(load, *, period=SEPTEMBER, org=None, code=None, staff_group="Nurses & health visitors", **kw):
    values = {"vacancies_fte": 20.0, "vacancy_rate": 10.0, **kw}
    return Vacancy.objects.create(
        load=load,
        live=True,
        period=period,
        organisation=org,
        area_code=code or (org.ods_code if org else "Y01"),
        area_name=org.name if org else "Region",
        staff_group=staff_group,
        **values,
    )


def gp_practice(load, *, period=SEPTEMBER, org=None, pcn=None, code=None, **kw):
    values = {
        "total_patients": 10_000,
        "gp_fte": 6.0,
        "nurses_fte": 3.0,
        "dpc_fte": 2.0,
        "admin_fte": 12.0,
        "gp_hc": 8,
        "nurses_hc": 4,
        "dpc_hc": 3,
        "admin_hc": 15,
        "icb_code": "QA1",
        **kw,
    }
    return GPPractice.objects.create(
        load=load,
        live=True,
        period=period,
        organisation=org,
        prac_code=code or (org.ods_code if org else "P99999"),
        prac_name=org.name if org else "Practice",
        pcn_code=pcn.ods_code if pcn else "",
        pcn_name=pcn.name if pcn else "",
        **values,
    )


def population(load, *, area_code="E06000001", area_name="Hartlepool", year=2024, age_band="0-4", **kw):
    values = {"sex": "persons", "population": 5000.0, **kw}
    return Population.objects.create(
        load=load,
        live=True,
        period=datetime.date(year, 1, 1),
        area_code=area_code,
        area_name=area_name,
        year=year,
        age_band=age_band,
        **values,
    )
