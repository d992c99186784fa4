from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/new/", views.alert_create, name="alert_create"),
    path("alerts/<int:pk>/edit/", views.alert_edit, name="alert_edit"),
    path("alerts/<int:pk>/delete/", views.alert_delete, name="alert_delete"),
    path("alerts/confirm/<str:token>/", views.alert_confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", views.alert_unsubscribe, name="unsubscribe"),
]
