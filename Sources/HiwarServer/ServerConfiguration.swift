public import Foundation

/// How a ``HiwarServer`` listens, what it accepts, and where it sends proactive replies.
///
/// Every limit has a default fit for a public endpoint; `hiwar serve` sets them from flags and `HIWAR_*`
/// environment variables.
public struct ServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1` by default; `0.0.0.0` behind a proxy in a container).
    public var host = "127.0.0.1"
    /// The port; `0` picks a free one (the server reports it when it starts).
    public var port = 8080
    /// The largest body of a single request, in bytes.
    public var maximumBodySize = 64 * 1024
    /// The largest batch body (`POST /v1/events`), in bytes.
    public var maximumBatchSize = 16 * 1024 * 1024
    /// The most notices one batch may hold.
    public var maximumBatchLines = 10_000
    /// How many conversations of a batch run at once.
    public var batchConcurrency = 64
    /// The longest message text, in bytes.
    public var maximumMessageLength = 4_096
    /// Requests per second one key may make, and its burst.
    public var keyRate: (perSecond: Double, burst: Double) = (50_000, 100_000)
    /// Requests per second for one conversation, and its burst.
    public var conversationRate: (perSecond: Double, burst: Double) = (20, 40)
    /// How long a connection may stay silent (idle between requests, or stalled mid-request) before it is closed:
    /// a client that trickles a request (slowloris) holds a connection this long at most.
    public var idleTimeout: Duration = .seconds(30)
    /// How often due reminders and timeouts are fired.
    public var schedulerInterval: Duration = .seconds(1)
    /// Where proactive turns (reminders, timeouts) are posted, signed; `nil` keeps them in the transcript only.
    public var webhook: WebhookConfiguration?
    /// The bot's files, for `POST /v1/admin/reload`; `nil` refuses reloads.
    public var botPaths: [String]?

    /// The defaults.
    public init() {}
}

/// The outbound webhook: where proactive turns go and how they are signed.
///
/// Each delivery is a `POST` of `{"id", "conversation", "turn"}` with the headers `Hiwar-Delivery` (the turn's
/// id: drop a repeat) and `Hiwar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the
/// secret>`. A 2xx answer is delivery; anything else, a timeout or a refused connection is retried with
/// backoff, and after the last attempt the turn stays in the conversation's outbox for the next round.
public struct WebhookConfiguration: Sendable {
    /// The receiver's URL.
    public var url: URL
    /// The shared secret of the signature.
    public var secret: String
    /// How long one attempt may take.
    public var timeout: Duration = .seconds(5)
    /// Attempts per round before the turn waits for the next round.
    public var attempts = 3
    /// The wait before the second attempt; doubled for each one after.
    public var backoff: Duration = .milliseconds(200)

    /// A webhook at `url` signed with `secret`.
    public init(url: URL, secret: String) {
        self.url = url
        self.secret = secret
    }
}
