// The front end is part of the library: `import Hiwar` brings `Diagnostic`, `SourceFile`, `SourceLocation`,
// `LanguageCode` and `SlotValue` (declared in HiwarSyntax) with it.
@_exported public import HiwarSyntax
