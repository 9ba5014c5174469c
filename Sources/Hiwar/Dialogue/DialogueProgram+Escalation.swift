internal import HiwarSyntax

extension DialogueProgram {
    /// Whether a message (normalized) holds an escalation keyword, and which.
    func escalationKeyword(in normalized: String) -> String? {
        escalationKeywords.first { PhraseSearch.firstRange(ofPhrase: $0.phrase, in: normalized) != nil }?.keyword
    }
}
