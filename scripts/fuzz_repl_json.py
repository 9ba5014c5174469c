#!/usr/bin/env python3
"""Hostile lines for `hiwar repl --json`: the checked-in corpus, a few huge ones, and seeded random
mutations of both. Every line must get exactly one JSON object back, the process must end cleanly
at the end of its input, and no full card number may appear in its output.

usage: fuzz_repl_json.py HIWAR [MUTATIONS] [SEED]
"""
import json
import random
import re
import subprocess
import sys

CORPUS = "Fuzz/Corpus/repl-json/hostile.jsonl"
# The corpus's card number with the separators people type between groups (spaces, dashes, dots,
# slashes, underscores, commas, invisible characters).
SEPARATOR = r"[\s\-\u2010-\u2015\u2212./_,\u00ad\u200b-\u200f\u2060\ufeff]{0,3}"
CARD = re.compile(SEPARATOR.join(["4111"] * 4))


def lines(mutations, seed):
    base = [line for line in open(CORPUS, encoding="utf-8").read().split("\n") if line.strip()]
    base += [
        json.dumps({"text": "x" * 1_000_000}),
        "[" * 5000 + "]" * 5000,
        '{"a":' * 2000 + "1" + "}" * 2000,
        json.dumps({"text": "order " * 20000}),
    ]
    rng = random.Random(seed)
    alphabet = '{}[]":,\\ u0123456789abcdefnrt' + "\u0600\u06f4\u200b\u00a0\ufffd"
    out = list(base)
    for _ in range(mutations):
        line = list(rng.choice(base[:-4]))
        for _ in range(rng.randint(1, 6)):
            choice = rng.random()
            position = rng.randrange(len(line) + 1)
            if choice < 0.4 and line:
                del line[min(position, len(line) - 1)]
            elif choice < 0.8:
                line.insert(position, rng.choice(alphabet))
            else:
                line[position:position] = line[: rng.randint(0, len(line))]
        text = "".join(line).replace("\n", " ").replace("\r", " ")
        if text.strip():
            out.append(text)
    return out


def main():
    hiwar = sys.argv[1]
    mutations = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    inputs = lines(mutations, seed)
    process = subprocess.run(
        [hiwar, "repl", "--json", "Intents"],
        input="\n".join(inputs) + "\n",
        capture_output=True,
        text=True,
        timeout=600,
    )
    outputs = [line for line in process.stdout.split("\n") if line]
    problems = []
    if process.returncode != 0:
        problems.append(f"exit status {process.returncode}: {process.stderr[-500:]}")
    if len(outputs) != len(inputs):
        problems.append(f"{len(inputs)} lines in, {len(outputs)} out")
    for index, line in enumerate(outputs):
        try:
            if not isinstance(json.loads(line), dict):
                problems.append(f"line {index + 1}: not an object")
        except ValueError:
            problems.append(f"line {index + 1}: not JSON: {line[:120]}")
    if CARD.search(process.stdout) or CARD.search(process.stderr):
        problems.append("a full card number was printed")
    for problem in problems[:20]:
        print("repl --json fuzz:", problem)
    print(f"repl --json fuzz: {len(inputs)} hostile lines, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
