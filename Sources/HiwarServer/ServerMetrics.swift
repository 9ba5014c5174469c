internal import CoreMetrics
internal import Foundation
internal import Hiwar
public import Prometheus

/// The server's metrics, through swift-metrics into a Prometheus registry of its own (`GET /metrics`).
///
/// Labels stay bounded: intents and languages come from the bot, routes from the router, statuses from HTTP.
/// Nothing a customer writes becomes a label.
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` renders; pass one to share it with the host's other metrics.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Metrics into `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .seconds(1), .seconds(5),
        ]
        self.factory = factory
    }

    /// A turn: counted by kind, intent and language; fallbacks, handoffs and fired jobs apart; its latency.
    func turn(_ turn: Turn, kind: String, duration: Duration?) {
        let intent = turn.intent ?? "-"
        Counter(
            label: "hiwar_turns_total",
            dimensions: [("kind", kind), ("intent", intent), ("language", turn.language.rawValue)],
            factory: factory
        ).increment()
        if turn.intent == "fallback" {
            Counter(
                label: "hiwar_fallbacks_total",
                dimensions: [("language", turn.language.rawValue)],
                factory: factory
            )
            .increment()
        }
        if turn.handedOff {
            Counter(label: "hiwar_handoffs_total", factory: factory).increment()
        }
        if case .scheduled = turn.input {
            Counter(label: "hiwar_jobs_fired_total", factory: factory).increment()
        }
        if let duration {
            CoreMetrics.Timer(label: "hiwar_turn_duration_seconds", dimensions: [("kind", kind)], factory: factory)
                .recordInterval(duration)
        }
    }

    /// A request answered.
    func request(method: String, route: String, status: Int) {
        Counter(
            label: "hiwar_http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(status))],
            factory: factory
        ).increment()
    }

    /// A store call that failed.
    func storeError() {
        Counter(label: "hiwar_store_errors_total", factory: factory).increment()
    }

    /// A webhook delivery: its outcome and, when delivered, how long after the turn.
    func webhook(delivered: Bool, lag: TimeInterval?) {
        Counter(
            label: "hiwar_webhook_deliveries_total",
            dimensions: [("outcome", delivered ? "delivered" : "failed")],
            factory: factory
        ).increment()
        if let lag {
            CoreMetrics.Timer(label: "hiwar_outbox_lag_seconds", factory: factory)
                .recordNanoseconds(Int64(max(0, lag) * 1e9))
        }
    }

    /// The metrics in the Prometheus text format.
    func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}

extension CoreMetrics.Timer {
    fileprivate func recordInterval(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
