"""Message triage throughput: analyze() against lemmatization alone, in one run.

The evaluation set (tests/rules/triage/data/*.jsonl) is repeated to --messages messages.
The floor splits every message into words and lemmatizes each with pymorphy3 (the English
normalizer for English), through the same per-word cache that triage uses, and applies no
rules: what any lemma-based analysis has to pay. Triage runs `analyze(text, language)` with
the labelled language, as the floor is given it; analyze(text) with language detection is
timed too and reported beside it. So is a bound: the same splitting, reading and per-word
look-up as `analyze`, and the evidence of every word's own cues, with no rule applied — what
any rules built on this front cost at the least. Everything runs after one warm-up pass that
loads the dictionaries and fills the per-word caches (a one-off cost per process, reported
separately), and the four are timed alternately in chunks, so that any drift of a shared machine falls
on all of them alike.

    .venv/bin/python bench/triage.py
    .venv/bin/python bench/triage.py --messages 20000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "rules" / "triage" / "data"


def load_messages(count: int) -> list[tuple[str, str]]:
    base = [
        (item["text"], item["language"])
        for path in sorted(DATA.glob("*.jsonl"))
        for item in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]
    if not base:
        sys.exit(f"No evaluation messages in {DATA}")
    return [base[index % len(base)] for index in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=1_000,
                        help="messages timed in one go before switching to the other side")
    args = parser.parse_args()

    messages = load_messages(args.messages)
    started = time.perf_counter()
    from retainer.rules.triage import analyze, lemmatize

    for text, language in dict.fromkeys(messages):  # warm-up: dictionaries and caches
        lemmatize(text, language)
        analyze(text, language)
        analyze(text)
    print(f"warm-up (dictionaries, lexicons, per-word caches): "
          f"{time.perf_counter() - started:.2f} s")

    def floor(chunk):
        for text, language in chunk:
            lemmatize(text, language)

    def triage(chunk):
        for text, language in chunk:
            analyze(text, language)

    def detecting(chunk):
        for text, _language in chunk:
            analyze(text)

    no_rules = _no_rules()

    def bound(chunk):
        for text, language in chunk:
            no_rules(text, language)

    spent = {floor: 0.0, triage: 0.0, detecting: 0.0, bound: 0.0}
    for first in range(0, len(messages), args.chunk):
        chunk = messages[first:first + args.chunk]
        for side in spent:
            started = time.perf_counter()
            side(chunk)
            spent[side] += time.perf_counter() - started

    count = len(messages)
    plain = _plain_lemmatization(messages[:2_000])
    print(f"pymorphy3 lemmatization without a per-word cache: {1 / plain:,.0f} messages/s "
          f"(analyze takes {spent[triage] / count / plain:.2f} x its time)")
    print(f"lemmatization alone: {count / spent[floor]:,.0f} messages/s")
    print(f"analyze (language given): {count / spent[triage]:,.0f} messages/s")
    print(f"analyze (language detected): {count / spent[detecting]:,.0f} messages/s, "
          f"{spent[detecting] / spent[floor]:.2f} x the floor")
    print(f"no rules (the same front, every word's own cues as evidence): "
          f"{count / spent[bound]:,.0f} messages/s, {spent[bound] / spent[floor]:.2f} x the floor")
    print(f"figure: triage_ratio {spent[triage] / spent[floor]:.2f} (target <= 2)")


def _no_rules():
    """analyze() without its rules: its `front` (the text split, read and every word looked
    up), then each word's own cues returned as evidence and flags, unweighed
    (no phrases, negation, sentences, boosts, sums or negativity)."""
    from itertools import accumulate

    from retainer.rules.triage.analysis import _evidence, _triage, front

    def no_rules(text: str, language: str):
        language, pieces, infos, actives = front(text, language)
        evidence = []
        if actives:
            offsets = list(accumulate(map(len, pieces)))
            for index in actives:
                start, end = offsets[2 * index], offsets[2 * index + 1]
                for kind, weight, _source in infos[index].singles:
                    evidence.append(_evidence(kind, start, end, text[start:end], weight))
        return _triage(language, 0.0, frozenset(item.kind for item in evidence),
                       tuple(evidence))

    return no_rules


def _plain_lemmatization(messages: list[tuple[str, str]]) -> float:
    """Seconds per message of lemmatizing every word with pymorphy3's own parse, as code
    without a per-word cache does it: the context of the figure, not its floor."""
    from retainer.rules.triage.morph import analyzer, english_stem
    from retainer.rules.triage.text import WORD, normalize

    started = time.perf_counter()
    for text, language in messages:
        words = WORD.findall(normalize(text))
        if language == "en":
            [english_stem(word) for word in words]
        else:
            parse = analyzer(language).parse
            [parse(word)[0].normal_form for word in words]
    return (time.perf_counter() - started) / len(messages)


if __name__ == "__main__":
    main()
