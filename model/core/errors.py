"""User-facing errors: the command line turns them into a short message and exit status 2."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a user's input: where, what was given, what is allowed."""

    file: str
    field: str
    value: object
    allowed: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field} = {self.value!r}: {self.allowed}"


class UserError(Exception):
    """An error in what the user asked for (not a bug): reported without a traceback."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            self.text = problems
        else:
            self.problems = list(problems)
            self.text = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(self.text)


class ScenarioError(UserError):
    """A scenario file that cannot be used; lists every problem found."""

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the scenario:" if n else "scenario error:"
        return f"{head}\n{self.text}"
