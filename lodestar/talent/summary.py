"""Leadership pipeline health for the regional dashboard (issue 13, item 7; ``core.summary``).

Counts only: people by readiness for a next role (each person's latest talent conversation) and
critical posts without a successor ready now, over the organisations given, in two aggregate
queries. Counts from 1 to 4 are None ("fewer than 5"), and a second count is hidden wherever one
could be worked out from the total (``suppression.protect``).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from lodestar.core.summary import SummaryTable
from lodestar.talent.models import Readiness, SuccessionPlan, Successor, TalentConversation
from lodestar.talent.suppression import protect, with_totals


def regional_summary(organisation_ids) -> SummaryTable:
    ids = list(organisation_ids)
    by_readiness = TalentConversation.objects.filter(latest=True, organisation_id__in=ids).aggregate(
        **{key: Count("pk", filter=Q(readiness=key)) for key, _words in Readiness.choices}
    )
    ready = Successor.objects.filter(plan=OuterRef("pk"), readiness=Readiness.READY_NOW)
    posts = (
        SuccessionPlan.objects.filter(organisation_id__in=ids)
        .annotate(has_ready=Exists(ready))
        .aggregate(posts=Count("pk"), uncovered=Count("pk", filter=Q(has_ready=False)))
    )
    people = protect(with_totals([[by_readiness[key]] for key, _words in Readiness.choices]))
    labels = [words for _key, words in Readiness.choices] + ["All people with a talent conversation"]
    uncovered = protect([[posts["uncovered"]]])[0][0]
    return SummaryTable(
        key="talent",
        title="Leadership pipeline health",
        caption="People by readiness for a next role, from their latest talent conversation, and critical posts "
        "without a successor ready now. Counts from 1 to 4 are shown as fewer than 5.",
        columns=("Pipeline", "Count"),
        rows=(
            *((label, row[0]) for label, row in zip(labels, people, strict=True)),
            ("Critical posts without a successor ready now", uncovered),
        ),
    )
