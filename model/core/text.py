"""Text from users' files, made safe to show: on a terminal and in a figure.

A scenario's title, a file name or a value may hold terminal control codes
(which can rewrite the screen) or matplotlib mathtext (``$...$``, which can
crash a figure after a whole run). Everything the model prints or draws that
came from a user's file goes through one of these two functions.
"""
from __future__ import annotations

import unicodedata


def printable(text: object) -> str:
    """``text`` with control and format characters shown as escapes (``\\x1b``, ``\\u202e``), newlines
    and tabs kept; everything else, including Vietnamese letters, unchanged."""
    out = []
    for ch in str(text):
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


def one_line(text: object, limit: int = 200) -> str:
    """:func:`printable` on one line (newlines and tabs escaped too), cut to ``limit`` characters."""
    shown = printable(text).replace("\n", "\\n").replace("\t", "\\t")
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def figure_text(text: object) -> str:
    """``text`` as matplotlib draws it literally: dollar signs escaped so no mathtext is parsed, and
    control characters shown as escapes."""
    return one_line(text, limit=300).replace("$", r"\$")
