#!/usr/bin/env python3
"""The dependency rule of the library: the folders of HiwarSyntax (the front end) and Hiwar form one pipeline, and a
file may use only what its own folder or an earlier one declares.

    python3 scripts/check_layers.py            # check Sources/HiwarSyntax and Sources/Hiwar (make lint)
    python3 scripts/check_layers.py ROOT...    # check these roots as one pipeline
    python3 scripts/check_layers.py --self-test

SwiftPM already keeps Hiwar's layers out of HiwarSyntax (the module depends on nothing of Hiwar); this check keeps
the order inside each module, where the compiler cannot.

A "use" is any identifier in a file's code (comments and string literals removed) that names a
top-level declaration (type, function, constant, typealias) of another folder. Members added by an
extension are not tracked: an extension is declared where its type's users are (docs/architecture.md).
The front end (Source, Diagnostics, JSON, Definitions) must also not import PCRE2Kit, so reading
and decoding a bot stays free of the regex engine. Exits 1 with one line per back-edge: the file, line, name and folders.
"""
import os
import re
import sys
import tempfile

# The pipeline, first to last: HiwarSyntax's folders, then Hiwar's. The files at a module's top level (the compiler's
# driver, in Hiwar) come last.
LAYERS = [
    "Source",  # source files, locations
    "Diagnostics",  # errors as values
    "JSON",  # the JSON reader with positions
    "Text",  # normalization, language identification, digits, card numbers
    "Values",  # slot values, durations, dates, value types, built-in entity vocabularies
    "Definitions",  # the typed, located definition tree and its decoder; the symbol table
    "Compile",  # lowering: patterns, concepts, evidence rules, flows → the program
    "Matching",  # the matcher: prefilter, families, ranking, slot extraction, explanations
    "Checks",  # references, flows and examples, checked against the lowered bot
    "Bot",  # the compiled bot: matcher + dialogue program
    "Responses",  # rendering replies in a language, calendar and digits
    "Dialogue",  # a turn: state, transitions, slots, notices, actions
    "Runtime",  # the engine: stores, lanes, clocks
    "",  # the driver: BotCompiler
]
# What reads a bot's files and nothing more: no regex engine. (Text and Values sit between them and may use
# PCRE2Kit's UTF-8 helpers; the rule is about the front end that decodes and reports.)
FRONT_END = ["Source", "Diagnostics", "JSON", "Definitions"]

DECLARATION = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*"
    r"((?:(?:public|package|internal|private|fileprivate|final|indirect|nonisolated)\s+)*)"
    r"(?:struct|enum|class|protocol|typealias|actor|func|let|var)\s+([A-Za-z_]\w*)",
    re.M,
)
NESTED = re.compile(r"^\s+(?:[\w@]+\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+([A-Za-z_]\w*)", re.M)
IDENTIFIER = re.compile(r"\b[A-Za-z_]\w*\b")


def strip_code(source):
    """The source without comments and string literals (their text names nothing)."""
    source = re.sub(r'"""(?:.|\n)*?"""', '""', source)
    source = re.sub(r"/\*(?:.|\n)*?\*/", "", source)
    source = re.sub(r"//[^\n]*", "", source)
    source = re.sub(r'#?"(?:[^"\\\n]|\\.)*"#?', '""', source)
    return source


def layer_of(relative):
    return relative.split(os.sep)[0] if os.sep in relative else ""


def check(*roots):
    files = {}
    for root in roots:
        for directory, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(".swift"):
                    path = os.path.join(directory, name)
                    files[path] = layer_of(os.path.relpath(path, root))
    problems = []
    owners = {}
    # Names declared at any depth in a folder (a nested type may share a name with another folder's type).
    local = {}
    for path, layer in files.items():
        if layer not in LAYERS:
            problems.append(f"{path}: the folder '{layer}' is not in the pipeline (scripts/check_layers.py LAYERS)")
            continue
        source = open(path, encoding="utf-8").read()
        for match in DECLARATION.finditer(source):
            if "private" not in match.group(1):
                owners.setdefault(match.group(2), set()).add(layer)
        for match in NESTED.finditer(source):
            local.setdefault(layer, set()).add(match.group(1))
    for path, layer in sorted(files.items()):
        if layer not in LAYERS:
            continue
        rank = LAYERS.index(layer)
        source = open(path, encoding="utf-8").read()
        for number, line in enumerate(strip_code(source).split("\n"), start=1):
            if layer in FRONT_END and re.match(r"^\s*(?:\w+\s+)?import\s+PCRE2Kit\b", line):
                problems.append(f"{path}:{number}: {layer} is the front end and must not import PCRE2Kit")
            for name in set(IDENTIFIER.findall(line)):
                declared = owners.get(name)
                if not declared or layer in declared or name in local.get(layer, ()):
                    continue
                later = sorted((l for l in declared if LAYERS.index(l) > rank), key=LAYERS.index)
                if later and len(later) == len(declared):
                    problems.append(
                        f"{path}:{number}: {layer or 'top level'} uses '{name}' from {', '.join(later)}, "
                        "a later stage of the pipeline; move the declaration down or the use up"
                    )
    return problems


def self_test():
    """A back-edge and a front-end PCRE2 import are reported; a forward use, a comment and a string are not."""
    with tempfile.TemporaryDirectory() as root:
        def write(relative, text):
            os.makedirs(os.path.dirname(os.path.join(root, relative)) or root, exist_ok=True)
            open(os.path.join(root, relative), "w", encoding="utf-8").write(text)

        write("Text/Normalizer.swift", "struct Normalizer {}\n")
        write("Compile/Lowering.swift", "struct Lowering { let n: Normalizer }\n")
        write("Matching/Matcher.swift", "/// Uses Lowering.\nstruct Matcher { let l: Lowering; let s = \"Dialogue\" }\n")
        write("Dialogue/Dialogue.swift", "struct Dialogue {}\n")
        assert check(root) == [], check(root)
        write("Values/Back.swift", "struct Back { let m: Matcher }\n")
        write("Definitions/Engine.swift", "internal import PCRE2Kit\nstruct Engine {}\n")
        write("Unknown/Thing.swift", "struct Thing {}\n")
        found = check(root)
        assert any("Values/Back.swift:1: Values uses 'Matcher' from Matching" in p for p in found), found
        assert any("Definitions/Engine.swift:1: Definitions is the front end" in p for p in found), found
        assert any("'Unknown' is not in the pipeline" in p for p in found), found
        assert len(found) == 3, found
    print("check_layers: self-test passed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        sys.exit(0)
    sources = os.path.join(os.path.dirname(__file__), "..", "Sources")
    roots = sys.argv[1:] or [os.path.join(sources, "HiwarSyntax"), os.path.join(sources, "Hiwar")]
    found = check(*(os.path.relpath(os.path.normpath(root)) for root in roots))
    for problem in found:
        print(problem)
    if found:
        print(f"check_layers: {len(found)} use(s) against the pipeline's direction (docs/architecture.md)")
        sys.exit(1)
    print(f"check_layers: {len(LAYERS)} layers, no back-edges")
