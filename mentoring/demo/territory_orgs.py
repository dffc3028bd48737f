"""The demo territory's part «orgs» (issue 14): two schools created by the
territory curator through ``create_organization`` (each on seed 001's school
roadmap, with the school forms and indicators, and a curator login), the
territory's roadmap from seed 002 with its first activities done, the
organisations' roadmaps at every approval status (the college's submitted,
one school's approved, the other's returned with a comment) and the signed
order appointing the territory curator. Idempotent: a second run writes and
audits nothing."""

from mentoring.enums import Role

SCHOOLS = [
    {
        "name": "МБОУ «Усовская основная школа»", "short_name": "МБОУ «Усовская ООШ»",
        "director_name": "Е. М. Страхова", "slug": "usovo-school",
        "address": "Когалым", "curator": ("usovo", "Ольга", "Кравец"),
    },
    {
        "name": "МАОУ «Средняя школа № 3» г. Когалыма", "short_name": "МАОУ «СШ № 3»",
        "director_name": "И. Н. Муштаева", "slug": "school-3",
        "address": "628481, г. Когалым, ул. Мира, 22", "curator": ("school3", "Татьяна", "Зайцева"),
    },
]
# seed 002's municipal items already carried out this year, and those under way
DONE = {
    "1": "Информационное письмо образовательным организациям",
    "2": "Приказ управления образования о внедрении целевой модели наставничества",
    "3": "Приказ о назначении муниципального куратора",
    "4": "Удостоверение о повышении квалификации куратора",
    "6": "Муниципальная база наставников на портале",
}
IN_PROGRESS = ("5", "7", "9")
RETURN_COMMENT = ("Уточните сроки мероприятий этапа 4 (обучение наставников) и назначьте "
                  "ответственных за мероприятия 6.2–6.4.")


def build(demo) -> None:
    """Build this part of the demo territory (``mentoring.demo.territory.TerritoryDemo``)."""
    from .builder import DEMO_PASSWORD

    for spec in SCHOOLS:
        demo.schools.append(_school(demo, spec, DEMO_PASSWORD))
    _territory_roadmap(demo)
    _approvals(demo)
    _appointment_order(demo)


def _school(demo, spec: dict, password: str):
    from mentoring.enums import OrganizationKind
    from mentoring.services import create_organization, grant_membership

    school, _created = create_organization(
        name=spec["name"], short_name=spec["short_name"], director_name=spec["director_name"],
        city="Когалым", address=spec["address"], kind=OrganizationKind.SCHOOL,
        territory=demo.territory, slug=spec["slug"], actor=demo.coordinator,
    )
    username, first, last = spec["curator"]
    grant_membership(organization=school, username=username, role=Role.CURATOR,
                     actor=demo.coordinator, password=password, first_name=first, last_name=last)
    label = "{} ({})".format(Role.CURATOR.label, spec["short_name"])
    demo.logins.append((username, label, "{} {}".format(first, last)))
    return school


def _territory_roadmap(demo) -> None:
    """Seed 002's 14 municipal activities for the year, the first ones done."""
    from roadmap.enums import ActivityStatus
    from roadmap.models import Activity
    from roadmap.services import build_roadmap, set_activity_status

    roadmap = build_roadmap(organization=demo.authority, academic_year=demo.year, actor=demo.coordinator)
    activities = {a.code: a for a in Activity.objects.filter(stage__roadmap=roadmap)
                  .select_related("stage__roadmap__organization")}
    for code, evidence in DONE.items():
        set_activity_status(activities[code], status=ActivityStatus.DONE, actor=demo.coordinator,
                            evidence=evidence)
    for code in IN_PROGRESS:
        set_activity_status(activities[code], status=ActivityStatus.IN_PROGRESS, actor=demo.coordinator)


def _approvals(demo) -> None:
    """The college's roadmap submitted, the first school's approved, the
    second's returned with a comment (seed 002 item 5)."""
    from django.contrib.auth import get_user_model

    from roadmap.enums import RoadmapApproval
    from roadmap.services import build_roadmap
    from roadmap.services.approval import approve_roadmap, return_roadmap, submit_roadmap

    users = get_user_model().objects
    plans = [
        (demo.college, users.get(username="curator"), None),
        (demo.schools[0], users.get(username=SCHOOLS[0]["curator"][0]), "approve"),
        (demo.schools[1], users.get(username=SCHOOLS[1]["curator"][0]), "return"),
    ]
    for organization, curator, decision in plans:
        roadmap = build_roadmap(organization=organization, academic_year=demo.year)
        if roadmap.approval == RoadmapApproval.DRAFT:
            submit_roadmap(roadmap, actor=curator)
        if roadmap.approval != RoadmapApproval.SUBMITTED or decision is None:
            continue
        if decision == "approve":
            approve_roadmap(roadmap, actor=demo.coordinator)
        else:
            return_roadmap(roadmap, actor=demo.coordinator, comment=RETURN_COMMENT)


def _appointment_order(demo) -> None:
    """Seed 002 item 3: the order appointing the territory curator, drafted by
    the territory curator (naming herself, already at work), signed by the head
    and issued. Done once."""
    from reports.enums import OrderKind
    from reports.models import Order
    from reports.services.orders import draft_order, issue_order, sign_order, submit_order

    if Order.objects.filter(organization=demo.authority, kind=OrderKind.TERRITORY_CURATOR).exists():
        return
    order = draft_order(organization=demo.authority, kind=OrderKind.TERRITORY_CURATOR,
                        actor=demo.coordinator, appointee=demo.coordinator)
    submit_order(order, actor=demo.coordinator)
    sign_order(order, actor=demo.head)
    issue_order(order, actor=demo.coordinator)
