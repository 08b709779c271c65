"""The one error hierarchy. Each error carries an exit code and a message that tells the
user what to do; only the CLI turns them into exit codes.

`per_file` says whose fault an error is. A per-file error (a bad input, one file's OCR
timing out) fails that file: it is quarantined and the batch goes on. Any other error is the
environment's (a missing program or model, an archive that cannot be written): it stops the
batch at once, quarantines nothing and leaves the archive as it was."""


class ChidaoError(Exception):
    """Base error: `str(err)` is a one-line message for the user."""

    exit_code = 1
    per_file = False

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputFileError(ChidaoError):
    """The file cannot be read as a directive (empty, corrupt, encrypted, wrong type, too big)."""

    exit_code = 2
    per_file = True


class MissingDependencyError(ChidaoError):
    """An external program, language pack or model is missing; the message says how to install it."""

    exit_code = 3


class ExternalToolError(ChidaoError):
    """An external program (tesseract, …) failed on one file or timed out on it."""

    exit_code = 4
    per_file = True


class OcrTimeoutError(ExternalToolError):
    """tesseract ran past its time limit on one page: transient, worth a retry."""


class ArchiveError(ChidaoError):
    """The archive could not be written or read; nothing stored was changed."""

    exit_code = 5


class ModelError(ChidaoError):
    """A model under corpus/ is missing or corrupt; the message names the script that rebuilds it."""

    exit_code = 6


class ConfigError(ChidaoError):
    """An option or environment variable has a value that cannot be used."""

    exit_code = 7


class IndexUnavailableError(ChidaoError):
    """The search index cannot be written or read right now (locked, disk full, Elasticsearch
    down): archived records are kept and marked pending; `chidao reindex` catches up."""

    exit_code = 8


class NotFoundError(ChidaoError):
    """A document, task, user or token named by the user does not exist."""

    exit_code = 9


class UsageError(ChidaoError):
    """A request that cannot be carried out as asked (an unknown status, a bad date …)."""

    exit_code = 10
