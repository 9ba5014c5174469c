internal import Foundation
internal import HTTPTypes
internal import Hiwar
internal import Hummingbird

/// Health, readiness, the OpenAPI document, metrics and hot reload.
struct AdminRoutes {
    let engine: DialogueEngine
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let turns: TurnService

    struct Status: Encodable {
        let status: String
    }

    struct DiagnosticRecord: Encodable {
        let severity: String
        let code: String
        let message: String
        let path: String?
        let line: Int?
        let column: Int?

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            message = diagnostic.message
            path = diagnostic.location?.path
            line = diagnostic.location?.line
            column = diagnostic.location?.column
        }
    }

    struct ReloadAnswer: Encodable {
        let reloaded: Bool
        let diagnostics: [DiagnosticRecord]
        let error: APIError.ErrorBody.Detail?
    }

    func register(on router: Router<ServerRequestContext>) {
        router.get("healthz") { _, _ in JSONBody.response(Status(status: "ok")) }
        router.get("readyz") { _, _ in
            // A store that answers a read is a store that can take turns.
            _ = try await turns.load("readyz")
            return JSONBody.response(Status(status: "ready"))
        }
        // Read once: the document is part of the build, not of a request.
        let document = Bundle.module.url(forResource: "openapi", withExtension: "json").flatMap {
            try? Data(contentsOf: $0)
        }
        router.get("openapi.json") { _, _ in
            guard let document else {
                throw APIError(.internalServerError, code: "internal", "the OpenAPI document is missing")
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: document))
            )
        }
        router.get("metrics") { _, context in
            try context.require(.admin)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render()))
            )
        }
        router.post("v1/admin/reload") { _, context in
            try context.require(.admin)
            guard let paths = configuration.botPaths else {
                throw APIError(.conflict, code: "not-reloadable", "this server was given a compiled bot, not its files")
            }
            let result = BotCompiler.compile(paths: paths)
            let diagnostics = result.diagnostics.map(DiagnosticRecord.init)
            guard let bot = result.bot else {
                let errors = result.diagnostics.filter { $0.severity == .error }.count
                return JSONBody.response(
                    ReloadAnswer(
                        reloaded: false,
                        diagnostics: diagnostics,
                        error: .init(
                            code: "compilation-failed",
                            message: "\(errors) error(s); the server keeps the bot it had",
                            field: nil
                        )
                    ),
                    status: .unprocessableContent
                )
            }
            engine.replaceBot(bot)
            return JSONBody.response(ReloadAnswer(reloaded: true, diagnostics: diagnostics, error: nil))
        }
    }
}
