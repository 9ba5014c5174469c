internal import HTTPTypes

/// Every route the server answers, by path template: what a `405 Allow` header lists.
///
/// The routes register themselves in ``ConversationRoutes``, ``BatchRoute`` and ``AdminRoutes``; a test checks
/// this table against the OpenAPI document, so the three cannot drift apart unnoticed.
enum Routes {
    static let table: [(path: String, methods: [HTTPRequest.Method])] = [
        ("/v1/conversations/{id}/messages", [.post]),
        ("/v1/conversations/{id}/events", [.post]),
        ("/v1/conversations/{id}/release", [.post]),
        ("/v1/conversations/{id}", [.get, .delete]),
        ("/v1/events", [.post]),
        ("/v1/admin/reload", [.post]),
        ("/healthz", [.get]),
        ("/readyz", [.get]),
        ("/metrics", [.get]),
        ("/openapi.json", [.get]),
    ]

    /// The methods of the route `path` matches; empty when it matches none.
    static func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (template, methods) in table {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { continue }
            if zip(parts, segments).allSatisfy({ $0 == $1 || ($0.hasPrefix("{") && !$1.isEmpty) }) {
                return methods
            }
        }
        return []
    }
}
