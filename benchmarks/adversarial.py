"""Adversarial review of the command line, reproducible: hostile files, unusual-but-valid files, CLI options,
kills, and single-parameter edges (issue 10).

    python benchmarks/adversarial.py [--repo PATH] [--category NAME ...] [--jobs N] [--keep]

Every case is generated into a scratch folder (a fresh temporary folder, removed at the end unless --keep)
and run as ``python -m model ...`` in a subprocess with cwd in that folder and PYTHONPATH=REPO, so REPO's
``model`` package is the one tested (the script prints ``model.__file__`` once to show it). It needs only
the standard library (psutil is used when importable) and the Python given by --python (default: this one)
must have the model's dependencies. Each category prints a table: cases, handled (or clean), and every
failure with a one-line reason. Exit status 0 when every case was handled, 1 otherwise.

What "handled" means, per category:

  hostile   validate and ``run --scale 0.02 --no-figures`` each end within 30 s with exit 0 or 2, no traceback,
            at most 40 lines on stderr, no raw control characters or undecodable bytes in the output, at most
            200 KB of output, and no line of a non-scenario file (/etc/passwd, a secret file, the environment).
  valid     ``run --scale 0.05`` (with figures) exits 0 and writes a results folder whose annual.csv has no
            empty or NaN cell, shares (*_pct columns that are shares) within 0-100 and GDP growth within
            -30..+30 % a year, and whose figures/ is not empty.
  cli       exit 0 or 2, no traceback, a bad option fails before the model runs (< 5 s), no user file lost, git's
            index in a checkout not rewritten by a run, --workers 1000 starts no more processes than cores + 2.
  kills     after SIGINT/SIGTERM: exit within 15 s and no traceback; after any signal: no complete results folder
            (one with manifest.json), no child process alive 10 s later, staging folders cleaned or reported by
            the next run; --resume after a kill gives the targets.csv of an uninterrupted run; two ensembles on
            one folder are refused or both right; a truncated store is never resumed into exit 0 with wrong numbers.
  params    every parameter of model.core.params.PARAMETERS at low and high (--points adds mid), run at
            scale 0.02: a crash is an exit other than 0/2, a traceback or a timeout; an unsound run exits 0 but
            fails the checks of "valid"; exit 2 (refused) is counted apart.

SIGINT is sent to the whole process group (as Ctrl-C in a terminal does); SIGTERM and SIGKILL to the
main process only (as ``kill PID`` or the out-of-memory killer do).
"""
from __future__ import annotations

import argparse
import csv
import fnmatch
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

try:
    import psutil
except ImportError:  # pragma: no cover
    psutil = None

CATEGORIES = ("hostile", "valid", "cli", "kills", "params")
TIMEOUT = 60
HOSTILE_TIMEOUT = 30  # a hostile file's validate or run: a reader that blocks (a named pipe) costs this much
MAX_STDERR_LINES = 40
MAX_OUTPUT = 200_000
SECRET = "SECRET-MARKER-4242"
LEAKS = ("root:x:0:0", "daemon:x:", SECRET, "\x7fELF")
SHARE_COLUMNS = ("internet_users_pct", "*_households_pct", "cashless_pct", "ecommerce_adoption_pct",
                 "ecommerce_share_retail_pct", "online_public_services_pct", "basic_digital_skills_pct",
                 "advanced_digital_skills_pct", "firms_*_pct", "digital_firms_share_pct",
                 "digital_economy_share_pct", "digital_core_share_pct", "digitalisation_share_pct",
                 "min_sector_digital_share_pct")
BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
IS_ROOT = os.geteuid() == 0


# ------------------------------------------------------------------ records
@dataclass
class Case:
    name: str
    check: Callable[[Path], list[str]]  # given its own scratch folder, returns the reasons it failed
    kind: str = ""  # a sub-count in the table (params: crash / unsound / refused)


@dataclass
class Outcome:
    case: str
    problems: list[str]
    seconds: float
    skipped: str = ""
    kind: str = ""


class Skip(Exception):
    """A case that cannot be exercised here (e.g. permission checks when running as root)."""


class Refused(Exception):
    """params: the model refused the value (exit 2) - counted apart, not a crash."""


@dataclass
class Result:
    args: list[str]
    code: int | None
    out: str
    err: str
    raw: bytes
    seconds: float
    timed_out: bool
    peak_children: int = 0


class Context:
    """What every case needs: the repo under test, the python, the scratch root, the environment."""

    def __init__(self, repo: Path, python: str, scratch: Path, jobs: int, points: tuple[str, ...]):
        self.repo, self.python, self.scratch, self.jobs, self.points = repo, python, scratch, jobs, points
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        self.env.update(PYTHONPATH=str(repo), ADVERSARIAL_MARKER=SECRET, PYTHONDONTWRITEBYTECODE="1")
        self.cores = os.cpu_count() or 1
        self._reference: str | None = None
        self._lock = threading.Lock()

    # -------------------------------------------------------------- running the command line
    def start(self, args, cwd: Path, memory: int | None = None, env: dict | None = None, tag: str = "") -> subprocess.Popen:
        def limit():
            if memory:
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cwd.mkdir(parents=True, exist_ok=True)
        out = open(cwd / f".stdout{tag}", "wb")
        err = open(cwd / f".stderr{tag}", "wb")
        proc = subprocess.Popen([self.python, "-m", "model", *map(str, args)], cwd=cwd, env=env or self.env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True,
                                preexec_fn=limit if memory else None)
        proc.files, proc.started, proc.args_ = (out, err), time.monotonic(), list(map(str, args))
        proc.seen = set()  # every descendant pid seen while it ran
        return proc

    def finish(self, proc, timeout: float = TIMEOUT, poll: Callable[[], None] | None = None) -> Result:
        peak = 0
        deadline = proc.started + timeout
        while proc.poll() is None and time.monotonic() < deadline:
            kids = descendants(proc.pid)
            proc.seen |= set(kids)
            peak = max(peak, len(kids))
            if poll:
                poll()
            time.sleep(0.05)
        timed_out = proc.poll() is None
        if timed_out:
            kill_group(proc.pid)
            proc.wait()
        seconds = time.monotonic() - proc.started
        for f in proc.files:
            f.close()
        out, err = (Path(f.name).read_bytes() for f in proc.files)
        return Result(proc.args_, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                      out + err, seconds, timed_out, peak)

    def cli(self, args, cwd: Path, timeout: float = TIMEOUT, **kw) -> Result:
        poll = kw.pop("poll", None)
        return self.finish(self.start(args, cwd, **kw), timeout, poll)

    # -------------------------------------------------------------- shared facts about the repo
    def python_json(self, code: str):
        res = subprocess.run([self.python, "-c", code], cwd=self.scratch, env=self.env, capture_output=True,
                             text=True, timeout=120)
        if res.returncode:
            raise SystemExit(f"cannot ask the model: {res.stderr[-2000:]}")
        return json.loads(res.stdout)

    def reference_targets(self) -> str:
        """targets.csv of an uninterrupted ensemble (the kills category's yardstick), computed once."""
        with self._lock:
            if self._reference is None:
                folder = self.scratch / "reference"
                res = self.cli(ENSEMBLE + ["--out", folder / "out"], folder, timeout=300)
                if res.code != 0:
                    raise SystemExit(f"the reference ensemble failed: {res.err[-2000:]}")
                self._reference = (folder / "out" / "targets.csv").read_text()
            return self._reference


ENSEMBLE = ["run", "baseline", "--replications", "8", "--workers", "2", "--scale", "0.05"]
SINGLE = ["run", "baseline", "--scale", "0.05"]


# ------------------------------------------------------------------ processes
def descendants(pid: int) -> list[int]:
    if psutil:
        try:
            return [p.pid for p in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:
            return []
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, pp in parents.items() if pp in frontier]
        found += kids
        frontier = kids
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return False


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:80]
    except OSError:
        return "?"


# ------------------------------------------------------------------ checks shared by categories
def short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return short(lines[-1]) if lines else "(no output)"


def output_problems(res: Result, what: str = "", codes=(0, 2)) -> list[str]:
    """The checks every command's output must pass; reasons prefixed with `what`."""
    p = f"{what}: " if what else ""
    problems = []
    if res.timed_out:
        return [f"{p}no answer within {res.seconds:.0f} s (killed)"]
    text = res.out + res.err
    if "Traceback (most recent call last)" in text:
        problems.append(f"{p}traceback: {last_line(res.err)}")
    elif res.code not in codes:
        problems.append(f"{p}exit {res.code}: {last_line(res.err)}")
    lines = len(res.err.splitlines())
    if lines > MAX_STDERR_LINES:
        problems.append(f"{p}{lines} lines on stderr")
    if len(res.raw) > MAX_OUTPUT:
        problems.append(f"{p}prints {len(res.raw) // 1000} KB")
    bad = sorted({ch for ch in text if (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t") or ord(ch) in BIDI})
    if bad:
        problems.append(f"{p}raw control characters in output: {', '.join(repr(ch) for ch in bad[:4])}")
    if "\ufffd" in text and "\ufffd".encode() not in res.raw:
        problems.append(f"{p}undecodable bytes in output")
    leaked = [leak for leak in LEAKS if leak in text]
    if leaked:
        problems.append(f"{p}prints another file's content ({short(leaked[0], 20)})")
    return problems


def soundness_problems(folder: Path, figures: bool) -> list[str]:
    """A results folder: annual.csv complete, shares within 0-100, growth within -30..30; figures written."""
    annual = folder / "annual.csv"
    if not annual.is_file() or not (folder / "manifest.json").is_file():
        return [f"no annual.csv/manifest.json in {folder.name}"]
    problems = []
    with annual.open(newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return ["annual.csv has no rows"]
    for column in rows[0]:
        # the first year has no year before it: its growth columns are empty by design
        values = [row[column] for row in (rows[1:] if "growth" in column else rows)]
        if any(v.strip() == "" or v.strip().lower() in ("nan", "inf", "-inf") for v in values):
            problems.append(f"annual.csv: empty/NaN/inf in {column}")
            continue
        try:
            numbers = [float(v) for v in values]
        except ValueError:
            continue
        if any(fnmatch.fnmatch(column, pattern) for pattern in SHARE_COLUMNS):
            if not all(-1e-9 <= x <= 100 + 1e-9 for x in numbers):
                problems.append(f"{column} outside 0-100 ({min(numbers):.4g}..{max(numbers):.4g})")
        if column == "gdp_growth_pct" and not all(-30 <= x <= 30 for x in numbers):
            problems.append(f"gdp_growth_pct outside -30..30 ({min(numbers):.3g}..{max(numbers):.3g})")
    if figures and not any((folder / "figures").glob("*")):
        problems.append("no figures written")
    return problems


def digests(paths) -> dict[str, str]:
    return {str(p): hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below folder but the harness's own output captures (path -> sha256)."""
    return digests(p for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".std"))


def lost_files(before: dict[str, str]) -> list[str]:
    def now(path: str) -> str | None:
        try:
            return hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
    gone = [Path(p).name for p, digest in before.items() if now(p) != digest]
    return [f"user files lost or changed: {', '.join(gone[:4])}"] if gone else []


# ------------------------------------------------------------------ scenario text
def header(title: str = "adversarial", extends: str = "baseline") -> str:
    return f'extends = "{extends}"\ntitle = "{title}"\n'


def toml_str(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string for these uses


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    path.write_bytes(content)
    return path


# ------------------------------------------------------------------ 1. hostile files
def hostile_cases(ctx: Context) -> list[Case]:
    """About 110 files a scenario reader must survive. Each maker writes into the case folder and returns the
    path given to the command line."""
    H = header()
    rnd = random.Random(10)
    makers: dict[str, Callable[[Path], Path]] = {}

    def text(name, content, filename="s.toml"):
        makers[name] = lambda d, c=content, f=filename: write(d / f, c() if callable(c) else c)

    for n in (2000, 5000):
        text(f"array nesting {n}", lambda n=n: H + "x = " + "[" * n + "]" * n + "\n")
        text(f"inline-table nesting {n}", lambda n=n: H + "x = " + "{a = " * n + "1" + " }" * n + "\n")
        text(f"table header {n} deep", lambda n=n: H + "[" + ".".join(["a"] * n) + "]\nb = 1\n")
        text(f"array-of-tables header {n} deep", lambda n=n: H + "[[" + ".".join(["a"] * n) + "]]\nb = 1\n")
        text(f"dotted key {n} deep", lambda n=n: H + ".".join(["a"] * n) + " = 1\n")
        text(f"nesting {n} in [parameters]", lambda n=n: H + "[parameters]\nx = " + "[" * n + "]" * n + "\n")
    text("nested arrays as extends", H.replace('"baseline"', "[" * 3000 + "]" * 3000))
    text("nested arrays as title", 'extends = "baseline"\ntitle = ' + "[" * 3000 + "]" * 3000 + "\n")
    text("10 MB of unknown keys", lambda: H + "".join(f"unknown_key_{i} = {i}\n" for i in range(480_000)))
    text("1 MB of unknown keys", lambda: H + "".join(f"unknown_key_{i} = {i}\n" for i in range(50_000)))
    text("50k unknown [parameters]", lambda: H + "[parameters]\n" + "".join(f"param_{i} = 1\n" for i in range(50_000)))
    text("10 MB title", lambda: f'extends = "baseline"\ntitle = "{"a" * 10_000_000}"\n')
    text("1 MB comment line", lambda: H + "#" + "x" * 1_000_000 + "\n")
    text("1 MB key", lambda: H + f'"{"k" * 1_000_000}" = 1\n')
    text("1 MB unknown shock kind", lambda: H + f'[[shocks]]\nkind = "{"z" * 1_000_000}"\nstart = 2020\nend = 2021\nsize = 1\n')
    text("20k valid shocks", lambda: H + "".join(
        '[[shocks]]\nkind = "cyber_fraud"\nstart = "2026Q1"\nend = "2026Q2"\nsize = 1.0\n' for _ in range(20_000)))
    text("20k invalid shocks", lambda: H + "".join('[[shocks]]\nkind = "nope"\nsize = "x"\n' for _ in range(20_000)))
    text("100k-point budget path", lambda: H + "[levers.skills]\nbudget_pct_gdp = { " + ", ".join(
        f'"{1990 + i % 110}Q{1 + i % 4}" = 0.1' for i in range(100_000)) + " }\n")

    # extends to things that are not scenario files
    def extends_to(target: str) -> str:
        return f"extends = {toml_str(target)}\ntitle = \"x\"\n"
    for target in ("/dev/zero", "/dev/urandom", "/dev/null", "/dev/stdin", "/proc/self/fd/0", "/proc/self/environ",
                   "/proc/self/mem", "/etc/passwd", "/etc/shadow", "/etc", "/", ".", "..", "", "   ",
                   "http://example.com/x.toml", "~/x.toml", "/bin/sh", sys.executable, "x" * 10_000,
                   "a/" * 3000 + "b", "baseline\0evil", "\x1b[31mbaseline", "\u202ebaseline", "baseline\n",
                   "../outside.toml", "../../../../../../etc/passwd"):
        text(f"extends = {short(repr(target), 40)}", extends_to(target))
    makers["extends a named pipe"] = lambda d: (os.mkfifo(d / "pipe.toml"), write(d / "s.toml", extends_to("pipe.toml")))[1]
    makers["extends a secret non-scenario file"] = lambda d: (
        write(d / "secrets.txt", f"password: {SECRET}\n{SECRET} {SECRET}\n"), write(d / "s.toml", extends_to("secrets.txt")))[1]
    makers["extends a secret key=value file"] = lambda d: (
        write(d / ".env", f'password = "{SECRET}"\n'), write(d / "s.toml", extends_to(".env")))[1]
    makers["extends itself"] = lambda d: write(d / "s.toml", extends_to("s.toml"))
    makers["extends loop a->b->a"] = lambda d: (write(d / "b.toml", extends_to("s.toml")), write(d / "s.toml", extends_to("b.toml")))[1]
    makers["extends chain 1000 deep"] = lambda d: (
        [write(d / f"c{i}.toml", extends_to(f"c{i + 1}.toml") if i < 999 else header()) for i in range(1000)], d / "c0.toml")[1]
    makers["extends a symlink loop"] = lambda d: (os.symlink("l2.toml", d / "l1.toml"), os.symlink("l1.toml", d / "l2.toml"),
                                                  write(d / "s.toml", extends_to("l1.toml")))[2]
    makers["extends a 10 MB file"] = lambda d: (write(d / "big.toml", header() + "".join(
        f"k{i} = {i}\n" for i in range(480_000))), write(d / "s.toml", extends_to("big.toml")))[1]
    makers["extends a binary file"] = lambda d: (write(d / "bin.toml", rnd.randbytes(100_000)), write(d / "s.toml", extends_to("bin.toml")))[1]
    makers["extends an unreadable file"] = unreadable(lambda d: (write(d / "u.toml", header()), write(d / "s.toml", extends_to("u.toml")))[1], "u.toml")
    text("extends = 123", 'extends = 123\ntitle = "x"\n')
    text("extends = list", 'extends = ["baseline", "baseline"]\ntitle = "x"\n')
    text("extends = table", 'extends = { a = 1 }\ntitle = "x"\n')
    text("extends = date", 'extends = 2020-01-01\ntitle = "x"\n')

    # bytes that are not a UTF-8 TOML file
    text("binary garbage", rnd.randbytes(200_000))
    text("non-UTF-8 value", header().encode() + b'x = "caf\xe9"\n')
    text("non-UTF-8 key", header().encode() + b"caf\xe9 = 1\n")
    text("UTF-8 BOM", b"\xef\xbb\xbf" + header().encode())
    text("UTF-16 file", header().encode("utf-16"))
    text("NUL bytes inside", header().encode() + b"x = 1\x00\x00\ny = 2\n")
    text("1 MB of NUL", b"\x00" * 1_000_000)
    text("raw ESC byte in a value", header().encode() + b'x = "\x1b[2J\x1b[31mred"\n')
    text("raw ESC byte in a comment", header().encode() + b"# \x1b]0;pwned\x07\n")
    text("CR line endings only", header().replace("\n", "\r"))
    text("lone surrogate escape", header() + 'x = "\\ud800"\n')

    # terminal codes and unicode tricks in strings TOML accepts
    esc = "\\u001b[2J\\u001b[31mRED\\u001b]0;pwned\\u0007\\u009b31m"
    text("escape codes in title", f'extends = "baseline"\ntitle = "{esc}"\n')
    text("escape codes in a key", H + f'"{esc}" = 1\n')
    text("escape codes in a value", H + f'end_year = "{esc}"\n')
    text("escape codes in a shock kind", H + f'[[shocks]]\nkind = "{esc}"\nstart = 2020\nend = 2021\nsize = 1\n')
    text("escape codes in a parameter name", H + f'[parameters]\n"{esc}" = 1\n')
    text("escape codes in a year key", H + f'[levers.skills]\nbudget_pct_gdp = {{ "{esc}" = 0.1 }}\n')
    text("OSC 8 hyperlink in title", 'extends = "baseline"\ntitle = "\\u001b]8;;http://evil\\u001b\\\\click\\u001b]8;;\\u001b\\\\"\n')
    text("RTL override in title", 'extends = "baseline"\ntitle = "\\u202eeltit desrever"\n')
    text("RTL override in a key", H + '"\\u202eraey_dne" = 2030\n')
    text("homoglyph key", H.replace("title", "titl\u0435") + "end_year = 2030\n")
    text("zalgo title", 'extends = "baseline"\ntitle = "z' + "\u0301" * 20_000 + '"\n')
    text("title with newlines", 'extends = "baseline"\ntitle = """\nline1\nline2\n"""\n')
    text("title that is only spaces", 'extends = "baseline"\ntitle = "   "\n')

    # numbers
    for value in ("1e308", "inf", "-inf", "nan", "-0", "-0.0", "99999999999999999999", "1" + "0" * 5000, "-1", "0x7fffffffffffffff"):
        text(f"end_year = {short(value, 12)}", H + f"end_year = {value}\n")
    for value in ("1e308", "nan", "inf", "-inf", "-1e308", "5e-324"):
        text(f"shock size = {value}", H + f'[[shocks]]\nkind = "pandemic"\nstart = 2026\nend = 2027\nsize = {value}\n')
        text(f"parameter = {value}", H + f"[parameters]\nhousehold_size = {value}\n")
    text("budget = nan", H + "[levers.skills]\nbudget_pct_gdp = { 2015 = nan }\n")
    text("seed = 2**64", H + f"seed = {2 ** 64}\n")
    text("seed = 2**63", H + f"seed = {2 ** 63}\n")
    text("seed = -1", H + "seed = -1\n")
    text("year key 99999", H + "[levers.skills]\nbudget_pct_gdp = { 99999 = 0.1 }\n")
    text("quarter 2027Q5", H + '[switches]\ncommercial_5g = "2027Q5"\n')

    # wrong types and dates
    for key, value in (("levers", "5"), ("shocks", '"x"'), ("shocks", "[1, 2]"), ("switches", "[true]"),
                       ("parameters", "[]"), ("title", "5"), ("title", "{ a = 1 }"), ("seed", '"42"'),
                       ("seed", "true"), ("seed", "4.2"), ("start_year", "2015.0"), ("end_year", "2030-01-01"),
                       ("end_year", "2030-01-01T00:00:00Z"), ("start_year", "07:32:00"), ("levers", "{ skills = 3 }")):
        text(f"{key} = {short(value, 24)}", 'extends = "baseline"\n' + (f"{key} = {value}\n" if key == "title" else
                                                                       f'title = "x"\n{key} = {value}\n'))
    text("[shocks] as a table", H + '[shocks]\nkind = "pandemic"\n')
    text("switch = true", H + "[switches]\ncommercial_5g = true\n")
    text("shock start is a datetime", H + '[[shocks]]\nkind = "pandemic"\nstart = 2020-01-01T00:00:00Z\nend = 2021\nsize = 1\n')
    text("budget path is a list", H + "[levers.skills]\nbudget_pct_gdp = [1, 2]\n")
    text("every field wrong", 'title = 1\nextends = 2\nstart_year = "a"\nend_year = []\nseed = {}\nlevers = 1\n'
                              'switches = 2\nshocks = 3\nparameters = 4\n')
    text("duplicate keys", H + "end_year = 2030\nend_year = 2031\n")

    # files that are not files
    text("empty file", b"")
    text("whitespace only", "  \n\t\n")
    text("comment only", "# nothing\n")
    makers["path is a directory"] = lambda d: (d / "dir.toml").mkdir() or d / "dir.toml"
    makers["path is a named pipe"] = lambda d: os.mkfifo(d / "p.toml") or d / "p.toml"
    makers["path is /dev/zero"] = lambda d: Path("/dev/zero")
    makers["path is a symlink loop"] = lambda d: (os.symlink("l2.toml", d / "l1.toml"), os.symlink("l1.toml", d / "l2.toml"))[0] or d / "l1.toml"
    makers["path is unreadable"] = unreadable(lambda d: write(d / "s.toml", header()), "s.toml")
    makers["file name with escape codes"] = lambda d: write(d / "\x1b[31mevil\x1b]0;x\x07.toml", "nonsense =")
    makers["file name with a newline"] = lambda d: write(d / "a\nb.toml", "nonsense =")
    makers["file name not UTF-8"] = lambda d: write(Path(os.fsdecode(bytes(d) + b"/caf\xe9.toml")), "nonsense =")
    makers["missing file with RTL name"] = lambda d: d / "\u202elmot.toml"

    return [Case(name, lambda d, make=make: hostile_check(ctx, d, make)) for name, make in makers.items()]


def unreadable(make: Callable[[Path], Path], name: str) -> Callable[[Path], Path]:
    def maker(d: Path) -> Path:
        if IS_ROOT:
            raise Skip("running as root: permissions do not apply")
        path = make(d)
        os.chmod(d / name, 0)
        return path
    return maker


def hostile_check(ctx: Context, d: Path, make: Callable[[Path], Path]) -> list[str]:
    path = make(d)
    limit = 4 << 30  # reading /dev/zero must not take the machine's memory
    checked = ctx.cli(["validate", path], d, memory=limit, timeout=HOSTILE_TIMEOUT)
    problems = output_problems(checked, "validate")
    if checked.timed_out:
        return problems + ["run: not tried (validate did not answer)"]
    run = ["run", path, "--scale", "0.02", "--no-figures", "--out", d / "out"]
    problems += output_problems(ctx.cli(run, d, memory=limit, tag="2", timeout=HOSTILE_TIMEOUT), "run")
    return problems


# ------------------------------------------------------------------ 2. unusual-but-valid files
def valid_cases(ctx: Context) -> list[Case]:
    params = ctx.python_json("import json; from model.core.params import PARAMETERS as P; "
                             "print(json.dumps({n: [p.low, p.high, p.default] for n, p in P.items()}))")
    shocks = ctx.python_json("import json; from model.scenario.schema import SHOCK_KINDS as K; "
                             "print(json.dumps({k: v[0] for k, v in K.items()}))")
    H = header()

    def levers(value: float, unit="budget_pct_gdp", level: float | None = None) -> str:
        text = "".join(f"[levers.{lever}]\n{unit} = {{ 2015 = {value}, 2050 = {value} }}\n"
                       for lever in ("infrastructure", "skills", "institutions"))
        if level is not None:
            text += "".join(f"[levers.{name}]\nlevel = {{ 2015 = {level} }}\n" for name in ("coordination", "inclusion"))
        return text

    def standalone(end_year: int, unit: str, value: float) -> str:
        """A complete scenario that extends nothing (so it may use either budget unit and has no shocks)."""
        return f'title = "standalone"\nstart_year = 2015\nend_year = {end_year}\n' + levers(value, unit, level=0.3)

    def shock(kind, size, persistence=1.0, start="2026Q1", end="2027Q4") -> str:
        return f'[[shocks]]\nkind = "{kind}"\nstart = "{start}"\nend = "{end}"\nsize = {size}\npersistence = {persistence}\n'

    files: dict[str, tuple[str, str]] = {  # name -> (file name, content)
        "end_year 2050": ("s.toml", H + "end_year = 2050\n"),
        "shortest run (2015-2016, no parent)": ("s.toml", standalone(2016, "budget_pct_gdp", 0.1)),
        "every lever at its budget max": ("s.toml", H + levers(10.0, level=1.0)),
        "budgets in VND at max (no parent)": ("s.toml", standalone(2030, "budget_vnd_bn", 1e7)),
        "budgets in VND at 0 (no parent)": ("s.toml", standalone(2030, "budget_vnd_bn", 0.0)),
        "zero budgets, levels 0": ("s.toml", H + levers(0.0, level=0.0)),
        "every switch on in 2015Q1": ("s.toml", H + "[switches]\n" + "".join(
            f'{s} = "2015Q1"\n' for s in ("depa_membership", "data_economy_framework", "commercial_5g"))),
        "every switch off": ("s.toml", H + "[switches]\n" + "".join(
            f"{s} = false\n" for s in ("depa_membership", "data_economy_framework", "commercial_5g"))),
        "overlapping shocks, every kind at max": ("s.toml", H + "".join(shock(k, hi) for k, (lo, hi) in shocks.items())),
        "overlapping shocks, every kind at min": ("s.toml", H + "".join(shock(k, lo) for k, (lo, hi) in shocks.items())),
        "shocks spanning the whole run to 2050": ("s.toml", H + "end_year = 2050\n" + "".join(
            shock(k, hi, 1.0, "2015Q1", "2050Q4") for k, (lo, hi) in shocks.items())),
        "quarters such as 2027Q4 and 2027q4": ("s.toml", H + '[switches]\ncommercial_5g = "2027Q4"\n'
                                               'depa_membership = "2027q4"\n' + shock("pandemic", 10, 0.5, "2027Q4", "2027Q4")),
        "Vietnamese title": ("s.toml", header("Chuyển đổi số toàn diện: Việt Nam hùng cường năm 2045 ạ ỹ đ")),
        "mathtext title": ("s.toml", header(r"Growth $\\nosuchcmd$ and $x^{2$ 100% {braces} \\\\")),
        "title with every TOML escape": ("s.toml", header(r"tab\there quote\" back\\slash")),
        "file name with spaces": ("my scenario file.toml", H),
        "file name in Vietnamese": ("kịch bản số.toml", H),
        "file name with $ and mathtext": ("$\\nosuch$ 100%.toml", H),
        "seed 0": ("s.toml", H + "seed = 0\n"),
        "seed 2**63 - 1": ("s.toml", H + f"seed = {2 ** 63 - 1}\n"),
    }
    for kind, (lo, hi) in shocks.items():
        for size, persistence in ((lo, 0.0), (hi, 1.0)):
            files[f"{kind} at size {size:g}, persistence {persistence:g}"] = ("s.toml", H + shock(kind, size, persistence))
    rnd = random.Random(2)
    tied = ("_head_share", "init_", "_skill_threshold", "infra_weight_")  # in consistency rules: kept at defaults
    free = sorted(n for n in params if not any(t in n for t in tied))
    for label in ("A", "B"):
        chosen = rnd.sample(free, 12)
        values = {n: params[n][rnd.randrange(2)] for n in chosen}
        files[f"12 parameters at range edges ({label})"] = ("s.toml", H + "[parameters]\n" + "".join(
            f"{n} = {v!r}\n" for n, v in values.items()))

    cases = [Case(name, lambda d, f=f, c=c: valid_check(ctx, d, write(d / f, c))) for name, (f, c) in files.items()]

    def chain(d: Path) -> Path:
        write(d / "a.toml", header("a") + "end_year = 2035\n")
        write(d / "sub" / "b.toml", header("b", "../a.toml") + "[switches]\ndepa_membership = \"2028Q2\"\n")
        return write(d / "c.toml", header("c", "sub/b.toml") + shock("fdi_inflow", 50.0, 0.3))
    cases.append(Case("extends chain 3 deep", lambda d: valid_check(ctx, d, chain(d))))
    return cases


def valid_check(ctx: Context, d: Path, path: Path) -> list[str]:
    res = ctx.cli(["run", path, "--scale", "0.05", "--out", d / "out"], d, timeout=180)
    problems = output_problems(res, codes=(0,))
    return problems or soundness_problems(d / "out", figures=True)


# ------------------------------------------------------------------ 3. command-line options
def cli_cases(ctx: Context) -> list[Case]:
    run = ["run", "baseline", "--scale", "0.02", "--no-figures"]
    ens = ["run", "baseline", "--scale", "0.02", "--no-figures", "--replications", "2"]
    slow = ["run", "baseline", "--scale", "0.5", "--no-figures"]  # long enough that a late failure shows in time
    cases: list[Case] = []

    def option(name, args, *, bad=False, timeout=60, memory=None, setup=None, out_dir=None, extra=None):
        """args may hold the token OUT (the case's out folder from `out_dir(d)`, default d/out); `setup(d)` makes
        user files (and may return the list of those to protect); bad=True: must exit non-zero within 5 s;
        every user file must survive."""
        def check(d: Path) -> list[str]:
            made = setup(d) if setup else None  # the user files to protect; None: every file in d
            before = digests(made) if made is not None else snapshot(d)
            out = out_dir(d) if out_dir else d / "out"
            res = ctx.cli([out if a == "OUT" else a for a in args], d, timeout=timeout, memory=memory)
            problems = output_problems(res)
            if bad and not res.timed_out and res.code == 0:
                problems.append("accepted (exit 0)")
            if bad and res.seconds > 5:
                problems.append(f"failed only after {res.seconds:.1f} s (the model ran)")
            problems += lost_files(before)
            if extra:
                problems += extra(d, res)
            return problems
        cases.append(Case(name, check))

    for value in ("0", "-1", "nan", "inf", "-inf", "abc", ""):
        option(f"--scale {value!r}", run + ["--scale", value, "--out", "OUT"], bad=True)
    option("--scale 1e-300", run + ["--scale", "1e-300", "--out", "OUT"])
    for value in ("1e5", "1e9", "full"):
        option(f"--scale {value} (4 GB limit)", run + ["--scale", value, "--out", "OUT"], bad=True, timeout=30,
               memory=4 << 30)
    for value in ("-1", str(2 ** 64), "abc", "1.5", ""):
        option(f"--seed {value!r}", run + ["--seed", value, "--out", "OUT"], bad=True)
    option("--seed 2**63 - 1", run + ["--seed", str(2 ** 63 - 1), "--out", "OUT"])
    for value in ("0", "-1", "abc"):
        option(f"--workers {value!r}", ens + ["--workers", value, "--out", "OUT"], bad=True)
    for value in ("0", "-1", str(10 ** 12), "abc"):
        option(f"--replications {value!r}", ens[:-1] + [value, "--out", "OUT"], bad=True, timeout=30, memory=4 << 30)
    option("--workers 1000", ens + ["--replications", "4", "--workers", "1000", "--out", "OUT"], timeout=120,
           extra=lambda d, res: ([f"{res.peak_children} processes started on {ctx.cores} cores"]
                                 if res.peak_children > ctx.cores + 2 else []))
    for flag in (["--resume"], ["--workers", "2"], ["--parameter-uncertainty"], ["--oversubscribe"]):
        option(f"{flag[0]} without --replications", slow + flag + ["--out", "OUT"], bad=True)
    option("--resume with nothing to resume", ens + ["--resume", "--out", "OUT"])
    option("--engine reference --replications", slow + ["--replications", "2", "--engine", "reference", "--out", "OUT"], bad=True)
    option("--engine bogus", run + ["--engine", "bogus"], bad=True)
    option("--scheduler to a closed port", ens + ["--scheduler", "tcp://127.0.0.1:9", "--out", "OUT"], timeout=30)
    option("unknown scenario", ["run", "no_such_scenario", "--scale", "0.02"], bad=True)
    option("empty scenario name", ["run", "", "--scale", "0.02"], bad=True)
    option("scenario is a directory", ["run", ".", "--scale", "0.02"], bad=True)
    option("no command", [], bad=True)
    option("unknown command", ["explode"], bad=True)
    option("validate without files", ["validate"], bad=True)
    option("list with an extra argument", ["list", "extra"], bad=True)
    option("--help", ["run", "--help"])
    option("compare one scenario", ["compare", "baseline", "--scale", "0.02", "--out", "OUT"], timeout=120)
    option("compare the same scenario twice", ["compare", "baseline", "baseline", "--scale", "0.02", "--out", "OUT"], timeout=120)
    option("compare with an unknown scenario", ["compare", "baseline", "no_such", "--scale", "0.5", "--out", "OUT"], bad=True)
    option("compare --replications 0", ["compare", "baseline", "inclusive", "--replications", "0"], bad=True)
    option("backtest --train-until abc", ["backtest", "--train-until", "abc"], bad=True)
    option("calibrate --data missing", ["calibrate", "--data", "/nonexistent.csv"], bad=True)
    option("calibrate --max-evaluations 0", ["calibrate", "--max-evaluations", "0"], bad=True)

    # --out
    for target in ("/proc/x", "/dev/null", "/dev/null/x", "/proc/self", ""):
        option(f"--out {target!r}", slow + ["--out", target], bad=True)
    option("--out an existing file", slow + ["--out", "OUT"], bad=True,
           setup=lambda d: [write(d / "thesis.docx", "my thesis")], out_dir=lambda d: d / "thesis.docx")
    option("--out a folder under a file", slow + ["--out", "OUT"], bad=True,
           setup=lambda d: [write(d / "thesis.docx", "my thesis")], out_dir=lambda d: d / "thesis.docx" / "out")
    option("--out a read-only folder", slow + ["--out", "OUT"], bad=True, setup=read_only, out_dir=lambda d: d / "ro" / "out")
    option("--out the current folder", slow + ["--out", "."], bad=True, setup=user_files, out_dir=lambda d: d)
    option("--out a folder with user files", slow + ["--out", "OUT"], bad=True,
           setup=lambda d: user_files(d / "out"))
    option("--out a results folder with a user-added file", run + ["--out", "OUT"],
           setup=lambda d: rerun_with_added_file(ctx, d, run))
    for label, sub in (("the repo folder (a copy)", ""), ("the package folder (a copy)", "model"),
                       ("the scenarios folder (a copy)", "scenarios")):
        cases.append(Case(f"--out {label}", lambda d, sub=sub: out_to_repo(ctx, d, sub)))
    cases.append(Case("git index untouched by a run (a git copy)", lambda d: git_index(ctx, d)))
    return cases


def read_only(d: Path) -> None:
    if IS_ROOT:
        raise Skip("running as root: permissions do not apply")
    (d / "ro").mkdir(parents=True)
    os.chmod(d / "ro", 0o555)


def user_files(d: Path) -> None:
    write(d / "manifest.json", '{"mine": true}\n')
    write(d / "thesis.docx", "chapter 1")
    write(d / "data" / "survey.csv", "id,answer\n1,yes\n")


def rerun_with_added_file(ctx: Context, d: Path, run: list[str]) -> list[Path]:
    first = ctx.cli(run + ["--out", d / "out"], d)
    if first.code != 0:
        raise Skip(f"the first run failed: {last_line(first.err)}")
    return [write(d / "out" / "my_notes.txt", "do not lose me")]


def repo_copy(ctx: Context, d: Path) -> Path:
    """model/, scenarios/ and pyproject.toml of REPO copied (mtimes kept) as a checkout in d/repo."""
    copy = d / "repo"
    shutil.rmtree(copy, ignore_errors=True)
    for name in ("model", "scenarios"):
        shutil.copytree(ctx.repo / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ctx.repo / "pyproject.toml", copy / "pyproject.toml")
    return copy


def out_to_repo(ctx: Context, d: Path, sub: str) -> list[str]:
    copy = repo_copy(ctx, d)
    before = snapshot(copy)
    res = ctx.cli(["run", "baseline", "--scale", "0.5", "--no-figures", "--out", copy / sub if sub else copy], d,
                  env={**ctx.env, "PYTHONPATH": str(copy)})
    problems = output_problems(res)
    if res.code == 0:
        problems.append("accepted (exit 0)")
    return problems + lost_files(before)


def git_index(ctx: Context, d: Path) -> list[str]:
    if not shutil.which("git"):
        raise Skip("no git")
    # a fixed place, so numba's cache (keyed on source paths and mtimes) is warm from the second pass on
    fixed = Path(tempfile.gettempdir()) / f"adversarial-checkout-{hashlib.sha256(bytes(ctx.repo)).hexdigest()[:8]}"
    copy = repo_copy(ctx, fixed)
    git = ["git", "-C", str(copy), "-c", "user.name=h", "-c", "user.email=h@h"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(git + args, check=True, capture_output=True)
    os.utime(copy / "pyproject.toml")  # stale stat: a plain git status would refresh and rewrite the index
    index = copy / ".git" / "index"
    stamp = index.stat().st_mtime_ns, index.stat().st_ino
    seen = []
    res = ctx.cli(["run", "baseline", "--scale", "0.02", "--no-figures", "--out", d / "out"], d, timeout=300,
                  env={**ctx.env, "PYTHONPATH": str(copy)},
                  poll=lambda: seen.append(1) if (copy / ".git" / "index.lock").exists() else None)
    problems = output_problems(res, codes=(0,))
    if seen:
        problems.append(".git/index.lock seen during the run")
    if (index.stat().st_mtime_ns, index.stat().st_ino) != stamp:
        problems.append(".git/index rewritten by the run (git took index.lock)")
    return problems


# ------------------------------------------------------------------ 4. kills
def kill_cases(ctx: Context) -> list[Case]:
    cases = []
    for command, label in ((ENSEMBLE, "ensemble"), (SINGLE, "run")):
        for moment in ("early", "running", "writing"):
            for sig, group in ((signal.SIGINT, True), (signal.SIGTERM, False), (signal.SIGKILL, False)):
                cases.append(Case(f"{label}: {sig.name} {moment}",
                                  lambda d, c=command, m=moment, s=sig, g=group: kill_check(ctx, d, c, m, [s], g)))
    for sig in (signal.SIGTERM, signal.SIGKILL):
        cases.append(Case(f"ensemble: {sig.name} to the group, running",
                          lambda d, s=sig: kill_check(ctx, d, ENSEMBLE, "running", [s], True)))
    cases.append(Case("ensemble: Ctrl-C twice, running",
                      lambda d: kill_check(ctx, d, ENSEMBLE, "running", [signal.SIGINT] * 2, True)))
    cases.append(Case("run: Ctrl-C twice, writing",
                      lambda d: kill_check(ctx, d, SINGLE, "writing", [signal.SIGINT] * 2, True)))
    for sig in (signal.SIGINT, signal.SIGKILL):
        cases.append(Case(f"--resume after {sig.name} gives the uninterrupted targets",
                          lambda d, s=sig: kill_check(ctx, d, ENSEMBLE, "running", [s], s == signal.SIGINT, resume=True)))
    cases.append(Case("truncated annual.npy, then --resume", lambda d: truncated_store(ctx, d)))
    cases.append(Case("two ensembles on one --out at once", lambda d: concurrent(ctx, d, ENSEMBLE, True)))
    cases.append(Case("two runs on one --out at once", lambda d: concurrent(ctx, d, SINGLE, False)))
    return cases


def moment_reached(d: Path, moment: str, started: float, ensemble: bool) -> bool:
    """early: 0.3 s in (imports); running: 2 of 8 replications done (ensemble) or 2.5 s in (run);
    writing: a staging folder ``.out.partial-*`` exists."""
    age = time.monotonic() - started
    if moment == "early":
        return age > 0.3
    if moment == "running" and not ensemble:
        return age > 2.5
    if moment == "running":
        progress = "2/8" in (d / ".stderr").read_text(errors="replace")
        return progress or (any((d / ".out.ensemble-work").glob("*.npy")) and age > 6)
    return any(d.glob(".out.partial-*"))


def send(proc, signals, group: bool) -> None:
    for i, sig in enumerate(signals):
        if i:
            time.sleep(0.3)
        try:
            os.killpg(proc.pid, sig) if group else os.kill(proc.pid, sig)
        except ProcessLookupError:
            pass


def kill_check(ctx: Context, d: Path, command, moment: str, signals, group: bool, resume: bool = False) -> list[str]:
    out = d / "out"
    ensemble = "--replications" in command
    proc = ctx.start(command + ["--out", out], d)
    while proc.poll() is None and time.monotonic() - proc.started < 300:
        proc.seen |= set(descendants(proc.pid))
        if moment_reached(d, moment, proc.started, ensemble):
            send(proc, signals, group)
            break
        time.sleep(0.02)
    else:
        res = ctx.finish(proc)
        if res.code == 0:
            raise Skip(f"finished before the moment '{moment}' was seen")
        return [f"exit {res.code} before the signal: {last_line(res.err)}"]
    graceful = signals[0] != signal.SIGKILL
    res = ctx.finish(proc, timeout=time.monotonic() - proc.started + 15)
    problems = []
    if res.timed_out:
        problems.append("still running 15 s after the signal")
    if graceful and "Traceback (most recent call last)" in res.out + res.err:
        problems.append(f"traceback: {last_line(res.err)}")
    problems += [p for p in output_problems(res, codes=range(-64, 256)) if "traceback" not in p and "no answer" not in p]
    if res.code == 0:
        return problems  # it finished before the signal arrived: nothing to check but the output
    if (out / "manifest.json").exists():
        problems.append("a complete-looking results folder (manifest.json) after the kill")
    time.sleep(10)
    left = [pid for pid in proc.seen if alive(pid)]
    if left:
        problems.append(f"{len(left)} child process(es) alive 10 s later: {cmdline(left[0])}")
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    kill_group(proc.pid)
    staged = list(d.glob(".out.partial-*"))
    if resume:
        again = ctx.cli(command + ["--out", out, "--resume"], d, timeout=300, tag="2")
        problems += output_problems(again, "resume", codes=(0,))
        if again.code == 0 and (out / "targets.csv").read_text() != ctx.reference_targets():
            problems.append("resume: targets.csv differs from an uninterrupted run")
    elif staged:
        again = ctx.cli(["run", "baseline", "--scale", "0.02", "--no-figures", "--out", out], d, tag="2")
        problems += output_problems(again, "next run")
        still = list(d.glob(".out.partial-*"))
        if still and not any(p.name in again.out + again.err for p in still):
            problems.append(f"next run neither removed nor reported {len(still)} staging folder(s)")
    return problems


def truncated_store(ctx: Context, d: Path) -> list[str]:
    out, work = d / "out", d / ".out.ensemble-work"
    proc = ctx.start(ENSEMBLE + ["--out", out], d)
    while proc.poll() is None and time.monotonic() - proc.started < 120:
        if "3/8" in (d / ".stderr").read_text(errors="replace") or len(list(work.glob("*.npy"))) and \
                time.monotonic() - proc.started > 8:
            break
        time.sleep(0.05)
    children = descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    ctx.finish(proc)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    store = work / "annual.npy"
    if not store.exists():
        raise Skip(f"no {store.name} to truncate (the store has {sorted(p.name for p in work.glob('*'))})")
    with store.open("r+b") as f:
        f.truncate(store.stat().st_size // 2)
    res = ctx.cli(ENSEMBLE + ["--out", out, "--resume"], d, timeout=300, tag="2")
    problems = output_problems(res)
    if res.code == 0 and (out / "targets.csv").read_text() != ctx.reference_targets():
        problems.append("exit 0 with targets.csv different from an uninterrupted run")
    return problems


def concurrent(ctx: Context, d: Path, command, ensemble: bool) -> list[str]:
    out = d / "out"
    first = ctx.start(command + ["--out", out], d, tag="a")
    time.sleep(0.5)
    second = ctx.start(command + ["--out", out], d, tag="b")
    results = [ctx.finish(first, 300), ctx.finish(second, 300)]
    problems = [p for i, r in enumerate(results) for p in output_problems(r, "first" if i == 0 else "second")]
    if all(r.code != 0 for r in results):
        problems.append("neither run finished")
    elif not (out / "manifest.json").exists():
        problems.append("no complete results folder")
    elif ensemble and (out / "targets.csv").read_text() != ctx.reference_targets():
        problems.append("targets.csv differs from a lone run")
    return problems


# ------------------------------------------------------------------ 5. single-parameter edges
def param_cases(ctx: Context) -> list[Case]:
    params = ctx.python_json("import json; from model.core.params import PARAMETERS as P; "
                             "print(json.dumps({n: [p.low, p.high] for n, p in P.items()}))")
    cases = []
    for name, (low, high) in params.items():
        for point, value in (("low", low), ("high", high), ("mid", (low + high) / 2)):
            if point in ctx.points:
                cases.append(Case(f"{name} = {value:g} ({point})", lambda d, n=name, v=value: param_check(ctx, d, n, v)))
    return cases


def param_check(ctx: Context, d: Path, name: str, value: float) -> list[str]:
    path = write(d / "s.toml", header(f"{name} at {value!r}") + f"[parameters]\n{name} = {value!r}\n")
    res = ctx.cli(["run", path, "--scale", "0.02", "--no-figures", "--out", d / "out"], d)
    crash = output_problems(res)
    if crash:
        return ["crash: " + "; ".join(crash)]
    if res.code == 2:
        raise Refused(last_line(res.err))
    return ["unsound: " + "; ".join(p) for p in [soundness_problems(d / "out", figures=False)] if p]


# ------------------------------------------------------------------ running and reporting
BUILDERS = {"hostile": hostile_cases, "valid": valid_cases, "cli": cli_cases, "kills": kill_cases, "params": param_cases}


def run_case(ctx: Context, category: str, index: int, case: Case) -> Outcome:
    d = ctx.scratch / category / f"{index:03d}"
    d.mkdir(parents=True)
    started = time.monotonic()
    try:
        problems, skipped, kind = case.check(d), "", ""
    except Skip as e:
        problems, skipped, kind = [], str(e), ""
    except Refused as e:
        problems, skipped, kind = [], "", f"refused: {e}"
    except Exception as e:  # a harness error is reported as such, never as a model failure
        problems, skipped, kind = [f"HARNESS ERROR {type(e).__name__}: {short(str(e))}"], "", ""
    finally:
        for p in d.rglob("*"):  # let cleanup remove unreadable files and folders
            if not p.is_symlink():
                try:
                    os.chmod(p, 0o755)
                except OSError:
                    pass
    if not os.environ.get("ADVERSARIAL_KEEP"):
        shutil.rmtree(d, ignore_errors=True)
    return Outcome(case.name, problems, time.monotonic() - started, skipped, kind)


def report(category: str, outcomes: list[Outcome], seconds: float) -> str:
    ran = [o for o in outcomes if not o.skipped]
    good = [o for o in ran if not o.problems]
    word = "clean" if category in ("valid", "params") else "handled"
    lines = [f"== {category}: {len(good)} of {len(ran)} {word}"
             + (f" ({len(outcomes) - len(ran)} skipped)" if len(ran) < len(outcomes) else "") + f"  [{seconds:.0f} s]"]
    if category == "params":
        crashes = sum(any(p.startswith("crash") for p in o.problems) for o in ran)
        unsound = sum(any(p.startswith("unsound") for p in o.problems) for o in ran)
        refused = sum(bool(o.kind) for o in ran)
        lines.append(f"   {refused} refused (exit 2, a rule on combinations); of the other {len(ran) - refused} runs: "
                     f"{crashes} crashes, {unsound} unsound")
    for o in outcomes:
        if o.problems:
            lines.append(f"   FAIL {short(o.case, 60)}: {short('; '.join(o.problems), 200)}")
    slowest = sorted(outcomes, key=lambda o: -o.seconds)[:3]
    lines.append("   slowest: " + ", ".join(f"{short(o.case, 40)} {o.seconds:.0f} s" for o in slowest))
    for o in outcomes:
        if o.skipped:
            lines.append(f"   skip {short(o.case, 60)}: {o.skipped}")
    if category == "params":
        for o in outcomes:
            if o.kind:
                lines.append(f"   refused {short(o.case, 50)}: {short(o.kind, 120)}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="checkout whose model package is tested (default: this script's)")
    parser.add_argument("--category", choices=CATEGORIES, action="append", help="run only these (repeatable)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cases at once (default: cores)")
    parser.add_argument("--python", default=sys.executable, help="interpreter with the model's dependencies")
    parser.add_argument("--points", default="low,high",
                        help="params: which of low,high,mid to run (default low,high: the review's 387 runs were "
                             "about two per parameter; adding mid takes half as long again)")
    parser.add_argument("--only", default=None, help="run only cases whose name contains this text")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (and each case's files)")
    args = parser.parse_args()

    repo = args.repo.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="adversarial-"))
    if args.keep:
        os.environ["ADVERSARIAL_KEEP"] = "1"
    ctx = Context(repo, args.python, scratch, max(1, args.jobs), tuple(args.points.split(",")))
    where = ctx.python_json("import json, model; print(json.dumps(model.__file__))")
    print(f"model.__file__ = {where}  (repo {repo}; scratch {scratch}; jobs {ctx.jobs}; "
          f"{'root' if IS_ROOT else 'user'}; {ctx.cores} cores; psutil {'yes' if psutil else 'no'})", flush=True)
    if not Path(where).resolve().is_relative_to(repo):
        raise SystemExit(f"PYTHONPATH={repo} does not pick that checkout's model package")
    warm = time.monotonic()
    res = ctx.cli(["run", "baseline", "--scale", "0.02", "--no-figures", "--quiet", "--out", scratch / "warm" / "out"],
                  scratch / "warm", timeout=600)
    print(f"warm-up run: exit {res.code} in {time.monotonic() - warm:.0f} s", flush=True)

    total = time.monotonic()
    failed = 0
    for category in args.category or CATEGORIES:
        cases = [c for c in BUILDERS[category](ctx) if not args.only or args.only in c.name]
        started = time.monotonic()
        with ThreadPoolExecutor(ctx.jobs) as pool:
            outcomes = list(pool.map(lambda item: run_case(ctx, category, *item), enumerate(cases)))
        print(report(category, outcomes, time.monotonic() - started), flush=True)
        failed += sum(bool(o.problems) for o in outcomes)
    print(f"total {time.monotonic() - total:.0f} s", flush=True)
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
