from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("account/delete/", views.account_delete, name="account_delete"),
    path("privacy/", views.policy, {"kind": "privacy"}, name="privacy_policy"),
    path("terms/", views.policy, {"kind": "terms"}, name="terms"),
    path("policies/accept/", views.policies_accept, name="policies_accept"),
    path("account/data/", views.data_export, name="data_export"),
    path("account/data/<int:pk>/download/", views.data_export_download, name="data_export_download"),
]
