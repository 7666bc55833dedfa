"""The rules against an independent labelled set (data/*.jsonl, conventions in data/README.md).

Every message is analyzed twice: with its labelled language, for the flags and negativity,
and with the language left to detection. The table of precision / recall / F1 per flag, for
the whole set and per language, is written to the terminal in every run (and repeated in a
failure message). Bars: F1 ≥ 0.8 for every flag over the whole set; language detection right
for ≥ 95 % of messages; mean negativity rising from "none" to "low" to "high"; and
`HIGH_NEGATIVITY` telling "high" from "none" for ≥ 80 % of those messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from retainer.rules.triage import FLAGS, analyze

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("ru", "uk", "en")
F1_BAR = 0.8
DETECTION_BAR = 0.95
SEPARATION_BAR = 0.8
# Negativity at or above this reads as "high" (the threshold the app may show as angry).
HIGH_NEGATIVITY = 0.4


@dataclass(frozen=True)
class Scored:
    item: dict
    flags: frozenset[str]
    negativity: float
    detected: str


@pytest.fixture(scope="module")
def scored() -> list[Scored]:
    items = []
    for language in LANGUAGES:
        path = DATA / f"{language}.jsonl"
        assert path.exists(), f"the evaluation set is missing: {path}"
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    results = []
    for item in items:
        given = analyze(item["text"], item["language"])
        results.append(Scored(item, given.flags, given.negativity,
                              analyze(item["text"]).language))
    return results


def prf(results: list[Scored], flag: str) -> tuple[float, float, float, int]:
    tp = sum(1 for r in results if flag in r.flags and flag in r.item["flags"])
    fp = sum(1 for r in results if flag in r.flags and flag not in r.item["flags"])
    fn = sum(1 for r in results if flag not in r.flags and flag in r.item["flags"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


def table(results: list[Scored]) -> str:
    groups = [("all", results)] + [
        (language, [r for r in results if r.item["language"] == language])
        for language in LANGUAGES
    ]
    lines = [f"{'flag':<13}" + "".join(f"| {name:^20}" for name, _ in groups),
             f"{'':<13}" + "| P     R     F1   n  " * len(groups)]
    for flag in FLAGS:
        cells = []
        for _, group in groups:
            precision, recall, f1, support = prf(group, flag)
            cells.append(f"| {precision:.2f}  {recall:.2f}  {f1:.2f} {support:<3}")
        lines.append(f"{flag:<13}" + "".join(cells))
    detected = sum(1 for r in results if r.detected == r.item["language"]) / len(results)
    means = {level: mean_negativity(results, level) for level in ("none", "low", "high")}
    lines.append(f"language detection: {detected:.3f} of {len(results)} messages")
    lines.append("mean negativity: " + ", ".join(f"{k} {v:.3f}" for k, v in means.items())
                 + f"; high vs none at {HIGH_NEGATIVITY}: {separation(results):.3f}")
    return "\n".join(lines)


def mean_negativity(results: list[Scored], level: str) -> float:
    values = [r.negativity for r in results if r.item["negativity"] == level]
    return sum(values) / len(values)


def separation(results: list[Scored]) -> float:
    extremes = [r for r in results if r.item["negativity"] in ("none", "high")]
    right = sum(1 for r in extremes
                if (r.negativity >= HIGH_NEGATIVITY) == (r.item["negativity"] == "high"))
    return right / len(extremes)


def test_report(scored, capsys):
    """Write the evaluation table to the terminal, also in runs without -s."""
    with capsys.disabled():
        print("\n" + table(scored))


@pytest.mark.parametrize("flag", FLAGS)
def test_flag_f1_over_the_whole_set(scored, flag):
    precision, recall, f1, _ = prf(scored, flag)
    assert f1 >= F1_BAR, f"{flag}: F1 {f1:.2f} (P {precision:.2f}, R {recall:.2f})\n" \
                         + table(scored)


def test_language_detection(scored):
    wrong = [(r.item["id"], r.detected) for r in scored if r.detected != r.item["language"]]
    accuracy = 1 - len(wrong) / len(scored)
    assert accuracy >= DETECTION_BAR, f"detection {accuracy:.3f}, wrong: {wrong}"


def test_negativity_rises_with_the_labels(scored):
    none, low, high = (mean_negativity(scored, level) for level in ("none", "low", "high"))
    assert high > low > none, table(scored)


def test_negativity_tells_high_from_none(scored):
    assert separation(scored) >= SEPARATION_BAR, table(scored)


def test_every_flag_shows_its_evidence(scored):
    for r in scored:
        result = analyze(r.item["text"], r.item["language"])
        for flag in result.flags:
            assert result.evidence_for(flag), (r.item["id"], flag)
