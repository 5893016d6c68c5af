"""User-facing errors: the command line turns them into a short message and exit status 2.

Everything a problem shows (file names, fields, values, what is allowed) may hold text from a user's file,
so it is printed through :mod:`model.core.text` (control codes shown as escapes, one line, bounded), and an
error lists at most a screenful of problems followed by a count of the rest.
"""
from __future__ import annotations

from dataclasses import dataclass

from model.core.text import one_line

SHOWN_PROBLEMS = 20  # problems listed in a message: a screenful; the rest are counted ("... and 80 more problems")
SHOWN_NAME_CHARS = 200  # a file name or field shown in a problem; a longer one is cut (a key may be 1 MB long)
SHOWN_VALUE_CHARS = 200  # a value shown in a problem; a long string or table is cut
SHOWN_ALLOWED_CHARS = 2000  # "what is allowed" (may list every shipped scenario or key); cut beyond this


class _NotShown:
    """A problem's value that is deliberately not shown (e.g. content of a file that is not a scenario)."""

    def __repr__(self) -> str:
        return "(not shown)"


NOT_SHOWN = _NotShown()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a user's input: where, what was given, what is allowed."""

    file: str
    field: str
    value: object
    allowed: str

    def __str__(self) -> str:
        where = f"{one_line(self.file, SHOWN_NAME_CHARS)}: {one_line(self.field, SHOWN_NAME_CHARS)}"
        allowed = one_line(self.allowed, SHOWN_ALLOWED_CHARS)
        if self.value is NOT_SHOWN:
            return f"{where}: {allowed}"
        return f"{where} = {one_line(_short_repr(self.value), SHOWN_VALUE_CHARS)}: {allowed}"


def _short_repr(value: object) -> str:
    """repr of a value, without building the repr of a huge string or table first."""
    if isinstance(value, str) and len(value) > SHOWN_VALUE_CHARS:
        return repr(value[:SHOWN_VALUE_CHARS]) + "…"
    if isinstance(value, (dict, list, tuple)) and len(value) > SHOWN_VALUE_CHARS // 4:
        return f"({type(value).__name__} of {len(value):,} items)"
    try:
        return repr(value)
    except RecursionError:  # a table nested too deep to show (reported as such)
        return f"(a deeply nested {type(value).__name__})"
    except ValueError:  # a whole number with more digits than Python converts to text
        return f"(a {type(value).__name__} too long to show)"


def problem_lines(problems: list[Problem], indent: str = "  ") -> str:
    """The first :data:`SHOWN_PROBLEMS` problems, one a line, then a count of the rest."""
    lines = [f"{indent}- {p}" for p in problems[:SHOWN_PROBLEMS]]
    rest = len(problems) - SHOWN_PROBLEMS
    if rest > 0:
        lines.append(f"{indent}... and {rest:,} more problem{'s' if rest != 1 else ''}")
    return "\n".join(lines)


class UserError(Exception):
    """An error in what the user asked for (not a bug): reported without a traceback."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            self.text = problems
        else:
            self.problems = list(problems)
            self.text = problem_lines(self.problems)
        super().__init__(self.text)


class ScenarioError(UserError):
    """A scenario file that cannot be used; lists the problems found (a screenful, then a count)."""

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n:,} problem{'s' if n != 1 else ''} in the scenario:" if n else "scenario error:"
        return f"{head}\n{self.text}"
