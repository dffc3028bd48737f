"""Template filters of the consent pages: labels of the stored enum values."""

from django import template

from ..enums import ConsentPurpose, PersonalDataCategory

register = template.Library()


def _labels(values, enum) -> list[str]:
    labels = dict(enum.choices)
    return [str(labels.get(value, value)) for value in values or []]


@register.filter
def purpose_labels(values) -> list[str]:
    """``Consent.purposes`` (ConsentPurpose values) → their labels, in order."""
    return _labels(values, ConsentPurpose)


@register.filter
def data_labels(values) -> list[str]:
    """``Consent.data_categories`` / ``DataErasure.categories``
    (PersonalDataCategory values) → their labels, in order."""
    return _labels(values, PersonalDataCategory)
