"""What the claims stage learned from PolNeAR train, cross-validated on train: exact F1 per role on each held-out
fold, with the cue lexicon, the cue model, the content model and the cue end model rebuilt from the other folds.
Each held-out fold is scored twice, with the learned cue ends and with the rules' own, so the two compare on the
same folds.

The folds are PolNeAR train's texts (all annotators' files of a text in one fold), split by a seeded shuffle.
Each fold's models are written to a temporary folder, never over the shipped ones.  Beside the fitted figure
(``polnear_eval.py``'s train row, models fitted on all of train) this shows how much of it is fitting.  Dev is
not read here.

    python benchmarks/polnear_cv.py [--folds 3]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import polnear_eval
from _report import publish, scores
from newstrace.claims import contentmodel, cueend, cuemodel, lexicon, train

SEED = 17


def _link(folder: Path, source: Path, stems: list[str], files: dict[str, list[Path]]) -> None:
    (folder / "attributions").mkdir(parents=True)
    (folder / "text").mkdir()
    for stem in stems:
        (folder / "text" / f"{stem}.txt").symlink_to(source / "text" / f"{stem}.txt")
        for ann in files[stem]:
            (folder / "attributions" / ann.name).symlink_to(ann)


def _use_models(folder: Path) -> None:
    """Point the claims stage at a fold's model files and forget those it loaded."""
    lexicon.LEXICON = folder / "cue_lexicon.json"
    cuemodel.MODEL = folder / "cue_model.json"
    contentmodel.MODEL = folder / "content_model.json"
    cueend.MODEL = folder / "cue_end_model.json"
    for module in (lexicon.cues, cuemodel.model, contentmodel.model, cueend.model):
        module.cache_clear()


Counts = dict[str, dict[str, int]]


def _add(total: Counts, counts: Counts) -> None:
    for role, c in counts.items():
        for key, value in c.items():
            total[role][key] += value


def cross_validate(folds: int) -> tuple[Counts, Counts, list[float]]:
    """Held-out counts with the learned cue ends and with the rules' own; seconds a fold."""
    source = polnear_eval.POLNEAR / "train"
    files = train.annotation_files(source)
    stems = sorted(files)
    random.Random(SEED).shuffle(stems)
    total = {role: {"exact": 0, "overlap": 0, "found": 0, "gold": 0} for role in polnear_eval.ROLES}
    rules = {role: {"exact": 0, "overlap": 0, "found": 0, "gold": 0} for role in polnear_eval.ROLES}
    seconds = []
    shipped = (lexicon.LEXICON, cuemodel.MODEL, contentmodel.MODEL, cueend.MODEL)
    try:
        for k in range(folds):
            started = time.perf_counter()
            held = [s for i, s in enumerate(stems) if i % folds == k]
            rest = [s for i, s in enumerate(stems) if i % folds != k]
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                _link(root / "fit", source, rest, files)
                _link(root / "held", source, held, files)
                _use_models(root)
                train.write_lexicon(root / "fit")
                lexicon.cues.cache_clear()
                train.write_cue_model(root / "fit")
                train.write_content_model(root / "fit")
                _use_models(root)
                train.write_cue_end_model(root / "fit")
                _use_models(root)
                polnear_eval.POLNEAR = root
                _add(total, polnear_eval.count(split="held")[0])
                _add(rules, polnear_eval.count(split="held", learned_spans=False)[0])
            seconds.append(time.perf_counter() - started)
    finally:
        lexicon.LEXICON, cuemodel.MODEL, contentmodel.MODEL, cueend.MODEL = shipped
        _use_models(shipped[0].parent)
    return total, rules, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    total, rules, seconds = cross_validate(args.folds)
    rows = []
    for role in polnear_eval.ROLES:
        cells = []
        for counts in (rules, total):
            c = counts[role]
            p, r, f1 = scores(c["exact"], c["found"], c["gold"])
            cells.append(f"{p:.3f} / {r:.3f} / {f1:.3f}")
        rows.append(f"| {role} | {total[role]['gold']} | {total[role]['found']} | {cells[0]} | {cells[1]} |")
    report = "\n".join([
        f"PolNeAR train, {args.folds} folds by text (`random.Random({SEED})`), lexicon, cue model, content model "
        f"and cue end model rebuilt on the other folds each time ({sum(seconds) / 60:.0f} min).", "",
        "| role | gold | found | exact P / R / F1, held out, the rules' cue ends | "
        "... with the learned cue ends (shipped) |", "|---|---|---|---|---|", *rows, "",
        "Compare with the fitted train row of `polnear_eval.py` (models fitted on all of train)."])
    publish("polnear_cv", "Attribution models cross-validated on PolNeAR train", report, write=not args.no_write)


if __name__ == "__main__":
    main()
