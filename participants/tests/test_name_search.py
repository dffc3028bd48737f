"""The one name search of the portal (participants.selectors.name_search_q),
used by the bases, pairs, matching pages and awards."""

from mentoring.tests.factories import ParticipantFactory
from participants.models import Participant
from participants.selectors import MAX_SEARCH_WORDS, name_search_q


def _found(text, **kwargs):
    return set(Participant.objects.filter(name_search_q(text, **kwargs)).values_list("surname", flat=True))


def test_every_word_in_any_name_field_whatever_the_case(db):
    ParticipantFactory(surname="Ковалёва", name="Ирина", patronymic="Сергеевна")
    ParticipantFactory(surname="Шестаков", name="Павел", patronymic="Андреевич")

    # lower-case Cyrillic finds the capitalised surname (SQLite folds ASCII only)
    assert _found("ковалёва") == {"Ковалёва"}
    assert _found("ШЕСТАКОВ павел") == {"Шестаков"}
    # every word must match: a surname of one and a name of the other find nobody
    assert _found("Ковалёва Павел") == set()
    assert _found("") == {"Ковалёва", "Шестаков"}


def test_prefix_fields_and_word_limit(db):
    person = ParticipantFactory(surname="Молодцов", email="molodtsov@college.ru")

    assert _found("molodtsov", fields=("email",)) == {"Молодцов"}
    assert _found("molodtsov") == set()  # not a name field
    # words beyond the limit are ignored, so a long query still finds the person
    assert _found(" ".join(["Молодцов"] * MAX_SEARCH_WORDS + ["Нет"])) == {person.surname}
