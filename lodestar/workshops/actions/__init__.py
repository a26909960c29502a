"""Every write to workshops: keyword-only functions, one transaction each, with an audit event
(organisation = the workshop's lead organisation).

Each action checks its own input and raises ``lodestar.core.validation.ValidationProblem``
naming the argument that is wrong; the ``check_*`` functions beside the actions are those rules,
which the forms also call to show every problem at once. One module per concern; callers use
``from lodestar.workshops import actions`` and ``actions.create_workshop(...)``.
"""

from lodestar.workshops.actions.assessment import (
    ASSESSMENT_FIELDS,
    add_contribution,
    check_assessment,
    check_contribution,
    edit_contribution,
    merge_contribution,
    save_assessment,
    set_contribution_hidden,
)
from lodestar.workshops.actions.evidence import (
    EvidenceRejected,
    add_evidence_file,
    add_evidence_note,
    check_evidence_file,
    check_evidence_note,
    delete_evidence,
    too_large_message,
)
from lodestar.workshops.actions.ideas import make_idea_a_candidate, matching_intervention
from lodestar.workshops.actions.invitations import (
    INVITATION_PURPOSE,
    accept_invitation,
    check_invitation,
    find_invitation,
    invite_external_participant,
)
from lodestar.workshops.actions.participants import (
    add_member_participant,
    change_participant_role,
    check_member_participant,
    remove_participant,
)
from lodestar.workshops.actions.prioritisation import (
    add_candidate,
    check_candidate,
    check_rating,
    check_shortlist,
    confirm_shortlist,
    rate_candidate,
    rate_candidates,
    remove_candidate,
    reveal_ratings,
)
from lodestar.workshops.actions.setup import (
    DETAIL_FIELDS,
    WORKSHOP_FIELDS,
    check_workshop,
    create_workshop,
    update_workshop,
)

__all__ = [
    "ASSESSMENT_FIELDS",
    "INVITATION_PURPOSE",
    "DETAIL_FIELDS",
    "WORKSHOP_FIELDS",
    "EvidenceRejected",
    "accept_invitation",
    "add_candidate",
    "add_contribution",
    "add_evidence_file",
    "add_evidence_note",
    "add_member_participant",
    "change_participant_role",
    "check_assessment",
    "check_candidate",
    "check_contribution",
    "check_evidence_file",
    "check_evidence_note",
    "check_invitation",
    "check_member_participant",
    "check_rating",
    "check_shortlist",
    "check_workshop",
    "confirm_shortlist",
    "create_workshop",
    "delete_evidence",
    "edit_contribution",
    "find_invitation",
    "invite_external_participant",
    "make_idea_a_candidate",
    "matching_intervention",
    "merge_contribution",
    "rate_candidate",
    "rate_candidates",
    "remove_candidate",
    "remove_participant",
    "reveal_ratings",
    "save_assessment",
    "set_contribution_hidden",
    "too_large_message",
    "update_workshop",
]
