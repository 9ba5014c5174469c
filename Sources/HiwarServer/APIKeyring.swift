internal import Crypto
internal import Foundation

/// What a key may do.
public enum APIScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// Send customers' messages, read a conversation, release a handed-off one.
    case messages
    /// Deliver notices, one at a time or in batches.
    case events
    /// Reload the bot, erase a conversation, read the metrics.
    case admin
}

/// A caller's key as the server keeps it: a name, its scopes, and the SHA-256 digest of the secret — never the
/// secret itself.
public struct APIKey: Sendable, Hashable {
    /// The name logs and metrics use for the key.
    public let name: String
    /// What it may do.
    public let scopes: Set<APIScope>
    let digest: [UInt8]

    /// A key from its SHA-256 digest (64 hex digits, as `printf %s "$SECRET" | sha256sum` prints it).
    ///
    /// - Returns: `nil` when `sha256` is not 64 hex digits.
    public init?(name: String, sha256: String, scopes: Set<APIScope>) {
        guard let digest = Self.bytes(hex: sha256), digest.count == SHA256.byteCount else { return nil }
        self.name = name
        self.scopes = scopes
        self.digest = digest
    }

    /// A key from its secret, hashed at once (the environment's `HIWAR_API_KEY`).
    public init(name: String, secret: String, scopes: Set<APIScope> = Set(APIScope.allCases)) {
        self.name = name
        self.scopes = scopes
        self.digest = Array(SHA256.hash(data: Data(secret.utf8)))
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The keys a server accepts.
///
/// A presented secret is hashed once and compared with every key's digest in constant time, all keys always
/// compared, so neither the time nor the order of keys tells a caller how close a guess was.
public struct APIKeyring: Sendable {
    /// The keys.
    public let keys: [APIKey]

    /// A keyring of `keys`.
    public init(_ keys: [APIKey]) {
        self.keys = keys
    }

    /// The key whose secret is `secret`, or `nil`.
    public func key(for secret: String) -> APIKey? {
        let presented = Array(SHA256.hash(data: Data(secret.utf8)))
        var found: APIKey?
        for key in keys {
            var difference: UInt8 = 0
            for (a, b) in zip(key.digest, presented) { difference |= a ^ b }
            if difference == 0 && found == nil { found = key }
        }
        return found
    }

    /// Reads a keys file: `{"keys": [{"name": "billing", "sha256": "<64 hex digits>", "scopes": ["events"]}]}`.
    ///
    /// - Throws: ``ServerSetupError`` (`keys-file`) naming the file and the entry at fault.
    public static func load(path: String) throws(ServerSetupError) -> APIKeyring {
        struct File: Decodable {
            struct Entry: Decodable {
                let name: String
                let sha256: String
                let scopes: [String]
            }
            let keys: [Entry]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ServerSetupError(code: .keysFile, message: "\(path): not a keys file (\(error.localizedDescription))")
        }
        var keys: [APIKey] = []
        for (index, entry) in file.keys.enumerated() {
            var scopes: Set<APIScope> = []
            for scope in entry.scopes {
                guard let known = APIScope(rawValue: scope) else {
                    throw ServerSetupError(
                        code: .keysFile,
                        message:
                            "\(path): keys[\(index)] (\(entry.name)): unknown scope \"\(scope)\"; use \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                scopes.insert(known)
            }
            guard let key = APIKey(name: entry.name, sha256: entry.sha256, scopes: scopes) else {
                throw ServerSetupError(
                    code: .keysFile,
                    message: "\(path): keys[\(index)] (\(entry.name)): sha256 must be 64 hex digits"
                )
            }
            keys.append(key)
        }
        return APIKeyring(keys)
    }
}

/// Why a server cannot start: a stable code and a message naming what to fix.
public struct ServerSetupError: Error, Sendable, CustomStringConvertible {
    /// The stable codes.
    public enum Code: String, Sendable {
        /// No key is configured: every route but health and the document would refuse everyone.
        case noKeys = "no-keys"
        /// The keys file cannot be read or is malformed.
        case keysFile = "keys-file"
        /// A setting is out of range or malformed.
        case invalidSetting = "invalid-setting"
        /// The store cannot be opened.
        case store
    }

    /// The code.
    public let code: Code
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
