internal import Hiwar
internal import Logging
internal import ServiceLifecycle

/// Fires due reminders and timeouts while the server runs, and sends each turn to the webhook.
///
/// Stops at graceful shutdown: a webhook delivery cut short leaves its turn in the outbox, delivered first at
/// the next start.
struct SchedulerService: Service {
    let engine: DialogueEngine
    let interval: Duration
    let sender: WebhookSender?
    let metrics: ServerMetrics
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await engine.runScheduler(every: interval) { turn in
                metrics.turn(turn, kind: "scheduled", duration: nil)
                if let sender {
                    try await sender.deliver(turn)
                } else {
                    logger.info("proactive turn (no webhook configured)", metadata: ["turn": "\(turn.id)"])
                }
            }
        }
        await sender?.shutdown()
    }
}
