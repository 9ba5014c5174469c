internal import Hummingbird

/// The request context of every route: Hummingbird's core storage and the caller's key once authenticated.
struct ServerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The key the caller presented, set by ``AuthMiddleware``.
    var key: APIKey?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Refuses the request unless the caller's key has `scope`.
    func require(_ scope: APIScope) throws(APIError) {
        guard let key else {
            throw APIError(
                .unauthorized,
                code: "unauthorized",
                "send Authorization: Bearer <key>",
                headers: [.wwwAuthenticate: "Bearer"]
            )
        }
        guard key.scopes.contains(scope) else {
            throw APIError(
                .forbidden,
                code: "forbidden",
                "the key \"\(key.name)\" does not have the \(scope.rawValue) scope"
            )
        }
    }
}
