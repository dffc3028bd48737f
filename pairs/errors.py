class PairError(Exception):
    """A pair action that the rules of the programme do not allow; the message is
    shown to the user as it is."""
