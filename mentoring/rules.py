"""Role predicates and the portal's permissions (django-rules).

Views declare a permission (``PermissionRequiredMixin`` or ``permission_required``);
object access goes through the apps' selectors, which answer 404.
"""

import rules

from .enums import Role
from .selectors import has_role


def _role_predicate(*roles: str):
    name = "has_role_" + "_or_".join(roles)

    @rules.predicate(name=name)
    def predicate(user) -> bool:
        return has_role(user, *roles)

    return predicate


is_curator = _role_predicate(Role.CURATOR)
is_director = _role_predicate(Role.DIRECTOR)
is_mentor = _role_predicate(Role.MENTOR)
is_mentee = _role_predicate(Role.MENTEE)
is_working_group = _role_predicate(Role.WORKING_GROUP)
is_org_admin = _role_predicate(Role.ADMIN) | rules.is_superuser
# the territory level (seed 002): the territory curator, a member of the education
# authority's organisation, and a contest's jury member
is_coordinator = _role_predicate(Role.COORDINATOR)
is_juror = _role_predicate(Role.JUROR)

is_programme_staff = is_curator | is_director | is_working_group | is_org_admin

# participants
rules.add_perm("participants.view_bases", is_programme_staff)
rules.add_perm("participants.import_applicants", is_curator | is_org_admin)
# pairs
rules.add_perm("pairs.form_pairs", is_curator | is_org_admin)
rules.add_perm("pairs.approve_pairs", is_director)
rules.add_perm("pairs.view_pairs", is_programme_staff | is_mentor | is_mentee)
rules.add_perm("pairs.log_meeting", is_mentor | is_curator)
# roadmap
# the territory curator runs the territory's roadmap, the education authority's (issue 14)
rules.add_perm("roadmap.view_roadmap", is_programme_staff | is_coordinator)
rules.add_perm("roadmap.edit_activity", is_curator | is_working_group | is_org_admin | is_coordinator)
# reports, indicators, orders
rules.add_perm("reports.view_indicators", is_programme_staff)
rules.add_perm("reports.edit_headcounts", is_curator | is_org_admin)
rules.add_perm("reports.build_reports", is_curator | is_org_admin)
rules.add_perm("reports.view_reports", is_programme_staff)
# the territory curator drafts the authority's orders for its head (issue 14)
rules.add_perm("reports.view_orders", is_programme_staff | is_coordinator)
rules.add_perm("reports.draft_orders", is_curator | is_org_admin | is_coordinator)
rules.add_perm("reports.sign_orders", is_director)
rules.add_perm("reports.issue_orders", is_curator | is_director | is_org_admin | is_coordinator)
rules.add_perm("reports.edit_indicators", is_curator | is_org_admin)
rules.add_perm("reports.publish_reports", is_curator | is_director | is_org_admin)
rules.add_perm("reports.view_awards", is_programme_staff)
rules.add_perm("reports.manage_awards", is_curator | is_org_admin)
# the audit trail on the pages of participants, pairs and orders
rules.add_perm("mentoring.view_audit_trail", is_curator | is_director | is_org_admin)
# the territory level (issue 14); object access goes through territory-scoped selectors
# the territory's monitoring campaigns (issue 14, part «monitoring»; seed 002 items 9, 12)
rules.add_perm("reports.run_monitoring", is_coordinator)
rules.add_perm("reports.view_monitoring", is_programme_staff)
rules.add_perm("reports.submit_monitoring", is_curator | is_director | is_org_admin)
# the base of successful practices and the public pages (issue 14, part «public»)
rules.add_perm("reports.view_practices", is_programme_staff)
rules.add_perm("reports.manage_practices", is_curator | is_org_admin)
rules.add_perm("reports.edit_public_page", is_curator | is_director | is_org_admin)
rules.add_perm("reports.edit_territory_page", is_coordinator)
# the territory's contests (issue 14, part «contests»; seed 002 items 10, 13)
rules.add_perm("reports.run_contests", is_coordinator)
rules.add_perm("reports.view_contests", is_curator | is_director)
rules.add_perm("reports.nominate", is_curator)
rules.add_perm("reports.judge_contests", is_juror)
