/// The options of text normalization (`docs/normalization.md`, the project's normative spec).
///
/// Class A steps are always on. These are the class B folds: each merges spellings customers mix
/// up constantly, at the cost of a distinction the written language makes. All default to on, for
/// every language, so one normalization of a message serves every pattern of a multilingual bot.
/// A bot that needs a distinction turns the fold off and writes both forms in its patterns.
package struct NormalizationOptions: Sendable, Hashable, Codable {
    /// أ إ ٱ ٲ ٳ → ا.
    package var foldAlef: Bool
    /// آ → ا (for Persian, آ is a letter of its own; chat often drops the madda).
    package var foldAlefMadda: Bool
    /// ى → ي.
    package var foldAlefMaksura: Bool
    /// ة → ه.
    package var foldTehMarbuta: Bool
    /// ؤ → و, ئ → ي.
    package var foldHamzaCarriers: Bool
    /// A run of three or more identical letters in a token without digits becomes one letter
    /// (شكرااااا → شكرا, thanksss → thanks).
    package var squeezeRepeats: Bool
    /// Messages are cut to this many Unicode scalars before anything else (step N0).
    ///
    /// Literals of a definition are never cut.
    package var maxInputScalars: Int

    /// Creates options; every fold defaults to on and the input cap to 4,096 scalars.
    package init(
        foldAlef: Bool = true,
        foldAlefMadda: Bool = true,
        foldAlefMaksura: Bool = true,
        foldTehMarbuta: Bool = true,
        foldHamzaCarriers: Bool = true,
        squeezeRepeats: Bool = true,
        maxInputScalars: Int = 4_096
    ) {
        self.foldAlef = foldAlef
        self.foldAlefMadda = foldAlefMadda
        self.foldAlefMaksura = foldAlefMaksura
        self.foldTehMarbuta = foldTehMarbuta
        self.foldHamzaCarriers = foldHamzaCarriers
        self.squeezeRepeats = squeezeRepeats
        self.maxInputScalars = maxInputScalars
    }

    /// The defaults: every fold on, 4,096 scalars.
    package static let `default` = NormalizationOptions()
}
