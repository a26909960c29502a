from django.urls import path

from lodestar.learning.views import (
    adoption,
    case_studies,
    case_study_pdf,
    discussion,
    downloads,
    from_plan,
    images,
    library,
    readiness,
    review,
    spread,
)

app_name = "learning"

urlpatterns = [
    path("", library.index, name="index"),
    *case_studies.ROUTES,  # views/case_studies.py: read, start, edit, results
    *from_plan.ROUTES,  # views/from_plan.py: a draft from a done action or a plan
    *case_study_pdf.ROUTES,  # views/case_study_pdf.py: a case study as a one-page PDF
    *review.ROUTES,  # views/review.py: submit, comment, mark reviewed, publish
    *readiness.ROUTES,  # views/readiness.py: readiness to adopt, its result, compare, actions from it
    *adoption.ROUTES,  # views/adoption.py: organisations' stages, history and RE-AIM measures
    *spread.ROUTES,  # views/spread.py: the spread dashboard and its CSV
    *discussion.ROUTES,  # views/discussion.py: questions and answers, moderation, follows
    *images.ROUTES,  # views/images.py: pictures in a case study (add, see, remove)
    *downloads.ROUTES,  # views/downloads.py: adoption records and readiness results as CSV or XLSX
]
