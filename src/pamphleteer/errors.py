"""The one error type for mistakes a user can fix.

Stages raise UserError; only the command line catches it, prints
`path:line:col: message` and exits with status 2, without a traceback.
"""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A mistake in the user's input: where it is, what was found, what was expected."""

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __reduce__(self):
        """Pickled whole, with its place and its parts, when it comes back from an edition's process."""
        return _rebuilt, (self.message, self.path, self.line, self.column, getattr(self, "errors", None))

    @classmethod
    def many(cls, errors: list["UserError"]) -> "UserError":
        """One error standing for several, printed a line each."""
        if len(errors) == 1:
            return errors[0]
        combined = cls("\n".join(str(error) for error in errors))
        combined.errors = errors
        return combined

    def __str__(self) -> str:
        where = [str(display_path(self.path))] if self.path is not None else []
        if self.path is not None and self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return ":".join(where + [" " + self.message]) if where else self.message


def _rebuilt(message, path, line, column, errors) -> UserError:
    error = UserError(message, path, line, column)
    if errors is not None:
        error.errors = errors
    return error


def display_path(path: str | Path) -> Path:
    """The path relative to the working directory when it lies below it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
