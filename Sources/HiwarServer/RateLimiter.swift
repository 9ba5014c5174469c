internal import Foundation
internal import HTTPTypes
internal import Synchronization

/// Token buckets by name (a key, a conversation), bounded in memory.
///
/// Each bucket holds up to `burst` requests and refills at `perSecond`. A refused request gets 429 with
/// `Retry-After`: the whole seconds until the bucket has a token again.
final class RateLimiter: Sendable {
    /// A rate: requests per second, and the burst allowed above it.
    struct Rate: Sendable {
        let perSecond: Double
        let burst: Double
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let perKey: Rate
    let perConversation: Rate
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Buckets kept at most; past it, full buckets (idle callers) are forgotten.
    private let capacity = 100_000

    init(perKey: Rate, perConversation: Rate) {
        self.perKey = perKey
        self.perConversation = perConversation
    }

    /// Takes a token from `name`'s bucket, or throws 429 `rate-limited`.
    func admit(_ name: String, rate: Rate) throws(APIError) {
        let now = ContinuousClock.now
        let wait: Double? = buckets.withLock { buckets in
            var bucket = buckets[name] ?? Bucket(tokens: rate.burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(rate.burst, bucket.tokens + seconds * rate.perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[name] = bucket
                return (1 - bucket.tokens) / rate.perSecond
            }
            bucket.tokens -= 1
            buckets[name] = bucket
            if buckets.count > capacity { Self.forgetIdle(&buckets, now: now, rate: rate) }
            return nil
        }
        if let wait {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw APIError(
                .tooManyRequests,
                code: "rate-limited",
                "too many requests for this \(name.hasPrefix("key:") ? "key" : "conversation"); retry in \(seconds) s",
                headers: [.retryAfter: String(seconds)]
            )
        }
    }

    private static func forgetIdle(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant, rate: Rate) {
        let refill = Duration.seconds(rate.burst / max(rate.perSecond, 0.001))
        buckets = buckets.filter { now - $0.value.updated < refill }
        if buckets.count > 50_000 { buckets.removeAll() }
    }
}
