"""Errors of the participant bases whose message is shown to the user as it is."""


class ImportRefused(Exception):
    """An applicant list that cannot be imported: refused before parsing (too big,
    not an .xlsx workbook, a zip bomb, forbidden XML, damaged), without a header,
    or with row errors at confirmation time. ``message`` is a translated sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


class ConsentError(Exception):
    """A consent that cannot be recorded as given (e.g. a representative's consent
    without the representative's name); ``message`` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)
