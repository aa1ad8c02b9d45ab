from django.urls import path

from selvhjelp.decisions import views

app_name = "decisions"

urlpatterns = [
    path("grupper/<str:code>/inne/beslutninger/", views.decisions, name="list"),
    path("grupper/<str:code>/inne/beslutninger/ny/", views.propose, name="propose"),
    path("grupper/<str:code>/inne/beslutninger/<str:proposal>/", views.detail, name="detail"),
    path("grupper/<str:code>/inne/beslutninger/<str:proposal>/svar/", views.vote, name="vote"),
]
