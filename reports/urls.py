from django.urls import path

from .views import awards, indicators, orders, practices, public_settings, reports

app_name = "reports"

urlpatterns = [
    # indicators (seed 000 §7, seed 003)
    path("indicators/", indicators.indicators, name="indicators"),
    path("indicators/headcounts/", indicators.headcount_edit, name="headcount_edit"),
    path("indicators/setup/", indicators.indicators_setup, name="indicators_setup"),
    path("indicators/library/", indicators.indicator_library, name="indicator_library"),
    path("indicators/<int:pk>/targets/", indicators.indicator_targets, name="indicator_targets"),
    path("indicators/<int:pk>/value/", indicators.indicator_value, name="indicator_value"),
    path("indicators/values/<int:pk>/evidence/", indicators.evidence_download, name="evidence_download"),
    # reports
    path("", reports.report_list, name="report_list"),
    path("build/", reports.report_create, name="report_create"),
    path("<int:pk>/status/", reports.report_status, name="report_status"),
    path("<int:pk>/download/<str:fmt>/", reports.report_download, name="report_download"),
    path("<int:pk>/publish/", reports.report_publish, name="report_publish"),
    # orders
    path("orders/", orders.order_list, name="order_list"),
    path("orders/new/<str:kind>/", orders.order_create, name="order_create"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/edit/", orders.order_edit, name="order_edit"),
    path("orders/<int:pk>/submit/", orders.order_submit, name="order_submit"),
    path("orders/<int:pk>/return/", orders.order_return, name="order_return"),
    path("orders/<int:pk>/sign/", orders.order_sign, name="order_sign"),
    path("orders/<int:pk>/issue/", orders.order_issue, name="order_issue"),
    path("orders/<int:pk>/delete/", orders.order_delete, name="order_delete"),
    path("orders/<int:pk>/download/", orders.order_download, name="order_download"),
    path("orders/<int:pk>/docx/", orders.order_docx, name="order_docx"),
    path("orders/<int:pk>/files/", orders.order_files, name="order_files"),
    path("orders/<int:pk>/files/retry/", orders.order_files_retry, name="order_files_retry"),
    # awards (seed 003 1.8, 4.4; seed 004 §5)
    path("awards/", awards.award_list, name="award_list"),
    path("awards/results/", awards.mentor_results, name="mentor_results"),
    path("awards/new/<int:mentor_pk>/", awards.award_create, name="award_create"),
    path("awards/<int:pk>/edit/", awards.award_edit, name="award_edit"),
    path("awards/<int:pk>/delete/", awards.award_delete, name="award_delete"),
    path("awards/order/", awards.rewards_order_create, name="rewards_order_create"),
    # the base of successful practices (seed 000 7.5) and the public pages' settings
    path("practices/", practices.practice_list, name="practice_list"),
    path("practices/new/", practices.practice_create, name="practice_create"),
    path("practices/<int:pk>/", practices.practice_detail, name="practice_detail"),
    path("practices/<int:pk>/edit/", practices.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/delete/", practices.practice_delete, name="practice_delete"),
    path("practices/<int:pk>/publish/", practices.practice_publish, name="practice_publish"),
    path("practices/<int:pk>/file/", practices.practice_file, name="practice_file"),
    path("public-page/", public_settings.organization_settings, name="public_page_settings"),
    path("public-page/territory/", public_settings.territory_settings, name="territory_page_settings"),
]

# the territory contests (issue 14, part «contests»)
from .urls_contests import urlpatterns as contest_urlpatterns  # noqa: E402

urlpatterns += contest_urlpatterns
