class SurveyError(Exception):
    """A survey action the rules do not allow, or answers that do not pass the
    checks. The message is shown to the user as it is; ``errors`` maps a
    question's pk to the message about that question (empty when the error is
    about the whole form)."""

    def __init__(self, message: str, *, errors: dict[int, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
