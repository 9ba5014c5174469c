public import Hiwar
public import Hummingbird
public import Logging
internal import NIOCore
internal import NIOPosix
internal import ServiceLifecycle
public import Tracing

/// The bot as an HTTP service: messages and notices in, turn records out, proactive turns to a webhook.
///
/// ```swift
/// let engine = DialogueEngine(bot: try CompiledBot(paths: ["Intents"]), store: SQLiteSessionStore(path: "hiwar.db"))
/// let server = HiwarServer(engine: engine, keyring: APIKeyring([APIKey(name: "ops", secret: key)]))
/// try await server.run()   // until SIGTERM or SIGINT: stops accepting, finishes in-flight turns
/// ```
///
/// Routes are documented in the OpenAPI 3.1 document it serves at `/openapi.json`.
public struct HiwarServer: Sendable {
    /// The engine turns run on.
    public let engine: DialogueEngine
    /// Limits, address, webhook.
    public let configuration: ServerConfiguration
    /// The keys it accepts.
    public let keyring: APIKeyring
    /// Its metrics.
    public let metrics: ServerMetrics
    private let logger: Logger
    private let tracer: any Tracer

    /// A server over `engine`.
    ///
    /// - Parameters:
    ///   - engine: Runs the conversations; its store decides what survives a restart.
    ///   - configuration: Address, limits and the webhook.
    ///   - keyring: The keys callers present; with none, every route but health, readiness and `/openapi.json`
    ///     refuses.
    ///   - metrics: Where metrics go (a registry of its own by default).
    ///   - logger: Request and delivery logs (each request's records carry `hb.request.id`).
    ///   - tracer: Receives a `hiwar.turn` span per turn (swift-distributed-tracing); `nil` uses the tracer the
    ///     process bootstrapped with `InstrumentationSystem` (none: no spans).
    public init(
        engine: DialogueEngine,
        configuration: ServerConfiguration = ServerConfiguration(),
        keyring: APIKeyring,
        metrics: ServerMetrics = ServerMetrics(),
        logger: Logger = Logger(label: "hiwar.server"),
        tracer: (any Tracer)? = nil
    ) {
        self.engine = engine
        self.configuration = configuration
        self.keyring = keyring
        self.metrics = metrics
        self.logger = logger
        self.tracer = tracer ?? InstrumentationSystem.tracer
    }

    /// The application: the HTTP server and the scheduler, as one service group.
    ///
    /// - Parameter onRunning: Called with the bound port once the server accepts connections.
    /// - Returns: A Hummingbird application; `runService()` runs it until a signal, or run it in a `ServiceGroup`.
    public func application(
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: ServerRequestContext.self)
        let limiter = RateLimiter(
            perKey: .init(perSecond: configuration.keyRate.perSecond, burst: configuration.keyRate.burst),
            perConversation: .init(
                perSecond: configuration.conversationRate.perSecond,
                burst: configuration.conversationRate.burst
            )
        )
        let turns = TurnService(engine: engine, metrics: metrics, tracer: tracer)
        router.add(middleware: ErrorMiddleware(metrics: metrics))
        router.add(middleware: AuthMiddleware(keyring: keyring, limiter: limiter))
        ConversationRoutes(engine: engine, configuration: configuration, limiter: limiter, turns: turns)
            .register(on: router)
        BatchRoute(engine: engine, configuration: configuration, turns: turns).register(on: router)
        AdminRoutes(engine: engine, configuration: configuration, metrics: metrics, turns: turns).register(on: router)
        let sender = configuration.webhook.map { WebhookSender(configuration: $0, metrics: metrics, logger: logger) }
        let scheduler = SchedulerService(
            engine: engine,
            interval: configuration.schedulerInterval,
            sender: sender,
            metrics: metrics,
            logger: logger
        )
        let (seconds, attoseconds) = configuration.idleTimeout.components
        let idle = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: idle)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: [scheduler],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Makes SwiftNIO's event loops Swift Concurrency's global executor, so a request's handler runs on the thread
    /// that reads its socket instead of hopping to another pool and back.
    ///
    /// Call it once, first thing in the process's `main` (before any task is created); `hiwar serve` does.
    /// - Returns: Whether it was installed (it is not on platforms NIO does not support for it).
    @discardableResult
    public static func adoptEventLoopsAsGlobalExecutor() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully: no new connections, in-flight turns finish and
    /// are stored, the scheduler stops.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }
}
