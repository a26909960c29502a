"""The import journey: upload, check and preview, confirm, progress, result, roll back."""

ROUTES: list = []  # path(...) entries, included by lodestar/workforce/urls.py
