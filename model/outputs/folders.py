"""Results folders that never cost a user a file.

A folder the model writes carries its marker, ``.vn-digital-sim.json``: what
kind of results it holds and the size and SHA-256 of every file the model wrote
there. A run replaces a folder only when it is new, empty, or marked and holding
nothing but those files unchanged; otherwise it refuses (exit status 2) and
says which files are in the way. ``overwrite`` lets a run replace a marked
folder that a user has added to or edited: the model's files are replaced and
the user's own files are carried over into the new folder, never removed.

Every writer of a destination ``NAME`` holds the lock ``.NAME.lock`` beside it
(removed when the run ends) for the whole run (an ensemble from its first replication to its results
folder), so a second run on the same folder is refused at once instead of
mixing two runs. A folder is staged as ``.NAME.partial-*`` and renamed into
place only when whole; staging folders left by a killed run are removed by the
next run to the same destination (they hold the partial marker and no writer
holds the lock).
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from model import __version__
from model.core.errors import UserError
from model.core.paths import PACKAGE_DIR, REPO_DIR
from model.core.text import one_line

MARKER = ".vn-digital-sim.json"  # in a finished results folder: kind and the files the model wrote
PARTIAL_MARKER = ".vn-digital-sim-partial"  # in a staging folder: it is ours to remove once stale
MODEL_DIR = REPO_DIR or PACKAGE_DIR
SHOWN = 5  # files named in a refusal; the rest are counted
LOCK_ATTEMPTS = 5  # a lock file removed by its holder between our open and our lock is opened again


def lock_path(out_dir: Path) -> Path:
    return Path(out_dir).parent / f".{Path(out_dir).name}.lock"


# ------------------------------------------------------------------ the marker
def _files(folder: Path) -> dict[str, Path]:
    """Every file below ``folder`` (symlinks included, not followed), by path relative to it."""
    found = {}
    for root, dirs, names in os.walk(folder, followlinks=False):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            path = Path(root, name)
            found[path.relative_to(folder).as_posix()] = path
    found.pop(MARKER, None)
    return found


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_marker(folder: Path, kind: str) -> None:
    """Record the files now in ``folder`` as the model's (called last, when the folder is whole)."""
    files = {rel: {"size": p.stat().st_size, "sha256": _digest(p)}
             for rel, p in sorted(_files(folder).items()) if p.is_file() and not p.is_symlink()}
    info = {"written_by": "vn-digital-sim", "model_version": __version__, "kind": kind, "files": files}
    (folder / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")


def read_marker(folder: Path) -> dict | None:
    """The folder's marker, or None if it has none (or one that is not ours)."""
    try:
        info = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or info.get("written_by") != "vn-digital-sim" or not isinstance(info.get("files"), dict):
        return None
    return info


def others_files(folder: Path, info: dict) -> tuple[list[str], list[str]]:
    """(files the model did not write, model files changed since) in a marked folder."""
    added, changed = [], []
    for rel, path in sorted(_files(folder).items()):
        record = info["files"].get(rel)
        if record is None or path.is_symlink() or not path.is_file():
            added.append(rel)
        elif path.stat().st_size != record.get("size") or _digest(path) != record.get("sha256"):
            changed.append(rel)
    return added, changed


def _listing(names: list[str]) -> str:
    shown = ", ".join(one_line(n, 80) for n in names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


# ------------------------------------------------------------------ checks before a run
def check_out_dir(out_dir: Path, kind: str = "run", overwrite: bool = False) -> None:
    """Refuse a destination that would cost the user files or that cannot be written, before any work.

    Allowed: a new folder, an empty one, or a folder this model wrote (its marker) for the same kind of
    results and holding only its files unchanged; with ``overwrite``, any folder this model wrote (the
    user's own files in it are kept). Raises UserError saying why otherwise.
    """
    out_dir = Path(out_dir)
    shown = one_line(out_dir)
    target = out_dir.resolve()
    for name, guarded in (("the current folder", Path.cwd().resolve()), ("the model's own folder", MODEL_DIR)):
        if target == guarded or target in guarded.parents:
            raise UserError(f"cannot write results to {shown}: it is {name} or a folder that contains it, "
                            f"and writing results there would replace it; give a new folder such as results/NAME")
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise UserError(f"cannot write results to {shown}: it exists and is not a folder; "
                        f"give a new folder, or a results folder this model wrote")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        info = read_marker(out_dir)
        if info is None:
            raise UserError(f"cannot write results to {shown}: the folder holds files this model did not write "
                            f"(it has no {MARKER}), and the model replaces only folders it wrote; give a new or "
                            f"empty folder")
        if info.get("kind") != kind and not overwrite:
            raise UserError(f"cannot write results to {shown}: it holds the results of a {info.get('kind')}, "
                            f"not of a {kind}; give another folder, or add --overwrite to replace them")
        added, changed = others_files(out_dir, info)
        if (added or changed) and not overwrite:
            why = "; ".join(part for part in (
                f"files added since the model wrote it: {_listing(added)}" if added else "",
                f"files changed since: {_listing(changed)}" if changed else "") if part)
            raise UserError(f"cannot write results to {shown}: {why}. Move them elsewhere, or add --overwrite "
                            f"to replace the model's files and keep the added ones")
    _check_writable(out_dir)


def _check_writable(out_dir: Path) -> None:
    """Make and remove a folder where the results will be staged: the only test that cannot be fooled
    (permissions, read-only mounts, /proc, a file on the way)."""
    shown = one_line(out_dir)
    existing = next(p for p in [out_dir.absolute(), *out_dir.absolute().parents] if p.exists() or p.is_symlink())
    if not existing.is_dir():
        raise UserError(f"cannot write results to {shown}: {one_line(existing)} is a file, not a folder")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".vn-digital-sim-probe-", dir=existing))
    except OSError as e:
        raise UserError(f"cannot write results to {shown}: {one_line(existing)} cannot be written "
                        f"({e.strerror or e})") from None


# ------------------------------------------------------------------ the lock
_HELD: dict[Path, tuple[int, int]] = {}  # lock file -> (descriptor, depth): re-entrant within a process


@contextmanager
def destination_lock(out_dir: Path):
    """Hold ``.NAME.lock`` beside ``out_dir``; a second process asking for it gets a UserError at once.
    The operating system drops the lock when the process ends, however it ends."""
    path = lock_path(out_dir).absolute()
    if (path.parent / PARTIAL_MARKER).is_file():  # inside a staging folder this process holds: already ours
        yield
        return
    if path in _HELD:
        fd, depth = _HELD[path]
        _HELD[path] = (fd, depth + 1)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        _HELD[path] = (_take_lock(path, out_dir), 1)
    try:
        yield
    finally:
        fd, depth = _HELD[path]
        if depth == 1:
            del _HELD[path]
            try:
                path.unlink()  # while still holding it: a run that opened it before sees it gone and retries
            except OSError:
                pass
            os.close(fd)
        else:
            _HELD[path] = (fd, depth - 1)


def _take_lock(path: Path, out_dir: Path) -> int:
    """An open descriptor of ``path`` holding its exclusive lock; UserError if another process holds it."""
    for _ in range(LOCK_ATTEMPTS):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno in (errno.EAGAIN, errno.EACCES):
                raise UserError(f"cannot write results to {one_line(out_dir)}: another run is writing there now "
                                f"(it holds {one_line(path.name)}); wait for it to finish or give another "
                                f"--out") from None
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # we locked a file its last holder had just removed: take the new one
    raise UserError(f"cannot write results to {one_line(out_dir)}: other runs keep taking its lock; try again")


def clean_stale(out_dir: Path, say=None) -> None:
    """Remove staging folders a killed run left beside ``out_dir`` (call with the destination lock held,
    so no live run owns them). A replaced folder left half-way holding files the model did not write
    is reported, never removed."""
    out_dir = Path(out_dir)
    parent = out_dir.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f".{out_dir.name}.partial-*")) + sorted(parent.glob(f".{out_dir.name}.old-*")):
        if leftover.is_symlink() or not leftover.is_dir():
            continue
        ours = (leftover / PARTIAL_MARKER).is_file()
        if not ours:
            info = read_marker(leftover)
            ours = info is not None and others_files(leftover, info) == ([], [])
            ours = ours or not any(leftover.iterdir())
        if ours:
            shutil.rmtree(leftover, ignore_errors=True)
        elif say is not None:
            say(f"note: {one_line(leftover)} was left by an interrupted run and holds files the model did not "
                f"write; it was kept: look inside and remove it yourself")


# ------------------------------------------------------------------ staging
def _default_mode() -> int:
    """Permissions a new folder gets under the current umask (mkdtemp makes them private)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def _say(text: str) -> None:
    print(text, file=sys.stderr)


@contextmanager
def staged_folder(out_dir: Path, kind: str = "run", overwrite: bool = False):
    """Yield a temporary folder next to ``out_dir``; on success it becomes ``out_dir``, marked as ``kind``.

    ``out_dir`` must pass :func:`check_out_dir`, both before and again just before it is replaced. The
    destination lock is held throughout. On any error or interruption the temporary folder is removed and
    an existing ``out_dir`` is left as it was.
    """
    out_dir = Path(out_dir)
    check_out_dir(out_dir, kind, overwrite)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with destination_lock(out_dir):
        clean_stale(out_dir, _say)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
        try:
            (tmp / PARTIAL_MARKER).touch()
            yield tmp
            (tmp / PARTIAL_MARKER).unlink()
            write_marker(tmp, kind)  # last: a folder with its marker is whole
            os.chmod(tmp, _default_mode())
            check_out_dir(out_dir, kind, overwrite)  # it may have changed while the model ran
            _swap_in(tmp, out_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _swap_in(tmp: Path, out_dir: Path) -> None:
    """Put ``tmp`` in place of ``out_dir``, carrying over files the model did not write (``--overwrite``)."""
    if not out_dir.exists():
        os.replace(tmp, out_dir)
        return
    info = read_marker(out_dir)
    added = others_files(out_dir, info)[0] if info is not None else []
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    try:
        os.replace(out_dir, old)  # onto the empty placeholder
    except BaseException:
        old.rmdir()
        raise
    os.replace(tmp, out_dir)
    for rel in added:  # the user's own files move into the new folder, unless the model now writes that name
        source, dest = old / rel, out_dir / rel
        if dest.exists() or dest.is_symlink():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, dest)
    clean_stale(out_dir, _say)  # the old folder now holds only the model's files, or is reported
