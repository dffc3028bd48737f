from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.my_forms, name="my_forms"),
    path("responses/<int:pk>/", views.response_fill, name="response_fill"),
    path("r/<str:token>/", views.token_response, name="token_response"),
]
