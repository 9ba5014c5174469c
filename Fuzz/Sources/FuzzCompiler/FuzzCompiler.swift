import Hiwar

/// One input: the bytes of a bot file.
///
/// Compiling must end with a bot or diagnostics, never a crash;
/// a bot that compiles must answer a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCompiler(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let result = BotCompiler.compile(files: [SourceFile(path: "fuzz.json", bytes: bytes)])
    for diagnostic in result.diagnostics {
        // Every diagnostic renders, with its location inside the file.
        _ = diagnostic.description
        if let location = diagnostic.location, location.offset > count {
            fatalError("location past the end: \(diagnostic)")
        }
    }
    if let bot = result.bot {
        _ = bot.match("where is my order 558120?")
        _ = bot.match("وين طلبي")
    }
    return 0
}
