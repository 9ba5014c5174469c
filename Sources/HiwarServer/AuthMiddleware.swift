internal import HTTPTypes
internal import Hummingbird

/// Reads `Authorization: Bearer <key>`, finds the key, and applies the caller's rate limit.
///
/// A request without a header goes on without a key (health, readiness and the document need none; the
/// routes that do refuse it with 401). A header with an unknown key is refused here with 401, before any route
/// sees the request.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let keyring: APIKeyring
    let limiter: RateLimiter

    // Hummingbird's protocol predates nonisolated(nonsending): its handler and `next` are @concurrent.
    @concurrent func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer ",
                let key = keyring.key(for: String(header.dropFirst(7)))
            else {
                throw APIError(
                    .unauthorized,
                    code: "unauthorized",
                    "the key is not valid; send Authorization: Bearer <key>",
                    headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""]
                )
            }
            try limiter.admit("key:" + key.name, rate: limiter.perKey)
            context.key = key
        }
        return try await next(request, context)
    }
}
