"""Errors a user can act on. The command line prints their message alone and exits non-zero."""


class ScorecardError(Exception):
    """Base class: the message names what is wrong and where (file, column, row, key)."""


class ExtractRefused(ScorecardError):
    """The extract cannot be used at all (identifiers, unreadable file, missing key column)."""


class ParamsInvalid(ScorecardError):
    """The params file cannot be used."""


class RunFailed(ScorecardError):
    """A notebook or render step failed; the previous good output is untouched."""
