class BriefError(ValueError):
    """A brief that cannot be imported at all; the message is for the editor."""
