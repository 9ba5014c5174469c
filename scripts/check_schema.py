#!/usr/bin/env python3
"""Checks docs/hiwar.schema.json against the bot files Hiwar ships and tests.

1. Every shipped, example and fixture bot file that the loader accepts structurally must be valid
   against the schema, and every file the loader rejects for its structure (unknown, missing or
   mistyped keys, invalid names and values) must be invalid: the schema and the loader agree.
2. Files that are not JSON are skipped (the schema cannot speak about them).

Run by `make test`. Needs the `jsonschema` package (installed with pip when missing) and a built
`hiwar` binary. Prints one line per disagreement and a closing "N passed, N failed" line.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Duplicate keys are invisible to JSON Schema (a JSON parser keeps one of them), so only the
# loader reports them; they are left out of the comparison.
STRUCTURAL = {"unknown-key", "missing-key", "wrong-type", "invalid-value"}
MARKER = re.compile("[0-9]\ufe0f\u20e3")


def ensure_jsonschema():
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "jsonschema"], check=True)


def bot_files():
    patterns = [
        "Intents/**/*.json",
        "Examples/**/intents/**/*.json",
        "Tests/HiwarCLITests/Fixtures/**/*.json",
        "Tests/HiwarTests/Fixtures/Diagnostics/**/*.json",
    ]
    files = set()
    for pattern in patterns:
        files.update(glob.glob(os.path.join(ROOT, pattern), recursive=True))
    return sorted(f for f in files if "/Conversations/" not in f and "/fixtures/actions" not in f)


def loader_structural_codes(binary, path):
    out = subprocess.run([binary, "validate", "--format", "json", path], capture_output=True, text=True)
    report = json.loads(out.stdout)
    return {d["code"] for d in report["diagnostics"] if d["severity"] == "error"} & STRUCTURAL


def main():
    ensure_jsonschema()
    import jsonschema

    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/hiwar")
    with open(os.path.join(ROOT, "docs/hiwar.schema.json"), encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    passed = failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in bot_files():
            with open(path, encoding="utf-8") as handle:
                text = MARKER.sub("", handle.read())
            try:
                document = json.loads(text)
            except ValueError:
                continue  # not JSON: only the loader can speak about it
            stripped = os.path.join(scratch, os.path.basename(path))
            with open(stripped, "w", encoding="utf-8") as handle:
                handle.write(text)
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            schema_valid = not errors
            loader_valid = not loader_structural_codes(binary, stripped)
            name = os.path.relpath(path, ROOT)
            if schema_valid == loader_valid:
                passed += 1
            else:
                failed += 1
                detail = errors[0].message if errors else "the loader reports a structural error"
                print(f"disagree: {name}: schema {'accepts' if schema_valid else 'rejects'}, "
                      f"loader {'accepts' if loader_valid else 'rejects'} ({detail})")
    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
