import Foundation
import Hiwar
import HiwarPostgres
import HiwarSQLite

/// `--store`: where conversations are kept — `memory`, `sqlite:PATH[?synchronous=normal]` or `postgres://…`
/// (serve, repl).
enum StoreArgument {
    case memory
    case sqlite(String, SQLiteSessionStore.Durability)
    case postgres(String)

    /// What a `--store` value may be, for messages.
    static let forms = "memory, sqlite:PATH (sqlite:PATH?synchronous=normal) or postgres://USER@HOST/DB"

    /// The store `text` names, or `nil` when it is none of ``forms``.
    static func parse(_ text: String) -> StoreArgument? {
        if text == "memory" { return .memory }
        if text.hasPrefix("sqlite:"), text.count > 7 {
            let path = String(text.dropFirst(7))
            for durability in SQLiteSessionStore.Durability.allCases {
                let suffix = "?synchronous=" + durability.rawValue
                if path.hasSuffix(suffix), path.count > suffix.count {
                    return .sqlite(String(path.dropLast(suffix.count)), durability)
                }
            }
            if path.contains("?synchronous=") { return nil }
            return .sqlite(path, .full)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(text) }
        return nil
    }

    /// Opens the store (a PostgreSQL store connects and migrates first).
    func open() async throws -> any SessionStore {
        switch self {
        case .memory: InMemorySessionStore()
        case .sqlite(let path, let durability): try SQLiteSessionStore(path: path, durability: durability)
        case .postgres(let url): try await PostgresSessionStore(url: url)
        }
    }
}
