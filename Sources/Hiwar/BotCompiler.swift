public import HiwarSyntax
internal import PCRE2Kit

/// Compiles a bot's definition files into a ``CompiledBot``, reporting every problem at once.
///
/// The pipeline: find and read the files → parse JSON with positions → decode the format (conditions and
/// templates parsed once) → build the symbol table → lower patterns → build the matcher → check references and
/// flows → run examples → lower flows into the dialogue program.
/// Nothing throws mid-way: each stage appends diagnostics and the next goes on. When a file cannot
/// be parsed, cross-file checks are skipped, so a broken file never causes a cascade of
/// "undefined" errors about what it would have defined.
public enum BotCompiler {
    /// Compiles the bot made of the JSON files under `paths`.
    ///
    /// - Parameter paths: Directories (searched recursively for `.json` files) and files.
    /// - Returns: The bot when there were no errors, and every diagnostic, sorted.
    public static func compile(paths: [String]) -> CompilationResult {
        var diagnostics = Diagnostics()
        let files = BotLoader.sourceFiles(at: paths, into: &diagnostics)
        return compile(files: files, diagnostics: diagnostics)
    }

    /// Compiles a bot from files already in memory.
    ///
    /// - Parameter files: The bot's files; each path is used in diagnostics.
    /// - Returns: The bot when there were no errors, and every diagnostic, sorted.
    public static func compile(files: [SourceFile]) -> CompilationResult {
        compile(files: files, diagnostics: Diagnostics())
    }

    private static func compile(files: [SourceFile], diagnostics initial: Diagnostics) -> CompilationResult {
        var diagnostics = initial
        var decoder = DefinitionDecoder()
        var unreadable = diagnostics.hasErrors
        for file in files {
            guard let root = JSONReader.read(file, into: &diagnostics) else {
                unreadable = true
                continue
            }
            decoder.decodeFile(root)
        }
        diagnostics.append(contentsOf: decoder.diagnostics)
        let definition = decoder.definition
        let symbols = SymbolTable(definition, diagnostics: &diagnostics)
        let normalizer = TextNormalizer(options: definition.settings?.normalization ?? .default)
        let beforeLowering = diagnostics.all.count
        let concepts = ConceptTable(symbols.concepts, normalizer: normalizer, diagnostics: &diagnostics)
        concepts.check(symbols.concepts, into: &diagnostics)
        let lowering = PatternLowering(symbols: symbols, normalizer: normalizer, concepts: concepts)
        let lowered = lowering.lower(into: &diagnostics)
        if unreadable {
            // A file that does not parse defines nothing: what the others use from it is not "undefined".
            diagnostics.drop(after: beforeLowering) { $0.code == .undefinedReference || $0.code == .missingLanguage }
        }
        let patterns = lowered.patterns
        let policy = definition.settings.map(\.typos) ?? TypoPolicy()
        let matcher = Matcher(
            patterns: patterns,
            intentNames: lowering.intentNames,
            priorities: lowering.intentNames.map { symbols.intents[$0]?.priority ?? 0 },
            typoIndex: policy.map { TypoIndex(vocabulary: lowered.vocabulary, known: lowered.knownWords, policy: $0) },
            typoIntents: lowering.intentNames.map { symbols.intents[$0]?.typos ?? true },
            courtesy: lowering.intentNames.map { symbols.intents[$0]?.courtesy ?? false },
            flightNumberSlots: Set(
                symbols.slots.filter { ($0.value.entity?.value ?? $0.key) == BuiltinEntity.flightNumber.rawValue }.keys
            ),
            exclusions: lowered.exclusions,
            exclusionLiterals: lowered.exclusionLiterals,
            shapes: lowered.shapes,
            priorityFirst: definition.settings?.ranking?.value == "priority"
        )
        if !unreadable {
            ReferenceChecks(definition: definition, symbols: symbols).run(into: &diagnostics)
            FlowChecks(
                definition: definition,
                symbols: symbols,
                intentSlots: intentSlots(patterns, lowering.intentNames)
            )
            .run(into: &diagnostics)
            ExampleChecks(definition: definition, matcher: matcher, normalizer: normalizer).run(into: &diagnostics)
        }
        let sorted = diagnostics.sorted
        guard !diagnostics.hasErrors else { return CompilationResult(bot: nil, diagnostics: sorted, files: files) }
        let extractor = SlotExtractor(slots: slotInfo(symbols, normalizer: normalizer)) { info in
            lowering.slotRegex(info.name, language: .english)
        }
        let declared = definition.settings?.languages.map(\.value) ?? []
        let languages = declared.isEmpty ? [LanguageCode.english] : declared
        let dialogue = FlowLowering(
            definition: definition,
            normalizer: normalizer,
            languages: languages,
            defaultLanguage: definition.settings?.defaultLanguage?.value ?? languages[0]
        )
        .lower()
        let bot = CompiledBot(
            definition: definition,
            normalizer: normalizer,
            matcher: matcher,
            slotExtractor: extractor,
            dialogue: dialogue
        )
        return CompilationResult(bot: bot, diagnostics: sorted, files: files)
    }

    /// What the slot extractor needs to know about each declared slot.
    private static func slotInfo(_ symbols: SymbolTable, normalizer: TextNormalizer) -> [String: SlotExtractor.SlotInfo]
    {
        var result: [String: SlotExtractor.SlotInfo] = [:]
        for (name, slot) in symbols.slots where !SymbolTable.builtinSlotNames.contains(where: { $0.0 == name }) {
            let entity = slot.entity?.value ?? name
            var listValues: [String: String] = [:]
            if case .list(let values) = symbols.entities[entity]?.kind {
                for (value, synonyms) in values {
                    listValues[normalizer.normalize(literal: value.value)] = value.value
                    for (_, list) in synonyms {
                        for synonym in list { listValues[normalizer.normalize(literal: synonym.value)] = value.value }
                    }
                }
            }
            guard symbols.isEntity(entity) else { continue }
            result[name] = SlotExtractor.SlotInfo(
                name: name,
                type: slot.type.value,
                entity: entity,
                isSensitive: slot.sensitive,
                listValues: listValues
            )
        }
        return result
    }

    /// For each intent, the slots every one of its patterns captures.
    private static func intentSlots(_ patterns: [CompiledPattern], _ names: [String]) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for pattern in patterns {
            let name = names[pattern.intentIndex]
            let slots = Set(pattern.slots)
            result[name] = result[name].map { $0.intersection(slots) } ?? slots
        }
        return result
    }
}

/// The outcome of compiling a bot: the bot, if there were no errors, and every diagnostic.
public struct CompilationResult: Sendable {
    /// The compiled bot, or `nil` when any error was reported.
    public let bot: CompiledBot?
    /// Every error and warning, sorted by location, then code.
    public let diagnostics: [Diagnostic]
    /// Every file read, in the order read.
    public let files: [SourceFile]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// Whether any diagnostic is a warning.
    public var hasWarnings: Bool { diagnostics.contains { $0.severity == .warning } }
}

extension CompiledBot {
    /// Compiles the bot at `paths` (directories of JSON files, or files).
    ///
    /// - Throws: ``CompilationError`` holding every error and warning when any error was found.
    public init(paths: [String]) throws(CompilationError) {
        let result = BotCompiler.compile(paths: paths)
        guard let bot = result.bot else { throw CompilationError(diagnostics: result.diagnostics) }
        self = bot
    }
}
