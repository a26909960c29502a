from django.urls import path

from lodestar.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile-edit"),
    path("password/", views.PasswordChange.as_view(), name="password-change"),
    path("password-reset/", views.PasswordReset.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSent.as_view(), name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirm.as_view(), name="password-reset-confirm"),
    path("password-reset/done/", views.PasswordResetComplete.as_view(), name="password-reset-complete"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("plan-invitations/<str:token>/", views.accept_plan_invitation, name="accept-plan-invitation"),
]
