"""Provenance at scale on generated stories with known truth: speed, growth, memory, and a datasketch peer.

1. Fingerprinting against its floor, in the same run: tokenising and hashing the shingles alone.
2. Candidate generation, side by side: newstrace (rensa MinHash, LSH bands and the containment
   index in SQLite) against datasketch (MinHash.update_batch and an in-memory MinHashLSH at the
   same threshold), with the recall of each on the true copy pairs.
3. The whole trace (link, cluster, trace; no embeddings) at 10k, 30k and 100k articles, each in its
   own process: seconds, articles per second, peak memory, and the copy-pair recall and precision.

    python benchmarks/trace_scale.py [--sizes 10000 30000 100000] [--peer-size 20000]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from _report import publish
from newstrace import synth
from newstrace.fingerprint import NUM_PERM, SEED, fingerprints, shingle_hashes, shingles, signatures, words
from newstrace.link import BATCH, Linker, load_index
from newstrace.link.lsh import bands_for
from newstrace.pipeline import ingest
from newstrace.store import open_store
from newstrace.trace import trace

COPY_KINDS = {"verbatim_copy", "partial_copy", "rewrite", "translation", "shared_source"}
THRESHOLD = 0.5


def corpus(n: int, seed: int = 11) -> list[dict]:  # type: ignore[type-arg]
    return list(synth.story_records(n, seed=seed))


def truth_pairs(records: list[dict]) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {tuple(sorted((r["id"], r["truth_parent"]))) for r in records if r["truth_parent"]}  # type: ignore[misc]


def fingerprint_vs_floor(texts: list[str]) -> tuple[float, float, float]:
    """Seconds for: the naive floor (shingle strings, each hashed), our floor (words hashed and folded into
    shingle hashes, no MinHash), and our signatures (the same plus rensa), in batches as the link stage runs."""
    start = time.perf_counter()
    for text in texts:
        for gram in shingles(words(text)):
            zlib.crc32(gram.encode("utf-8"))
    naive = time.perf_counter() - start
    batches = [texts[at:at + BATCH] for at in range(0, len(texts), BATCH)]
    start = time.perf_counter()
    for batch in batches:
        shingle_hashes([words(t) for t in batch])
    floor = time.perf_counter() - start
    start = time.perf_counter()
    for batch in batches:
        signatures(shingle_hashes([words(t) for t in batch]))
    return naive, floor, time.perf_counter() - start


def minhash_only(texts: list[str]) -> tuple[float, float]:
    """Signatures alone from the same shingles: rensa from their hashes against datasketch's batch update
    from their strings (datasketch hashes each string itself; that is part of its cost)."""
    from datasketch import MinHash

    word_lists = [words(t) for t in texts]
    shingled = [shingle_hashes(word_lists[at:at + BATCH]) for at in range(0, len(texts), BATCH)]
    start = time.perf_counter()
    for batch in shingled:
        signatures(batch)
    ours = time.perf_counter() - start
    grams = [[g.encode("utf-8") for g in shingles(w)] for w in word_lists]
    start = time.perf_counter()
    for g in grams:
        MinHash(num_perm=NUM_PERM, seed=SEED).update_batch(g)
    return ours, time.perf_counter() - start


def newstrace_candidates(records: list[dict]) -> tuple[float, set[tuple[str, str]]]:  # type: ignore[type-arg]
    """Ingest is not timed; fingerprinting, indexing and querying are, as trace does them."""
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "peer.db") as store:
        path = Path(tmp) / "c.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
        ingest([path], store)
        bands, rows = bands_for(THRESHOLD, NUM_PERM)
        start = time.perf_counter()
        pending = store.unfingerprinted()
        found: set[tuple[str, str]] = set()
        index, _ = load_index(store, bands, rows)
        for at in range(0, len(pending), BATCH):
            prints = fingerprints([(i, text, "en") for i, text, _ in store.clean_texts(pending[at:at + BATCH])])
            store.put_fingerprints(prints)
            mates = index.mates(index.add_prints(prints), keys=False)
            for article_id, (near, contained, _) in mates.items():
                others = set(near) | {o for o, n in contained.items() if n >= 2}
                found.update(tuple(sorted((article_id, o))) for o in others)  # type: ignore[misc]
        return time.perf_counter() - start, found


def datasketch_candidates(records: list[dict]) -> tuple[float, set[tuple[str, str]]]:  # type: ignore[type-arg]
    from datasketch import MinHash, MinHashLSH

    from newstrace.clean import clean_article
    from newstrace.ingest.jsonl import from_record
    from newstrace.outlets import default_table

    texts = {r["id"]: clean_article(from_record(r["id"], r, default_table())).clean_text for r in records}
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    found: set[tuple[str, str]] = set()
    for article_id, text in texts.items():
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
        minhash.update_batch([g.encode("utf-8") for g in shingles(words(text))])
        found.update(tuple(sorted((article_id, o))) for o in lsh.query(minhash))  # type: ignore[misc]
        lsh.insert(article_id, minhash)
    return time.perf_counter() - start, found


def peak_rss_kb() -> int:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec; ru_maxrss, the fallback,
    keeps the high-water mark of the parent that forked it (which made the earlier figures too high)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def build(n: int, folder: Path) -> None:
    """Generate and ingest ``n`` articles into folder/scale.db, with their truth in folder/truth.json."""
    records = corpus(n)
    path = folder / "c.jsonl"
    with path.open("w") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    with open_store(folder / "scale.db") as store:
        ingest([path], store)
    truth = {r["id"]: [r["truth_story"], r["truth_parent"]] for r in records}
    (folder / "truth.json").write_text(json.dumps(truth))
    path.unlink()


def run_trace(folder: Path) -> dict[str, float]:
    """The whole trace on a built store, in a process that holds nothing else: time and memory, then quality."""
    with open_store(folder / "scale.db") as store:
        n = store.count()
        before = peak_rss_kb()
        start = time.perf_counter()
        Linker(store, embeddings=False).run()  # the link stage alone first, to read its own peak
        link_peak = peak_rss_kb()
        trace(store, embeddings=False)  # cluster and trace (nothing is left to link)
        seconds = time.perf_counter() - start
        peak = peak_rss_kb()
        load_start = time.perf_counter()
        index, _ = load_index(store, *bands_for(THRESHOLD, NUM_PERM))
        load_seconds = time.perf_counter() - load_start
        index_bytes = index.nbytes() + sys.getsizeof(index.ids) + sum(sys.getsizeof(i) for i in index.ids)
        found = {tuple(sorted((lk.a, lk.b))) for lk in store.links() if lk.kind in COPY_KINDS}
    labels = json.loads((folder / "truth.json").read_text())
    truth = {tuple(sorted((i, parent))) for i, (_, parent) in labels.items() if parent}
    same_story = sum(labels[a][0] == labels[b][0] for a, b in found)
    return {"n": n, "seconds": seconds, "rss_before_kb": before, "rss_peak_kb": peak, "link_peak_kb": link_peak,
            "index_bytes": index_bytes, "load_seconds": load_seconds,
            "recall": len(found & truth) / len(truth),
            "precision": same_story / len(found) if found else 0.0}


def traced(n: int) -> dict[str, float]:
    """Build a store of ``n`` articles in one process, trace it in another."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, __file__, "--build", str(n), tmp], check=True)
        child = subprocess.run([sys.executable, __file__, "--one", tmp], capture_output=True, text=True, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--peer-size", type=int, default=20_000)
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)  # child mode: N FOLDER, make a store
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child mode: FOLDER, trace it, JSON out
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.build:
        build(int(args.build[0]), Path(args.build[1]))
        return
    if args.one:
        print(json.dumps(run_trace(Path(args.one))))
        return

    records = corpus(args.peer_size)
    texts = [r["text"] for r in records]
    naive, floor, ours = fingerprint_vs_floor(texts)
    sig_ours, sig_peer = minhash_only(texts)
    truth = truth_pairs(records)
    t_ours, c_ours = newstrace_candidates(records)
    t_peer, c_peer = datasketch_candidates(records)
    recall_ours = len(c_ours & truth) / len(truth)  # type: ignore[operator]
    recall_peer = len(c_peer & truth) / len(truth)  # type: ignore[operator]

    rows = [traced(n) for n in args.sizes]
    lines = [
        f"Generated stories (origins with verbatim, partial and rewritten copies, some chained; ~300 words), "
        f"one core, {platform.python_implementation()} {platform.python_version()} on {platform.machine()}.", "",
        f"Fingerprinting {len(texts)} articles: words, shingle hashes and MinHash {ours:.2f}s against {floor:.2f}s "
        f"to tokenise and hash the shingles alone: {ours / floor:.2f}x the floor (target 1.3x). Building each "
        f"shingle's string and hashing it, as before, took {naive:.2f}s.", "",
        f"MinHash signatures alone, same shingles: rensa from their hashes {sig_ours:.2f}s, datasketch "
        f"update_batch from their strings {sig_peer:.2f}s ({sig_peer / sig_ours:.1f}x).", "",
        f"Candidates on {len(records)} articles ({len(truth)} true copy pairs), threshold {THRESHOLD}:", "",
        "| pipeline | seconds | recall of true pairs | candidate pairs |", "|---|---|---|---|",
        f"| newstrace: rensa + LSH bands + containment index | {t_ours:.2f} | {recall_ours:.3f} | "
        f"{len(c_ours)} |",
        f"| datasketch: MinHash.update_batch + MinHashLSH (memory) | {t_peer:.2f} | {recall_peer:.3f} | "
        f"{len(c_peer)} |",
        "", f"The newstrace candidate stage runs at {t_peer / t_ours:.1f}x the speed of the datasketch pipeline "
        f"(target 4x) with {'equal or better' if recall_ours >= recall_peer else 'lower'} recall; its containment "
        "index finds the partial copies that Jaccard LSH misses. Both hold their indexes in memory; newstrace "
        "also writes each fingerprint to the store, from which a later trace reloads the index.", "",
        "Whole trace, no embeddings (link, cluster, trace): each size is ingested in one process and traced in "
        "a fresh one, which holds nothing else.", "",
        "Recall: share of true (copy, parent) pairs found as copy links.  Precision: share of copy links whose "
        "two articles share a story (siblings copying one source count; all copies in a story share its text). "
        "Memory: peak RSS of the tracing process minus its RSS before the trace, after the link stage and after "
        "the whole trace. Index: the bytes of the candidate index (postings and ids) over all articles, and the "
        "seconds to reload it from the store.",
        "",
        "| articles | seconds | articles/s | ms per article | link stage MB | whole trace MB | index bytes per "
        "article | index reload s | copy-pair recall | precision |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        link_used = (row["link_peak_kb"] - row["rss_before_kb"]) / 1024
        used = (row["rss_peak_kb"] - row["rss_before_kb"]) / 1024
        lines.append(f"| {row['n']:,} | {row['seconds']:.1f} | {row['n'] / row['seconds']:,.0f} | "
                     f"{1000 * row['seconds'] / row['n']:.2f} | {link_used:.0f} | {used:.0f} | "
                     f"{row['index_bytes'] / row['n']:,.0f} | {row['load_seconds']:.2f} | "
                     f"{row['recall']:.3f} | {row['precision']:.3f} |")
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        growth = (last["seconds"] / last["n"]) / (first["seconds"] / first["n"])
        added = last["n"] - first["n"]
        link_growth = (last["link_peak_kb"] - first["link_peak_kb"]) * 1024 / added
        whole_growth = (last["rss_peak_kb"] - first["rss_peak_kb"]) * 1024 / added
        lines += ["", f"Time per article at {last['n']:,} is {growth:.2f}x that at {first['n']:,} "
                      f"(1.0 is linear). Between those sizes the link stage's peak memory grows by {link_growth:,.0f} "
                      f"bytes per added article (target under 2 KB held for linking), and the whole trace's by "
                      f"{whole_growth:,.0f} (cluster and trace hold every article's dates and links at once)."]
    report = "\n".join(lines)
    publish("trace_scale", "Provenance at scale", report, write=not args.no_write)


if __name__ == "__main__":
    main()
