#!/usr/bin/env python3
"""The Hiwar library's public API, counted from its symbol graphs: Hiwar's and HiwarSyntax's, which Hiwar re-exports
(`import Hiwar` is all an embedder writes).

    python3 scripts/public_api.py            # dump the symbol graphs (swift package dump-symbol-graph), then count
    python3 scripts/public_api.py DIR        # count from DIR/Hiwar.symbols.json and DIR/HiwarSyntax.symbols.json

Prints every public type, top-level ones first, and fails when there are more top-level types than LIMIT: what an
embedder uses (compile, match, explain, the engine, turns and effects, sessions and stores, clocks, actions,
errors) and nothing of the definitions' syntax tree, JSON reader or normalizer, which are `package`.
"""
import glob
import json
import os
import subprocess
import sys

LIMIT = 30
MODULES = ["Hiwar", "HiwarSyntax"]
TYPE_KINDS = {"swift.struct", "swift.class", "swift.enum", "swift.protocol", "swift.typealias", "swift.actor"}


def symbol_graph_directory():
    run = subprocess.run(
        ["swift", "package", "dump-symbol-graph", "--minimum-access-level", "public"],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        sys.exit(f"public_api: swift package dump-symbol-graph failed:\n{run.stdout}{run.stderr}")
    found = glob.glob(".build/*/symbolgraph/Hiwar.symbols.json") + glob.glob(".build/symbolgraph/Hiwar.symbols.json")
    if not found:
        sys.exit("public_api: no Hiwar.symbols.json under .build after dump-symbol-graph")
    return os.path.dirname(max(found, key=os.path.getmtime))


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else symbol_graph_directory()
    public = []
    for module in MODULES:
        graph = json.load(open(os.path.join(directory, f"{module}.symbols.json"), encoding="utf-8"))
        public += [s for s in graph["symbols"] if s.get("accessLevel") in ("public", "open")]
    types = [s for s in public if s["kind"]["identifier"] in TYPE_KINDS]
    top = sorted(s["pathComponents"][0] for s in types if len(s["pathComponents"]) == 1)
    nested = sorted(".".join(s["pathComponents"]) for s in types if len(s["pathComponents"]) > 1)
    members = len(public) - len(types)
    print(f"Hiwar public API (Hiwar + HiwarSyntax): {len(top)} top-level types (limit {LIMIT}), {len(nested)} nested, {members} members")
    print("  top-level: " + ", ".join(top))
    print("  nested:    " + ", ".join(nested))
    if len(top) > LIMIT:
        print(f"public_api: {len(top)} top-level public types, more than {LIMIT}; make the new ones `package` or nest them")
        sys.exit(1)


if __name__ == "__main__":
    main()
