from django.urls import path

from selvhjelp.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("av/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
