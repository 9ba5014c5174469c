internal import CoreMetrics
internal import Foundation
internal import Hiwar
public import Prometheus
internal import Synchronization

/// The server's metrics, through swift-metrics into a Prometheus registry of its own (`GET /metrics`).
///
/// Labels stay bounded: intents and languages come from the bot, routes from the router, statuses from HTTP.
/// Nothing a customer writes becomes a label.
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` renders; pass one to share it with the host's other metrics.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// Handles made once per label set: a request then costs a dictionary lookup, not a registry lookup.
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])
    /// The two metrics every turn and every request touch, by their labels' values: found without building a key.
    private let perTurn = Mutex<[TurnLabels: (turns: CoreMetrics.Counter, duration: CoreMetrics.Timer)]>([:])
    private let perRequest = Mutex<[RequestLabels: CoreMetrics.Counter]>([:])

    private struct TurnLabels: Hashable {
        let kind: String
        let intent: String
        let language: String
    }

    private struct RequestLabels: Hashable {
        let method: String
        let route: String
        let status: Int
    }

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
        let labels = TurnLabels(kind: kind, intent: turn.intent ?? "-", language: turn.language.rawValue)
        let metrics = Self.handle(labels, in: perTurn) {
            (
                turns: counter(
                    "hiwar_turns_total",
                    [("kind", kind), ("intent", labels.intent), ("language", labels.language)]
                ),
                duration: timer("hiwar_turn_duration_seconds", [("kind", kind)])
            )
        }
        metrics.turns.increment()
        if turn.intent == "fallback" {
            counter("hiwar_fallbacks_total", [("language", turn.language.rawValue)])
                .increment()
        }
        if turn.handedOff {
            counter("hiwar_handoffs_total").increment()
        }
        if case .scheduled = turn.input {
            counter("hiwar_jobs_fired_total").increment()
        }
        if let duration {
            metrics.duration.recordInterval(duration)
        }
    }

    /// A request answered.
    func request(method: String, route: String, status: Int) {
        let labels = RequestLabels(method: method, route: route, status: status)
        Self.handle(labels, in: perRequest) {
            counter("hiwar_http_requests_total", [("method", method), ("route", route), ("status", String(status))])
        }
        .increment()
    }

    /// A store call that failed.
    func storeError() {
        counter("hiwar_store_errors_total").increment()
    }

    /// A webhook delivery: its outcome and, when delivered, how long after the turn.
    func webhook(delivered: Bool, lag: TimeInterval?) {
        counter("hiwar_webhook_deliveries_total", [("outcome", delivered ? "delivered" : "failed")]).increment()
        if let lag {
            timer("hiwar_outbox_lag_seconds")
                .recordNanoseconds(Int64(max(0, lag) * 1e9))
        }
    }

    private func counter(_ label: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Counter {
        Self.handle(Self.key(label, dimensions), in: counters) {
            CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
        }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Timer {
        Self.handle(Self.key(label, dimensions), in: timers) {
            CoreMetrics.Timer(label: label, dimensions: dimensions, factory: factory)
        }
    }

    /// The handle kept for `key`, made and kept on first use.
    private static func handle<Key: Hashable & Sendable, Handle: Sendable>(
        _ key: Key,
        in handles: borrowing Mutex<[Key: Handle]>,
        make: () -> Handle
    ) -> Handle {
        if let known = handles.withLock({ $0[key] }) { return known }
        let made = make()
        handles.withLock { $0[key] = made }
        return made
    }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        var key = label
        for (name, value) in dimensions {
            key += "\u{1F}" + name + "=" + value
        }
        return key
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
