import Foundation
import Hiwar
import HiwarPostgres
import HiwarSQLite

/// `--store`: where conversations are kept — `memory`, `sqlite:PATH` or `postgres://…` (serve, repl).
enum StoreArgument {
    case memory
    case sqlite(String)
    case postgres(String)

    /// What a `--store` value may be, for messages.
    static let forms = "memory, sqlite:PATH or postgres://USER@HOST/DB"

    /// The store `text` names, or `nil` when it is none of ``forms``.
    static func parse(_ text: String) -> StoreArgument? {
        if text == "memory" { return .memory }
        if text.hasPrefix("sqlite:"), text.count > 7 { return .sqlite(String(text.dropFirst(7))) }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(text) }
        return nil
    }

    /// Opens the store (a PostgreSQL store connects and migrates first).
    func open() async throws -> any SessionStore {
        switch self {
        case .memory: InMemorySessionStore()
        case .sqlite(let path): try SQLiteSessionStore(path: path)
        case .postgres(let url): try await PostgresSessionStore(url: url)
        }
    }
}
