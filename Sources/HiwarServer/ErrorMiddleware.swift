internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import Logging

/// Turns every failure into the API's error body, stamps the request id, and logs the request.
///
/// Hummingbird's own refusals (unknown route, wrong method, body over the limit) get stable codes; anything
/// unexpected is a 500 `internal` whose details go to the log under the request id, never to the caller.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    // Hummingbird's protocol predates nonisolated(nonsending): its handler and `next` are @concurrent.
    @concurrent func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = JSONBody.response(
                APIError.ErrorBody(error: .init(code: error.code, message: error.message, field: error.field)),
                status: error.status,
                headers: error.headers
            )
        } catch let error as any HTTPResponseError {
            let methods = error.status == .notFound ? Routes.methods(for: request.uri.path) : []
            if !methods.isEmpty, !methods.contains(request.method) {
                // The path is a route, the method is not one of its methods.
                let allowed = methods.map(\.rawValue).joined(separator: ", ")
                response = JSONBody.response(
                    APIError.ErrorBody(
                        error: .init(
                            code: "method-not-allowed",
                            message: "\(request.uri.path) takes \(allowed); see /openapi.json",
                            field: nil
                        )
                    ),
                    status: .methodNotAllowed,
                    headers: [.allow: allowed]
                )
            } else {
                let (code, message) = Self.describe(error.status)
                response = JSONBody.response(
                    APIError.ErrorBody(error: .init(code: code, message: message, field: nil)),
                    status: error.status
                )
            }
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            response = JSONBody.response(
                APIError.ErrorBody(
                    error: .init(
                        code: "internal",
                        message: "the server could not answer; quote request id \(context.id) to the operator",
                        field: nil
                    )
                ),
                status: .internalServerError
            )
        }
        response.headers[.requestID] = context.id
        let route = context.endpointPath ?? "unmatched"
        metrics.request(method: request.method.rawValue, route: route, status: response.status.code)
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "route": "\(route)",
                "status": "\(response.status.code)",
                "ms": "\(Self.milliseconds(ContinuousClock.now - started))",
            ]
        )
        return response
    }

    static func describe(_ status: HTTPResponse.Status) -> (code: String, message: String) {
        switch status {
        case .notFound: ("not-found", "no such route; see /openapi.json")
        case .methodNotAllowed: ("method-not-allowed", "this route does not take that method; see /openapi.json")
        case .contentTooLarge: ("body-too-large", "the request body is over the server's limit")
        case .badRequest: ("bad-request", "the request could not be read")
        case .unsupportedMediaType: ("unsupported-media-type", "send application/json")
        default: ("http-\(status.code)", status.reasonPhrase)
        }
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.3f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`: the id the server's log lines carry for this request.
    static let requestID = Self.constant("X-Request-Id")
    /// `Idempotency-Key`: the sender's key for a notice.
    static let idempotencyKey = Self.constant("Idempotency-Key")

    /// A name spelled in this file (valid tokens; a typo falls back to a harmless one rather than trap).
    private static func constant(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name) ?? .via
    }
}
