from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("account/delete/", views.account_delete, name="account_delete"),
]
