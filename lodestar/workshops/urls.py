from django.urls import path

from lodestar.workshops.views import assessment, candidates, evidence, invitations, participants, prioritisation, setup

app_name = "workshops"
urlpatterns = [
    path("", setup.workshop_list, name="list"),
    path("new/", setup.workshop_create, name="create"),
    path("invitations/<str:token>/", invitations.accept_invitation, name="accept"),
    path("<int:pk>/", setup.workshop_detail, name="detail"),
    path("<int:pk>/set-up/", setup.workshop_edit, name="edit"),
    path("<int:pk>/participants/", participants.participants, name="participants"),
    path(
        "<int:pk>/participants/<int:participant_id>/remove/",
        participants.participant_remove,
        name="participant-remove",
    ),
    path("<int:pk>/evidence/", evidence.evidence, name="evidence"),
    path("<int:pk>/evidence/<int:item_id>/download/", evidence.evidence_download, name="evidence-download"),
    path("<int:pk>/evidence/<int:item_id>/remove/", evidence.evidence_delete, name="evidence-delete"),
    path("<int:pk>/assessment/", assessment.assessment, name="assessment"),
    path("<int:pk>/assessment/<slug:point_key>/", assessment.assessment_point, name="assessment-point"),
    path("<int:pk>/assessment/<slug:point_key>/scores/", assessment.assessment_scores, name="assessment-scores"),
    path("<int:pk>/assessment/<slug:point_key>/contributions/", assessment.contribution_add, name="contribution-add"),
    path("<int:pk>/contributions/<int:cid>/edit/", assessment.contribution_edit, name="contribution-edit"),
    path("<int:pk>/contributions/<int:cid>/hide/", assessment.contribution_hide, name="contribution-hide"),
    path("<int:pk>/contributions/<int:cid>/merge/", assessment.contribution_merge, name="contribution-merge"),
    path("<int:pk>/candidates/", candidates.candidates, name="candidates"),
    path("<int:pk>/candidates/add/", candidates.candidate_add, name="candidate-add"),
    path("<int:pk>/candidates/ideas/<int:idea_id>/", candidates.idea_candidate, name="idea-candidate"),
    path("<int:pk>/candidates/<int:cid>/remove/", candidates.candidate_remove, name="candidate-remove"),
    path("<int:pk>/prioritisation/", prioritisation.prioritisation, name="prioritisation"),
    path("<int:pk>/prioritisation/ratings/", prioritisation.rate_all, name="rate-all"),
    path("<int:pk>/prioritisation/reveal/", prioritisation.reveal, name="reveal"),
    path("<int:pk>/prioritisation/<int:cid>/rate/", prioritisation.rate, name="rate"),
    path("<int:pk>/prioritisation/shortlist/", prioritisation.shortlist_confirm, name="shortlist-confirm"),
]
