"""Rebuild what the claims stage learned from PolNeAR train: the cue lexicon, the cue model, the content model.

    python -m newstrace.claims.train ../shared/data/polnear/train

All three are written into ``src/newstrace/data`` (counts and weights, no text).  Training needs the
``dev`` extra (scikit-learn); running newstrace does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

from newstrace.claims import contentmodel, cuemodel, lexicon

USAGE = "usage: python -m newstrace.claims.train PATH/TO/polnear/train (a folder with attributions/ and text/)"


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(USAGE)
    train = Path(argv[0])
    if not (train / "attributions").is_dir() or not (train / "text").is_dir():
        raise SystemExit(f"{train}: no attributions/ and text/ folders here. {USAGE}")
    print(f"{lexicon.write(train)} verb lemmas written to {lexicon.LEXICON}")
    verbs, heads, weights = cuemodel.write(train)
    print(f"{verbs} verbs ({heads} heading a cue); {weights} weights written to {cuemodel.MODEL}")
    # after the cue model: the content model learns from the statements the new lexicon and cue model find
    candidates, ends, weights = contentmodel.write(train)
    print(f"{candidates} candidate ends ({ends} annotated); {weights} weights written to {contentmodel.MODEL}")


if __name__ == "__main__":
    main(sys.argv[1:])
