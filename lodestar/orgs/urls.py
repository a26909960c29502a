from django.urls import path

from lodestar.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/add/", views.organisation_add_child, name="add-child"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/invite/", views.invite, name="invite"),
    path("<int:pk>/members/<int:membership_pk>/role/", views.change_role, name="change-role"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.remove_member, name="remove-member"),
    path("<int:pk>/members/invitations/<int:invitation_pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path(
        "<int:pk>/members/invitations/<int:invitation_pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("<int:pk>/audit/", views.audit_log, name="audit"),
    path("<int:pk>/audit/export.csv", views.audit_export, name="audit-export"),
]
