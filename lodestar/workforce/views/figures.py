"""The figure pages (staff in post, age profile, turnover, vacancies, GP workforce, population)."""

ROUTES: list = []  # path(...) entries, included by lodestar/workforce/urls.py
