from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.two_factor_page, name="two_factor"),
    path("two-factor/verify/", views.verify, name="two_factor_verify"),
]
