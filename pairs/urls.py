from django.urls import path

from .views import invitations, lifecycle, matching, plans, workspace
from .views import pairs as views

app_name = "pairs"

urlpatterns = [
    path("", views.list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("approval/", views.approval_queue, name="approval_queue"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    # the curator's matching workspace (stage 5): views/workspace.py, views/matching.py
    path("form/", workspace.workspace, name="form"),
    path("form/run/", workspace.run, name="matching_run"),
    path("form/run/<int:pk>/status/", workspace.run_status, name="matching_run_status"),
    path("form/submit/", matching.submit, name="submit"),
    path("form/delete/", matching.delete_draft, name="delete_draft"),
    path("form/lock/", matching.lock, name="matching_lock"),
    path("form/swap/", matching.swap, name="matching_swap"),
    path("form/add/", matching.add, name="matching_add"),
    path("form/score/", matching.score, name="matching_score"),
    path("form/weights/", matching.weights, name="matching_weights"),
    path("form/wishes/", matching.wishes, name="matching_wishes"),
    path("form/wishes/<int:wish_pk>/delete/", matching.wish_delete, name="matching_wish_delete"),
    path("form/family/", matching.family, name="matching_family"),
    path("form/family/<int:tie_pk>/delete/", matching.family_delete, name="matching_family_delete"),
    # the personalised programme, «my pairs», «my mentor»: views/plans.py
    path("mine/", plans.my_pairs, name="my_pairs"),
    path("my-mentor/", plans.my_mentor, name="my_mentor"),
    path("<int:pk>/plan/", plans.plan, name="plan"),
    path("<int:pk>/plan/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/plan/items/new/", plans.item_create, name="plan_item_create"),
    path("<int:pk>/plan/items/<int:item_pk>/", plans.item_edit, name="plan_item_edit"),
    path("<int:pk>/plan/items/<int:item_pk>/delete/", plans.item_delete, name="plan_item_delete"),
    path("<int:pk>/plan/pdf/", plans.plan_pdf, name="plan_pdf"),
    # ending a pair, the meeting cadence: views/lifecycle.py
    path("<int:pk>/end/", lifecycle.end, name="end"),
    path("cadence/", lifecycle.cadence, name="cadence"),
    path("cadence/remind/", lifecycle.remind, name="cadence_remind"),
    # invitations of the territory's mentor base (seed 002): views/invitations.py
    path("invitations/", invitations.invitation_list, name="invitation_list"),
    path("invitations/<int:pk>/", invitations.invitation_detail, name="invitation_detail"),
    path("invite/<int:pk>/", invitations.invite, name="invite"),
]
