from django.urls import path

from lodestar.workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_create, name="create"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/set-up/", views.workshop_edit, name="edit"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/participants/<int:participant_id>/remove/", views.participant_remove, name="participant-remove"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/evidence/<int:item_id>/download/", views.evidence_download, name="evidence-download"),
    path("<int:pk>/evidence/<int:item_id>/remove/", views.evidence_delete, name="evidence-delete"),
    path("<int:pk>/assessment/", views.assessment, name="assessment"),
    path("<int:pk>/assessment/<slug:point_key>/", views.assessment_point, name="assessment-point"),
    path("<int:pk>/assessment/<slug:point_key>/scores/", views.assessment_scores, name="assessment-scores"),
    path("<int:pk>/assessment/<slug:point_key>/contributions/", views.contribution_add, name="contribution-add"),
    path("<int:pk>/contributions/<int:cid>/edit/", views.contribution_edit, name="contribution-edit"),
    path("<int:pk>/contributions/<int:cid>/hide/", views.contribution_hide, name="contribution-hide"),
    path("<int:pk>/contributions/<int:cid>/merge/", views.contribution_merge, name="contribution-merge"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path("<int:pk>/candidates/add/", views.candidate_add, name="candidate-add"),
    path("<int:pk>/candidates/<int:cid>/remove/", views.candidate_remove, name="candidate-remove"),
    path("<int:pk>/prioritisation/", views.prioritisation, name="prioritisation"),
    path("<int:pk>/prioritisation/<int:cid>/rate/", views.rate, name="rate"),
    path("<int:pk>/prioritisation/shortlist/", views.shortlist_confirm, name="shortlist-confirm"),
]
