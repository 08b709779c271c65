"""The one error hierarchy. Each error carries an exit code and a message that tells the
user what to do; only the CLI turns them into exit codes."""


class ChidaoError(Exception):
    """Base error: `str(err)` is a one-line message for the user."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputFileError(ChidaoError):
    """The file cannot be read as a directive (empty, corrupt, encrypted, wrong type, too big)."""

    exit_code = 2


class MissingDependencyError(ChidaoError):
    """An external program, language pack or model is missing; the message says how to install it."""

    exit_code = 3


class ExternalToolError(ChidaoError):
    """An external program (tesseract, …) failed or timed out."""

    exit_code = 4


class ArchiveError(ChidaoError):
    """The archive could not be written or read; nothing stored was changed."""

    exit_code = 5


class ModelError(ChidaoError):
    """A model under corpus/ is missing or corrupt; the message names the script that rebuilds it."""

    exit_code = 6
