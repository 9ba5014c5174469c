internal import Foundation
internal import Hiwar
internal import Hummingbird

/// `POST /v1/events`: notices for many customers in one request, one JSON object per line (NDJSON).
///
/// Each line is `{"conversation", "event", "data"?, "lang"?, "idempotencyKey"?}`. Lines of one conversation run
/// in their order; conversations run in parallel. The answer has one result per line, in line order: the
/// turn, or the error that line got — one bad line refuses only itself.
struct BatchRoute {
    let engine: DialogueEngine
    let configuration: ServerConfiguration
    let turns: TurnService

    struct LineResult: Encodable, Sendable {
        let line: Int
        let status: Int
        let conversation: String?
        let turn: TurnRecord?
        let error: APIError.ErrorBody.Detail?
    }

    struct Answer: Encodable {
        let applied: Int
        let refused: Int
        let results: [LineResult]
    }

    func register(on router: Router<ServerRequestContext>) {
        router.post("v1/events") { request, context in
            try context.require(.events)
            let bytes = try await RequestBytes.collect(request, limit: configuration.maximumBatchSize)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw APIError(.badRequest, code: "invalid-utf8", "the body is not UTF-8")
            }
            var lines: [(number: Int, text: Substring)] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { continue }
                lines.append((index + 1, line))
                if lines.count > configuration.maximumBatchLines {
                    throw APIError(
                        .contentTooLarge,
                        code: "batch-too-large",
                        "a batch holds at most \(configuration.maximumBatchLines) notices; split it"
                    )
                }
            }
            guard !lines.isEmpty else {
                throw APIError(
                    .badRequest,
                    code: "empty-batch",
                    "the body has no notice; send one JSON object per line"
                )
            }
            let results = await apply(lines)
            // A body none of whose lines is a JSON object is not a batch: refuse it whole.
            if results.count == lines.count, results.allSatisfy({ $0.error?.code == "invalid-json" }) {
                throw APIError.invalidJSON("no line of the body is a JSON object; send one notice object per line")
            }
            let applied = results.count { $0.status == 200 }
            return JSONBody.response(Answer(applied: applied, refused: results.count - applied, results: results))
        }
    }

    private struct Line: Sendable {
        let number: Int
        let conversation: String
        let notice: NoticeRequest
        let key: String?
    }

    private func apply(_ lines: [(number: Int, text: Substring)]) async -> [LineResult] {
        var results: [LineResult] = []
        var byConversation: [String: [Line]] = [:]
        var order: [String] = []
        for (number, text) in lines {
            do throws(APIError) {
                let body = try JSONObjectBody(
                    text: String(text),
                    allowed: ["conversation", "event", "data", "lang", "idempotencyKey"],
                    source: "line \(number)"
                )
                let id = try ConversationID.validate(body.requiredString("conversation"))
                let key = try IdempotencyKey.read(body.string("idempotencyKey"))
                let line = Line(
                    number: number,
                    conversation: id,
                    notice: try NoticeRequest(body, bot: engine.bot),
                    key: key
                )
                if byConversation[id] == nil { order.append(id) }
                byConversation[id, default: []].append(line)
            } catch {
                results.append(Self.failure(number, conversation: nil, error))
            }
        }
        let groups = order.map { byConversation[$0] ?? [] }
        let concurrency = max(1, configuration.batchConcurrency)
        await withTaskGroup(of: [LineResult].self) { group in
            var next = 0
            func start() {
                guard next < groups.count else { return }
                let lines = groups[next]
                next += 1
                group.addTask {
                    var done: [LineResult] = []
                    for line in lines {
                        do throws(APIError) {
                            let turn = try await turns.deliver(
                                line.notice,
                                idempotencyKey: line.key,
                                to: line.conversation
                            )
                            done.append(
                                LineResult(
                                    line: line.number,
                                    status: 200,
                                    conversation: line.conversation,
                                    turn: TurnRecord(turn),
                                    error: nil
                                )
                            )
                        } catch {
                            done.append(Self.failure(line.number, conversation: line.conversation, error))
                        }
                    }
                    return done
                }
            }
            for _ in 0..<concurrency { start() }
            for await done in group {
                results += done
                start()
            }
        }
        return results.sorted { $0.line < $1.line }
    }

    private static func failure(_ number: Int, conversation: String?, _ error: APIError) -> LineResult {
        LineResult(
            line: number,
            status: Int(error.status.code),
            conversation: conversation,
            turn: nil,
            error: .init(code: error.code, message: error.message, field: error.field)
        )
    }
}
