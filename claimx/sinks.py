"""Where claims go: one stream (stdout or a file), or an output folder with one file per input.

Files are written atomically (a reader never sees half a file) and, in an output folder,
logged as complete in ``.claimx-done`` once committed, which is what ``--resume`` trusts.
Every OS error becomes a one-line :class:`~claimx.errors.OutputError` naming the file.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from claimx.errors import OutputError, UsageError
from claimx.io import InputFile
from claimx.output import ClaimWriter, resolve_format, write_plain_records
from claimx.records import Claim


class AtomicFile:
    """A text file written to a temporary name in the same folder and renamed when committed.

    Readers never see a half-written file: it either does not exist or is complete. The file
    gets the mode a plain ``open`` would give it (0666 less the umask, or the mode of the file
    it replaces), not the 0600 of a temporary file. A target that exists and is no regular
    file (``-o /dev/null``, a FIFO) is written directly: renaming over it would replace it.
    OS errors are :class:`OutputError` naming the file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.tmp: Path | None = None
        try:
            if _is_special(self.path):
                self.stream: IO[str] = self.path.open("w", encoding="utf-8", newline="")
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        except OSError as err:
            raise output_error(self.path, err) from None
        self.tmp = Path(tmp)
        try:
            os.fchmod(fd, _new_file_mode(self.path))
        except (OSError, AttributeError):  # no fchmod (Windows): the temporary file's mode stays
            pass
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        """Flush, sync and rename into place."""
        try:
            self.stream.flush()
            if self.tmp is not None:
                os.fsync(self.stream.fileno())
            self.stream.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.path)
        except OSError as err:
            raise output_error(self.path, err) from None

    def discard(self) -> None:
        """Close and delete the temporary file (the target is left untouched)."""
        if not self.stream.closed:
            try:
                self.stream.close()
            except OSError:  # e.g. a full disk refusing the last buffered bytes: the file goes anyway
                pass
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


def output_error(path: Path, err: OSError) -> OutputError:
    """A one-line error for a file that cannot be written ("cannot write out/a.jsonl: permission denied")."""
    blocking = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
    if blocking is not None:  # "-o notes.txt/claims.jsonl"
        return OutputError(f"cannot write {path}: {blocking} is a file, not a folder")
    reason = (err.strerror or str(err)).lower()
    where = os.fsdecode(err.filename) if err.filename else ""
    if Path(where).name.startswith(f".{path.name}."):  # our temporary file: name its folder instead
        where = str(path.parent)
    if where and where != str(path):
        reason += f" ({where})"
    return OutputError(f"cannot write {path}: {reason}")


def _is_special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:  # does not exist (yet)
        return False


def _new_file_mode(path: Path) -> int:
    """The mode of the file being replaced, else 0666 less the umask (0644 under umask 022)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask


def check_writable_folder(path: Path) -> None:
    """Create the output folder ``path`` and try a file in it; ``OutputError`` if that fails."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as err:
        raise output_error(path, err) from None


# --------------------------------------------------------------------------- resuming


DONE_FILE = ".claimx-done"  # in an output folder: one JSON line per output file committed


class DoneLog:
    """The outputs of a folder that were written completely: path, size in bytes, claims.

    ``--resume`` trusts an output only when it has the size recorded here after its commit;
    a file cut short (a copy interrupted, a disk that filled, an older run) is done again.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / DONE_FILE
        self._sizes: dict[str, int] | None = None

    def _key(self, target: Path) -> str:
        return target.relative_to(self.out_dir).as_posix()

    def sizes(self) -> dict[str, int]:
        """Recorded size of each output (the last record wins; unreadable lines are ignored)."""
        if self._sizes is None:
            self._sizes = {}
            try:
                lines = self.path.read_bytes().splitlines()
            except OSError:
                lines = []
            for line in lines:
                try:
                    record = json.loads(line)
                    self._sizes[record["output"]] = int(record["bytes"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash
        return self._sizes

    def is_complete(self, target: Path) -> bool:
        recorded = self.sizes().get(self._key(target))
        try:
            return recorded is not None and target.stat().st_size == recorded
        except OSError:
            return False

    def record(self, target: Path, claims: int) -> None:
        """Note ``target`` (just committed) as complete."""
        size = target.stat().st_size
        line = json.dumps({"output": self._key(target), "bytes": size, "claims": claims}) + "\n"
        try:
            with self.path.open("a", encoding="utf-8") as log:
                log.write(line)
                log.flush()
                os.fsync(log.fileno())
        except OSError as err:
            raise output_error(self.path, err) from None
        if self._sizes is not None:
            self._sizes[self._key(target)] = size


# --------------------------------------------------------------------------- claim sinks


class StreamSink:
    """All claims into one stream (stdout or one file)."""

    def __init__(self, writer: ClaimWriter, name: Path | str = "stdout") -> None:
        self.writer = writer
        self.name = name

    def start(self, inp: Any) -> None:
        pass

    def write(self, claims: list[Claim], piece: Any = None) -> None:
        try:
            self.writer.write(claims, piece)
        except BrokenPipeError:
            raise
        except OSError as err:  # a full disk: stop with the reason, not an internal error
            raise output_error(Path(self.name), err) from None

    def finish(self, inp: Any, ok: bool) -> None:
        self.writer.flush()  # a table shows each file's claims as soon as it is done

    def close(self) -> None:
        try:
            self.writer.close()
        except BrokenPipeError:
            raise
        except OSError as err:
            raise output_error(Path(self.name), err) from None


class FolderSink:
    """One output file per input below ``out_dir``, each written atomically and then logged as done."""

    def __init__(self, targets: dict[InputFile, Path], fmt: str, done: DoneLog) -> None:
        self.targets, self.fmt, self.done = targets, fmt, done
        self.current: tuple[AtomicFile, ClaimWriter] | None = None

    def start(self, inp: Any) -> None:
        if inp not in self.targets:  # known unreadable (e.g. a FIFO): it fails without output
            return
        atomic = AtomicFile(self.targets[inp])
        self.current = (atomic, ClaimWriter(self.fmt, atomic.stream, title=inp.name))

    def write(self, claims: list[Claim], piece: Any = None) -> None:
        assert self.current is not None
        atomic, writer = self.current
        try:
            writer.write(claims, piece)
        except OSError as err:
            raise output_error(atomic.path, err) from None

    def finish(self, inp: Any, ok: bool) -> None:
        if self.current is None:
            return
        atomic, writer = self.current
        self.current = None
        if not ok:
            atomic.discard()
            return
        try:
            writer.close()
        except OSError as err:
            atomic.discard()
            raise output_error(atomic.path, err) from None
        atomic.commit()
        self.done.record(atomic.path, writer.count)

    def abort(self) -> None:
        if self.current is not None:
            self.current[0].discard()
            self.current = None


# --------------------------------------------------------------------------- output folders


def output_folder(output: str | None, paths: Sequence[str]) -> Path | None:
    """The output folder of ``-o``, or None for one output stream (stdout or a file).

    -o is a folder when it is one already, when it ends with a slash, or when an input is a folder.
    """
    if output is None:
        return None
    if not output.strip():  # Path("") is the current folder: never write there by accident
        raise UsageError("an empty path", option="--output")
    path = Path(output)
    if not (path.is_dir() or output.endswith(("/", os.sep)) or any(Path(p).is_dir() for p in paths if p != "-")):
        return None
    if path.exists() and not path.is_dir():
        raise UsageError(f"{output} is a file; folder inputs need an output folder", option="--output")
    return path


def folder_targets(inputs: list[InputFile], out_dir: Path, fmt: str) -> dict[InputFile, Path]:
    """Where each input's output goes; two inputs may not share one output file."""
    targets: dict[InputFile, Path] = {}
    owners: dict[Path, InputFile] = {}
    for inp in inputs:
        if inp.problem is not None:  # fails without being read, so it has no output
            continue
        target = out_dir / inp.rel.with_suffix(f".{fmt}")
        if target in owners:
            raise UsageError(
                f"{owners[target].name} and {inp.name} would both be written to {target}; run them separately",
                option="--output",
            )
        owners[target] = inp
        targets[inp] = target
    return targets


# --------------------------------------------------------------------------- small record lists


def write_records(rows: list[dict[str, Any]], fmt: str, output: Path | None, *, title: str | None = None, single: bool = False) -> None:
    """Small record lists (``sources``, ``info``) in ``fmt`` (auto: by suffix or terminal), to stdout or ``output``."""
    fmt = resolve_format(fmt, is_tty=sys.stdout.isatty(), output=output)
    atomic = AtomicFile(output) if output is not None else None
    try:
        write_plain_records(rows, fmt, atomic.stream if atomic else None, title=title, single=single)
        if atomic:
            atomic.commit()
    finally:
        if atomic:
            atomic.discard()


def write_text(text: str, output: Path | None) -> None:
    """A whole text (a page, a YAML stub) to stdout or, atomically, to ``output``."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    atomic = AtomicFile(output)
    try:
        atomic.stream.write(text)
        atomic.commit()
    except OSError as err:
        raise output_error(output, err) from None
    finally:
        atomic.discard()
