"""The cohort grid the fast kernel works on (``lodestar.engine.kernel``).

``compile_scenario`` lays every cohort out once as a dense grid ``(segments, age bands)``,
where a segment is one (staff group, organisation, AfC band); segments of a staff group
are contiguous and staff groups linked by conversions form a *component* (conversions are
the only flows between staff groups, so components are independent systems).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lodestar.engine.spec import Scenario


@dataclass
class Compiled:
    scenario: Scenario
    groups: list[str]  # cohort staff groups, component by component
    result_groups: list[str]
    seg_group: np.ndarray  # (nseg,) index into groups
    seg_org: np.ndarray  # (nseg,) index into orgs
    orgs: list[str]
    group_start: np.ndarray  # (G + 1,) segment offsets of each group
    s0: np.ndarray  # (nseg, A) base FTE
    ratio: np.ndarray  # (nseg, A) headcount per FTE
    share: np.ndarray  # (nseg,) share of the group's joiners landing in the segment
    profile: np.ndarray  # (G, A) joiners' age profile
    org_target: dict  # (group index) -> (norg, nseg) share of conversions from each org landing in each segment
    ageing: np.ndarray  # (A,) fraction moving up a band each year (0 for the last)
    components: list[list[int]]  # group indices of each component (contiguous)
    base_group_fte: np.ndarray  # (G,)


def compile_scenario(sc: Scenario) -> Compiled:
    """Lay every cohort out once as a dense (segments, age bands) grid, component by component."""
    bands = [b.name for b in sc.age_bands]
    band_ix = {b: i for i, b in enumerate(bands)}
    groups, components = _components(sc)
    g_ix = {g: i for i, g in enumerate(groups)}
    keys = [(c.staff_group, c.organisation, c.band) for c in sc.cohorts]
    seg_keys = list(dict.fromkeys(keys))
    orgs = list(dict.fromkeys(k[1] for k in seg_keys))
    o_ix = {o: i for i, o in enumerate(orgs)}
    seg_keys.sort(key=lambda k: (g_ix[k[0]], o_ix[k[1]]))  # by group, then organisation (stable for bands)
    seg_ix = {k: i for i, k in enumerate(seg_keys)}
    nseg, nb, ng = len(seg_keys), len(bands), len(groups)
    s0 = np.zeros((nseg, nb))
    hc = np.zeros((nseg, nb))
    given = np.zeros((nseg, nb), dtype=bool)
    rows = np.fromiter((seg_ix[k] for k in keys), dtype=np.intp, count=len(keys))
    cols = np.fromiter((band_ix[c.age_band] for c in sc.cohorts), dtype=np.intp, count=len(keys))
    fte = np.fromiter((c.fte for c in sc.cohorts), dtype=np.float64, count=len(keys))
    s0[rows, cols] = fte  # cohorts never repeat a key (spec/cohorts.py)
    hc[rows, cols] = np.fromiter((c.headcount for c in sc.cohorts), dtype=np.float64, count=len(keys))
    given[rows, cols] = fte > 0
    seg_fte_pos = np.where(given, s0, 0).sum(1)
    seg_hc_pos = np.where(given, hc, 0).sum(1)
    seg_ratio = np.divide(seg_hc_pos, seg_fte_pos, out=np.ones(nseg), where=seg_fte_pos > 0)
    ratio = np.where(given, np.divide(hc, s0, out=np.ones_like(s0), where=given), seg_ratio[:, None])
    seg_group = np.array([g_ix[k[0]] for k in seg_keys], dtype=np.intp)
    seg_org = np.array([o_ix[k[1]] for k in seg_keys], dtype=np.intp)
    group_start = np.searchsorted(seg_group, np.arange(ng + 1))
    seg_fte = s0.sum(1)
    base_group_fte = np.array([seg_fte[group_start[g] : group_start[g + 1]].sum() for g in range(ng)])
    share, profile = _joiner_shares(sc, groups, bands, s0, group_start, base_group_fte)
    targets = {g_ix[cv.to_group] for cv in sc.conversions}
    targets |= {g_ix[iv.staff_group] for iv in sc.interventions if iv.lever == "conversion"}
    org_target = {g: _org_target(g, len(orgs), seg_org, group_start, seg_fte, share) for g in targets}
    return Compiled(
        scenario=sc,
        groups=groups,
        result_groups=list(sc.result_groups),
        seg_group=seg_group,
        seg_org=seg_org,
        orgs=orgs,
        group_start=group_start,
        s0=s0,
        ratio=ratio,
        share=share,
        profile=profile,
        org_target=org_target,
        ageing=np.array([0.0 if b.years is None else 1.0 / b.years for b in sc.age_bands]),
        components=components,
        base_group_fte=base_group_fte,
    )


def _components(sc: Scenario) -> tuple[list[str], list[list[int]]]:
    """Staff groups ordered component by component: union-find over conversion links
    (base conversions and conversion levers), the only flows between staff groups."""
    first_seen = list(sc.staff_groups)
    parent = {g: g for g in first_seen}

    def find(g):
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    links = [(cv.from_group, cv.to_group) for cv in sc.conversions]
    links += [(iv.source_group, iv.staff_group) for iv in sc.interventions if iv.lever == "conversion"]
    for a, b in links:
        parent[find(a)] = find(b)
    roots = list(dict.fromkeys(find(g) for g in first_seen))
    groups = [g for r in roots for g in first_seen if find(g) == r]
    g_ix = {g: i for i, g in enumerate(groups)}
    return groups, [[g_ix[g] for g in groups if find(g) == r] for r in roots]


def _joiner_shares(sc, groups, bands, s0, group_start, base_group_fte) -> tuple[np.ndarray, np.ndarray]:
    """Each segment's share of its group's joiners (by base-year FTE), and each group's joiner age profile."""
    nseg, nb, ng = s0.shape[0], len(bands), len(groups)
    seg_fte = s0.sum(1)
    share = np.empty(nseg)
    profile = np.empty((ng, nb))
    for g in range(ng):
        sl = slice(group_start[g], group_start[g + 1])
        total = base_group_fte[g]
        n = sl.stop - sl.start
        share[sl] = seg_fte[sl] / total if total > 0 else 1.0 / n
        weights = sc.rates[groups[g]].joiner_age_profile
        w = s0[sl].sum(0) if weights is None else np.array([weights.get(b, 0.0) for b in bands])
        profile[g] = w / w.sum() if w.sum() > 0 else 1.0 / nb
    return share, profile


def _org_target(g, norg, seg_org, group_start, seg_fte, share) -> np.ndarray:
    """(norg, nseg): share of conversions from each organisation landing in each segment of group ``g``."""
    m = np.zeros((norg, len(seg_fte)))
    sl = slice(group_start[g], group_start[g + 1])
    for o in range(norg):
        at_org = np.flatnonzero(seg_org[sl] == o) + sl.start
        if at_org.size:
            tot = seg_fte[at_org].sum()
            m[o, at_org] = seg_fte[at_org] / tot if tot > 0 else 1.0 / at_org.size
        else:
            m[o, sl] = share[sl]
    return m
