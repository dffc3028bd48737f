"""The territory's monitoring (issue 14; seed 002 items 9, 12), under /monitoring/."""

from django.urls import path

from .views import monitoring

app_name = "monitoring"

urlpatterns = [
    # an organisation's programme staff
    path("", monitoring.own_reports, name="own_reports"),
    path("reports/<int:pk>/", monitoring.report_detail, name="report"),
    path("reports/<int:pk>/recompute/", monitoring.report_recompute, name="report_recompute"),
    path("reports/<int:pk>/submit/", monitoring.report_submit, name="report_submit"),
    path("reports/<int:pk>/xlsx/", monitoring.report_xlsx, name="report_xlsx"),
    # the territory curator
    path("campaigns/", monitoring.campaign_list, name="campaign_list"),
    path("campaigns/open/", monitoring.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/", monitoring.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/remind/", monitoring.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:pk>/close/", monitoring.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/territory-report/", monitoring.territory_report, name="territory_report"),
    path("campaigns/<int:pk>/territory-report/build/", monitoring.territory_report_build,
         name="territory_report_build"),
    path("territory-reports/<int:pk>/status/", monitoring.territory_report_status,
         name="territory_report_status"),
    path("territory-reports/<int:pk>/download/<str:fmt>/", monitoring.territory_report_download,
         name="territory_report_download"),
    path("reports/<int:pk>/accept/", monitoring.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", monitoring.report_return, name="report_return"),
]
