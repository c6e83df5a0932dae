"""``claimx spkatt``: predict and score SpkAtt-2023 documents (mounted by ``claimx.cli``).

Heavy imports (spaCy, scipy, the model) happen inside the commands, so ``claimx --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

spkatt_app = typer.Typer(
    help="Speaker attribution in the SpkAtt-2023 format: predict events for documents, score them against gold.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Setting(str, Enum):
    subtask2 = "subtask2"
    full = "full"


class Mode(str, Enum):
    combined = "combined"
    rules = "rules"
    learned = "learned"


def fail(message: str) -> None:
    """One line on stderr, exit status 1."""
    typer.echo(f"claimx spkatt: error: {message}", err=True)
    raise typer.Exit(1)


@spkatt_app.command()
def predict(
    in_dir: Annotated[Path, typer.Argument(help="Directory of SpkAtt JSON documents.")],
    out_dir: Annotated[Path, typer.Argument(help="Directory for the predictions (created; one file per input, same name).")],
    mode: Annotated[Mode, typer.Option(help="rules = claimx's rule-based claims (claimx extract), learned = the trained taggers alone, combined = the claims of claimx extract --learned.")] = Mode.combined,
    model: Annotated[Optional[Path], typer.Option(help="Base pipeline directory (default: the shipped model).")] = None,
    learned: Annotated[Optional[Path], typer.Option(help="Learned components directory (default: the shipped ones).")] = None,
    debates: Annotated[bool, typer.Option("--debates", help="Write the Task 1 (debates) format: no Form/STWR, cue-only events allowed; combined then takes the learned events first and adds the rule claims they miss.")] = False,
) -> None:
    """Run claimx on every document's own tokens and write SpkAtt annotations.

    A file that cannot be read is reported on one line and skipped; a document the prediction
    fails on is reported and written without annotations; the others are written; exit 1 then.

    $ claimx spkatt predict ../shared/data/spkatt-news/train predictions/
    """
    try:
        from claimx.errors import ClaimxError
        from claimx.spkatt.documents import SpkAttFormatError
    except ImportError as err:  # pragma: no cover - broken install
        fail(str(err))
    if not in_dir.is_dir():
        fail(f"{in_dir}: not a directory")
    paths = sorted(in_dir.glob("*.json"))
    try:
        nlp = load_pipeline(mode.value, model, learned)
        out_dir.mkdir(parents=True, exist_ok=True)
    except (ClaimxError, SpkAttFormatError, OSError, ImportError, ValueError) as err:
        fail(str(err))
    results = [predict_file(nlp, path, out_dir / path.name, mode=mode.value, debates=debates) for path in paths]
    written, failed = sum(w for w, _ in results), sum(not ok for _, ok in results)
    typer.echo(f"{written} documents -> {out_dir}" + (f" ({failed} failed)" if failed else ""), err=True)
    if failed:
        raise typer.Exit(1)


def predict_file(nlp: Any, path: Path, target: Path, *, mode: str, debates: bool) -> tuple[bool, bool]:
    """Predict one SpkAtt file into ``target``: (written?, without failure?); a failure is one line on stderr."""
    from claimx.spkatt.documents import SpkAttDocument, SpkAttFormatError, read_document, write_document
    from claimx.spkatt.predict import predict_document

    if not path.is_file():  # a FIFO or device named *.json: never opened (it could block the run)
        return False, skipped(path, "not a regular file")
    try:
        document = read_document(path)
    except SpkAttFormatError as err:
        return False, skipped(path, str(err).removeprefix(f"{path}: "))
    except Exception as err:  # valid JSON of an unexpected shape ('"SentenceId": "x"')
        return False, skipped(path, f"not a SpkAtt document ({type(err).__name__}: {err})")
    ok = True
    try:
        predicted = predict_document(nlp, document, mode=mode, doc_id=path.stem, debates=debates)
    except Exception as err:  # a bug on one document must not cost the others
        ok = skipped(path, f"prediction failed ({type(err).__name__}: {err}); written without annotations")
        predicted = SpkAttDocument(document.name, document.sentences, [], document.sentence_ids)
    try:
        write_document(predicted, target)
    except (OSError, ValueError) as err:  # ValueError: a lone surrogate in a token cannot be UTF-8
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)  # no half-written file
        reason = err.strerror.lower() if isinstance(err, OSError) and err.strerror else f"{type(err).__name__}: {err}"
        return False, skipped(path, f"cannot write {target}: {reason}")
    return True, ok


def skipped(path: Path, reason: str) -> bool:
    """One line on stderr for a document that failed; always False."""
    typer.echo(f"claimx spkatt: skipped {path}: {reason}", err=True)
    return False


def load_pipeline(mode: str, model: Path | None, learned: Path | None):
    """claimx's pipeline for ``mode``: rules (``claimx.load()``), the learned components alone, or
    both merged into the claims as ``claimx.load(learned=True)`` does."""
    from claimx.learned import add_learned_claims, add_learned_components

    if mode == "learned" and model is None:
        import spacy

        return add_learned_components(spacy.blank("de"), learned)
    import claimx

    nlp = claimx.load(model)
    if mode == "learned":
        return add_learned_components(nlp, learned)
    if mode == "combined":
        add_learned_claims(nlp, learned)
    return nlp


@spkatt_app.command()
def score(
    gold_dir: Annotated[Path, typer.Argument(help="Directory of gold SpkAtt JSON documents.")],
    pred_dir: Annotated[Path, typer.Argument(help="Directory of system documents (same file names).")],
    setting: Annotated[Setting, typer.Option(help="subtask2 = IsNested:false events, roles = Source; full = all events and roles.")] = Setting.subtask2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score system documents against gold with the SpkAtt-2023 metric.

    $ claimx spkatt score ../shared/data/spkatt-news/train predictions/
    """
    from claimx.spkatt.documents import SpkAttFormatError
    from claimx.spkatt.score import score_directories

    for directory in (gold_dir, pred_dir):
        if not directory.is_dir():
            fail(f"{directory}: not a directory")
    try:
        result = score_directories(gold_dir, pred_dir, setting=setting.value)
    except SpkAttFormatError as err:
        fail(str(err))
    if as_json:
        typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        print_table(result)


def print_table(result: dict[str, Any]) -> None:
    """The scores as a rich table (P / R / F1 in percent)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"SpkAtt {result['setting']} ({result['documents']} documents, paired on {result['align_on']})")
    for column in ("", "P", "R", "F1"):
        table.add_column(column, justify="left" if not column else "right")

    def row(label: str, prf: dict[str, float]) -> None:
        table.add_row(label, *(f"{100 * prf[k]:.2f}" for k in ("p", "r", "f1")))

    row("Message", result["message"])
    row("Roles (" + ", ".join(result["roles_scored"]) + ")", result["roles"])
    row("Joint", result["joint"])
    for key, label in (("cue_soft", "Cue (soft)"), ("cue_exact", "Cue (exact)")):
        if key in result:
            row(label, result[key])
    for role, prf in result["per_role"].items():
        row(f"  role {role}", prf)
    for form, sub in result.get("per_form", {}).items():
        row(f"  Form {form} joint ({sub['gold_events']} gold / {sub['system_events']} sys)", sub["joint"])
    console = Console()
    console.print(table)
    extras = [f"gold events {result['gold_events']}", f"system events {result['system_events']}", f"pairs {result['pairs']}"]
    for key in ("form_accuracy", "stwr_accuracy"):
        if result.get(key) is not None:
            extras.append(f"{key.replace('_', ' ')} {100 * result[key]:.1f}%")
    if result["missing_predictions"]:
        extras.append(f"missing system files {len(result['missing_predictions'])}")
    console.print(", ".join(extras))


if __name__ == "__main__":  # pragma: no cover
    spkatt_app(sys.argv[1:])
