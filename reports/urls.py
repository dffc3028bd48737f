from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/headcounts/", views.headcount_edit, name="headcount_edit"),
    path("indicators/setup/", views.indicators_setup, name="indicators_setup"),
    path("", views.report_list, name="report_list"),
    path("build/", views.report_create, name="report_create"),
    path("<int:pk>/status/", views.report_status, name="report_status"),
    path("<int:pk>/download/<str:fmt>/", views.report_download, name="report_download"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/download/", views.order_download, name="order_download"),
]
