"""Reads of a case study's pictures, scoped: a picture is read by whoever may read its case study
(``lodestar.learning.queries.case_study``), and by no one else (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from lodestar.learning import queries
from lodestar.learning.models import CaseStudy, CaseStudyImage


def images(user, case_study: CaseStudy) -> QuerySet[CaseStudyImage]:
    """The pictures of ``case_study``, which the caller has already read through ``queries``."""
    return CaseStudyImage.objects.filter(case_study__in=queries.case_studies(user).filter(pk=case_study.pk))


def image(user, case_study_id: int, image_id: int) -> tuple[CaseStudy, CaseStudyImage]:
    """The case study and its picture, or 404 when either does not exist or may not be read."""
    case_study = queries.case_study(user, case_study_id)
    found = images(user, case_study).filter(pk=image_id).first()
    if found is None:
        raise Http404("No such picture")
    return case_study, found
