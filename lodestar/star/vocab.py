"""Controlled vocabularies shared by the catalogue, workshops and plans."""

from __future__ import annotations

STAR_POINTS = [
    ("supply", "Supply"),
    ("upskilling", "Up-skilling"),
    ("new-roles", "New roles"),
    ("new-ways-of-working", "New ways of working"),
    ("leadership", "Leadership"),
]

STAFF_GROUPS = [
    ("all", "All staff"),
    ("registered-nurses", "Registered nurses"),
    ("midwives", "Midwives"),
    ("nursing-associates", "Nursing associates"),
    ("support-workers", "Healthcare support workers"),
    ("doctors", "Doctors"),
    ("gps", "GPs"),
    ("ahps", "Allied health professionals"),
    ("pharmacy", "Pharmacists and pharmacy technicians"),
    ("paramedics", "Paramedics"),
    ("mental-health", "Mental health practitioners"),
    ("healthcare-scientists", "Healthcare scientists"),
    ("new-roles", "New and emerging roles"),
    ("social-care", "Social care workers"),
    ("admin", "Administrative and clerical staff"),
    ("leaders", "Managers and leaders"),
    ("volunteers", "Volunteers and unpaid carers"),
]

CARE_SETTINGS = [
    ("acute", "Acute hospital"),
    ("community", "Community health"),
    ("primary-care", "Primary care"),
    ("mental-health", "Mental health"),
    ("ambulance", "Ambulance and urgent care"),
    ("social-care-residential", "Social care: residential and nursing homes"),
    ("social-care-home", "Social care: home care"),
    ("learning-disability", "Learning disability and autism"),
    ("voluntary", "Voluntary and community sector"),
]

EVIDENCE_LEVELS = [
    ("strong", "Strong: national evaluation or systematic review"),
    ("moderate", "Moderate: evaluated at several sites"),
    ("emerging", "Emerging: local evaluation"),
    ("expert", "Expert opinion or case study"),
]

TIME_TO_IMPACT = [
    ("under-6-months", "Under 6 months"),
    ("6-12-months", "6 to 12 months"),
    ("1-2-years", "1 to 2 years"),
    ("2-5-years", "2 to 5 years"),
    ("over-5-years", "More than 5 years"),
]

COST_BANDS = [
    ("low", "Low: under £50,000"),
    ("medium", "Medium: £50,000 to £250,000"),
    ("high", "High: over £250,000"),
]


def label(choices: list[tuple[str, str]], key: str) -> str:
    return dict(choices).get(key, key)


# What an intervention says, in the catalogue file and in the database alike (besides its code,
# its Star point and its lever templates).
CONTENT_FIELDS = (
    "title",
    "summary",
    "description",
    "staff_groups",
    "care_settings",
    "evidence_level",
    "time_to_impact",
    "cost_band",
)
