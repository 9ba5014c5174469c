internal import Foundation
public import HTTPTypes
public import Hummingbird

/// A refusal the API answers with: an HTTP status, a stable code and a message a caller can act on.
///
/// Every error response has the body `{"error": {"code": …, "message": …}}` (with `field` when one field of
/// the request is at fault), whatever produced it — a route, the router (unknown path), the body limit or an
/// unexpected failure (`internal`, never with the failure's details).
public struct APIError: Error, Sendable, HTTPResponseError {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The stable code (`invalid-json`, `unknown-event`, `rate-limited`, …).
    public let code: String
    /// What is wrong and what to do.
    public let message: String
    /// The request field at fault, when there is one.
    public let field: String?
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(
        _ status: HTTPResponse.Status,
        code: String,
        _ message: String,
        field: String? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.response(
            ErrorBody(error: .init(code: code, message: message, field: field)),
            status: status,
            headers: headers
        )
    }

    /// The body of every error response.
    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?
        }
        let error: Detail
    }
}

extension APIError {
    static func invalidJSON(_ message: String) -> APIError {
        APIError(.badRequest, code: "invalid-json", message)
    }

    static func invalidField(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid-field", message, field: field)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(.notFound, code: "not-found", message)
    }
}

/// JSON responses: sorted keys, no escaped slashes, `application/json; charset=utf-8`.
enum JSONBody {
    static func response(
        _ value: some Encodable,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let data =
            (try? encoder.encode(value))
            ?? Data(#"{"error":{"code":"internal","message":"could not encode the answer"}}"#.utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A turn record, written by ``JSONWriter`` (the hot path: one per request).
    static func response(_ record: TurnRecord) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: record.jsonBytes()))
        )
    }

    static func line(_ value: some Encodable) -> Data {
        (try? encoder.encode(value))
            ?? Data(#"{"error":{"code":"internal","message":"could not encode the answer"}}"#.utf8)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
