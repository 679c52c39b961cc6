"""One error tree for partnernet. Messages name the bad value and say how to fix it."""


class PartnernetError(Exception):
    """Base class of every error partnernet raises on purpose."""


class ValidationError(PartnernetError, ValueError):
    """A record or value does not fit the graph model."""


class InputError(PartnernetError):
    """A source file cannot be read as asked (missing columns, undecodable bytes, bad rows in strict mode)."""


class StoreError(PartnernetError):
    """The store cannot be reached or used (file unreadable, Neo4j down, wrong password, ...)."""


class NotFound(PartnernetError, LookupError):
    """A node asked for by id or name is not in the graph."""


class AmbiguousName(NotFound):
    """A name matches several places; ``candidates`` holds the nodes it could mean."""

    def __init__(self, message: str, candidates=()):
        super().__init__(message)
        self.candidates = list(candidates)
