"""ftfy's own test cases (tests/ftfy-cases/, Apache-2.0, see the README
there) through mojifix's ftfy-compatible calls.

Every case is checked twice: ``fix_text`` against ``fixed`` and
``fix_encoding`` against ``fixed-encoding`` (or ``fixed``). Where mojifix
answers otherwise, the check is listed in known-differences.json with a
reason, and the test asserts the listed answer, so a case that starts
agreeing fails until it is taken off the list.
"""

import json
from pathlib import Path

import pytest

import mojifix

HERE = Path(__file__).parent
CASES = [
    (path.stem, case)
    for path in sorted((HERE / "ftfy-cases").glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]
KNOWN = {
    (d["function"], d["original"]): d
    for d in json.loads((HERE / "known-differences.json").read_text(encoding="utf-8"))
}
CHECKS = [
    (f"{name}:{case['label']}:{function}", function, case)
    for name, case in CASES
    for function in ("fix_text", "fix_encoding")
]


def expected(function, case):
    if function == "fix_text":
        return case["fixed"]
    return case.get("fixed-encoding", case["fixed"])


@pytest.mark.parametrize("function,case", [c[1:] for c in CHECKS], ids=[c[0] for c in CHECKS])
def test_case(function, case):
    got = getattr(mojifix, function)(case["original"])
    known = KNOWN.get((function, case["original"]))
    if known is None:
        assert got == expected(function, case)
    else:
        assert known["ftfy"] == expected(function, case), "the list is out of date"
        assert got != known["ftfy"], "now agrees with ftfy: take it off known-differences.json"
        assert got == known["mojifix"]
        assert known["reason"].strip()


def test_known_differences_are_cases():
    originals = {(f, c["original"]) for _, f, c in CHECKS}
    assert set(KNOWN) <= originals


def test_idempotent_on_cases():
    for _, case in CASES:
        once = mojifix.fix_text(case["original"])
        assert mojifix.fix_text(once) == once, case["label"]


def test_agreement_counts(capsys):
    """Prints the agreement figures the README quotes."""
    agree = {"fix_text": 0, "fix_encoding": 0}
    for _, function, case in CHECKS:
        agree[function] += getattr(mojifix, function)(case["original"]) == expected(function, case)
    with capsys.disabled():
        print(
            f"\nftfy cases: fix_text agrees on {agree['fix_text']}/{len(CASES)}, "
            f"fix_encoding on {agree['fix_encoding']}/{len(CASES)}"
        )
