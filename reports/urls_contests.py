"""URLs of the territory contests (seed 002 items 10, 13), added to the
``reports`` namespace by reports/urls.py."""

from django.urls import path

from .views import contest_entries as entries
from .views import contests

urlpatterns = [
    # the territory curator
    path("contests/", contests.contest_list, name="contest_list"),
    path("contests/new/", contests.contest_create, name="contest_create"),
    path("contests/<int:pk>/", contests.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/edit/", contests.contest_edit, name="contest_edit"),
    path("contests/<int:pk>/stage/", contests.contest_stage, name="contest_stage"),
    path("contests/<int:pk>/jurors/", contests.contest_juror_add, name="contest_juror_add"),
    path("contests/jurors/<int:pk>/remove/", contests.contest_juror_remove, name="contest_juror_remove"),
    path("contests/<int:pk>/close/", contests.contest_close, name="contest_close"),
    path("contests/<int:pk>/results/", contests.contest_results, name="contest_results"),
    path("contests/<int:pk>/order/", contests.contest_order, name="contest_order"),
    path("contests/<int:pk>/order/submit/", contests.contest_order_submit, name="contest_order_submit"),
    # organisations
    path("contests/organisation/", entries.org_contest_list, name="org_contest_list"),
    path("contests/organisation/<int:pk>/", entries.org_contest_detail, name="org_contest_detail"),
    path("contests/organisation/<int:pk>/nominate/", entries.nomination_create, name="nomination_create"),
    path("contests/nominations/<int:pk>/withdraw/", entries.nomination_withdraw, name="nomination_withdraw"),
    # jurors
    path("jury/", entries.jury_list, name="jury_list"),
    path("jury/<int:pk>/", entries.jury_contest, name="jury_contest"),
    path("jury/nominations/<int:pk>/", entries.jury_score, name="jury_score"),
]
