"""mojifix's Python calls against ftfy.fix_text and plsfix.fix_text, in MB/s
on one core, on real multilingual prose.

    pip install ./python ftfy plsfix pyarrow
    python python/bench/bench.py [--text PATH] [--seconds 2]

The text: corpus/udhr/udhr-heldout.txt (532 translations of the UDHR, 3 MB),
one document per paragraph, run four ways: as it is (clean), with one
document in ten garbled through windows-1252, with every other one garbled,
and with every document garbled. Each contender fixes the same documents one
call per document, as pipelines call ftfy; mojifix also in one fix_batch
call (a list of str) and one fix_arrow call (a pyarrow large_string array). ftfy runs with datatrove's FTFYFormatter preset
(encoding fixes on; ligatures, width, quotes, line breaks and normalization
off) and with its defaults; mojifix with the same configs. Every run checks
its output against mojifix's one-at-a-time answer (the batch calls) or
counts how many documents it fixed (the others), so a fast wrong answer shows.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import mojifix

ROOT = Path(__file__).resolve().parents[2]

DATATROVE = dict(
    unescape_html="auto",
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization=None,
)


def garble(s: str) -> str:
    """UTF-8 bytes read as windows-1252 (undefined bytes as Latin-1)."""
    b = s.encode("utf-8")
    out = []
    for byte in b:
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def documents(path: Path) -> list[str]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("# udhr:"):
            docs.append(line)
    return docs


def mb(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def timed(fn, seconds: float) -> float:
    """Seconds per run: the best of as many runs as fit in `seconds`."""
    best = float("inf")
    spent = 0.0
    while spent < seconds or best == float("inf"):
        t0 = time.perf_counter()
        fn()
        t = time.perf_counter() - t0
        best = min(best, t)
        spent += t
        if spent > 3 * seconds:
            break
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", type=Path, default=ROOT / "corpus/udhr/udhr-heldout.txt")
    ap.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    ap.add_argument(
        "--slow-mb",
        type=float,
        default=0.5,
        help="MB of the documents the slow contenders (ftfy, plsfix) run on",
    )
    args = ap.parse_args()

    import pyarrow as pa

    try:
        import ftfy
    except ImportError:
        ftfy = None
    try:
        import plsfix
    except ImportError:
        plsfix = None

    clean = documents(args.text)
    sets = {
        "clean": clean,
        "1 in 10 garbled": [garble(d) if i % 10 == 9 else d for i, d in enumerate(clean)],
        "half garbled": [garble(d) if i % 2 else d for i, d in enumerate(clean)],
        "all garbled": [garble(d) for d in clean],
    }
    print(f"text: {args.text.name}, {len(clean)} documents, {mb(clean):.2f} MB clean")
    print(f"cpu: {os.cpu_count()} cores; every figure is one core, MB/s of UTF-8 input\n")
    for preset_name, preset in [("datatrove preset", DATATROVE), ("ftfy defaults", {})]:
        cfg = mojifix.TextFixerConfig(**preset)
        print(f"## {preset_name}")
        header = f"{'input':<17}{'contender':<26}{'MB/s':>10}{'docs fixed':>12}"
        print(header)
        for set_name, docs in sets.items():
            # The slow contenders run on an even sample of the documents (the
            # file goes language by language); MB/s is per byte, so the
            # figures compare.
            step = max(1, round(mb(docs) / args.slow_mb)) | 1  # odd: garbled and clean alike
            small = docs[::step]
            n = len(small)
            expected = [mojifix.fix_text(d, cfg) for d in docs]
            arr = pa.array(docs, type=pa.large_string())
            rows = []

            def one_by_one():
                return [mojifix.fix_text(d, cfg) for d in docs]

            def batch():
                return mojifix.fix_batch(docs, cfg)

            def arrow():
                return mojifix.fix_arrow(arr, cfg)

            # Checked once, outside the timings.
            assert batch() == expected
            assert arrow().to_pylist() == expected

            for name, fn, size_mb in [
                ("mojifix.fix_batch", batch, mb(docs)),
                ("mojifix.fix_arrow", arrow, mb(docs)),
                ("mojifix.fix_text (loop)", one_by_one, mb(docs)),
            ]:
                rows.append((name, size_mb / timed(fn, args.seconds), None))
            changed = sum(a != b for a, b in zip(expected, docs))
            rows[0] = (rows[0][0], rows[0][1], changed)
            if ftfy is not None:
                fcfg = ftfy.TextFixerConfig(**preset)
                out = []
                t = timed(lambda: out.append([ftfy.fix_text(d, fcfg) for d in small]), args.seconds / 2)
                fixed = sum(a != b for a, b in zip(out[-1], small))
                rows.append(("ftfy.fix_text", mb(small) / t, f"{fixed}/{n}"))
            if plsfix is not None and not preset:
                # plsfix takes no config from Python: its defaults are ftfy's.
                out = []
                t = timed(lambda: out.append([plsfix.fix_text(d) for d in small]), args.seconds / 2)
                fixed = sum(a != b for a, b in zip(out[-1], small))
                rows.append(("plsfix.fix_text", mb(small) / t, f"{fixed}/{n}"))
            for name, speed, fixed in rows:
                fixed_s = "" if fixed is None else str(fixed)
                print(f"{set_name:<17}{name:<26}{speed:>10.1f}{fixed_s:>12}")
            by = dict((r[0], r[1]) for r in rows)
            for other in ("ftfy.fix_text", "plsfix.fix_text"):
                if other in by:
                    print(
                        f"{'':<17}  fix_batch / {other}: {by['mojifix.fix_batch'] / by[other]:.0f}x, "
                        f"fix_arrow / {other}: {by['mojifix.fix_arrow'] / by[other]:.0f}x"
                    )
        print()


if __name__ == "__main__":
    main()
