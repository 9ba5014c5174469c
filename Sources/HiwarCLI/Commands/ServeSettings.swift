import Foundation
import Hiwar
import HiwarServer
import Logging

/// `hiwar serve`'s settings, each from its flag, else `HIWAR_*`, else the config file, else the default.
struct ServeSettings {
    var server = ServerConfiguration()
    var keyring = APIKeyring([])
    var storeName = "memory"
    var store = StoreArgument.memory
    var actions: String?
    var logFormat = "json"
    var logLevel = Logger.Level.info

    init(command: Serve, environment: [String: String]) throws(ServerSetupError) {
        let file = try Self.configFile(command.config ?? environment["HIWAR_CONFIG"])
        func setting(_ flag: String?, _ name: String) -> String? {
            flag ?? environment["HIWAR_" + name.uppercased()] ?? file[name]
        }
        server.host = setting(command.host, "host") ?? server.host
        if let port = setting(command.port.map(String.init), "port") {
            guard let number = Int(port), (0...65_535).contains(number) else {
                throw ServerSetupError(code: .invalidSetting, message: "port \"\(port)\" is not 0 to 65535")
            }
            server.port = number
        }
        storeName = setting(command.store, "store") ?? "memory"
        actions = setting(command.actions, "actions")
        logFormat = setting(command.logFormat, "log_format") ?? "json"
        guard ["json", "text"].contains(logFormat) else {
            throw ServerSetupError(code: .invalidSetting, message: "log format \"\(logFormat)\" is not json or text")
        }
        if let level = setting(command.logLevel, "log_level") {
            guard let known = Logger.Level(rawValue: level) else {
                throw ServerSetupError(
                    code: .invalidSetting,
                    message: "log level \"\(level)\" is not one of swift-log's"
                )
            }
            logLevel = known
        }
        if let rate = try Self.rate(setting(command.ratePerConversation.map { "\($0)" }, "rate_per_conversation")) {
            server.conversationRate = (rate, rate * 2)
        }
        if let rate = try Self.rate(setting(command.ratePerKey.map { "\($0)" }, "rate_per_key")) {
            server.keyRate = (rate, rate * 2)
        }
        var keys: [APIKey] = []
        if let path = setting(command.keys, "api_keys_file") {
            keys += try APIKeyring.load(path: path).keys
        }
        if let secret = environment["HIWAR_API_KEY"], !secret.isEmpty {
            keys.append(APIKey(name: "HIWAR_API_KEY", secret: secret))
        }
        guard !keys.isEmpty else {
            throw ServerSetupError(
                code: .noKeys,
                message: "no API key: set HIWAR_API_KEY (one key, every scope) or --keys FILE (hashed keys with scopes)"
            )
        }
        keyring = APIKeyring(keys)
        if let url = setting(command.webhook, "webhook_url") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
            else {
                throw ServerSetupError(code: .invalidSetting, message: "webhook \"\(url)\" is not an http(s) URL")
            }
            guard let secret = environment["HIWAR_WEBHOOK_SECRET"] ?? file["webhook_secret"], !secret.isEmpty else {
                throw ServerSetupError(
                    code: .invalidSetting,
                    message: "a webhook needs HIWAR_WEBHOOK_SECRET: receivers check each delivery's signature with it"
                )
            }
            server.webhook = WebhookConfiguration(url: parsed, secret: secret)
        }
        guard let parsed = StoreArgument.parse(storeName) else {
            throw ServerSetupError(
                code: .invalidSetting,
                message: "store \"\(storeName)\" is not \(StoreArgument.forms)"
            )
        }
        store = parsed
    }

    private static func rate(_ text: String?) throws(ServerSetupError) -> Double? {
        guard let text else { return nil }
        guard let rate = Double(text), rate > 0, rate.isFinite else {
            throw ServerSetupError(code: .invalidSetting, message: "rate \"\(text)\" is not a positive number")
        }
        return rate
    }

    private static func configFile(_ path: String?) throws(ServerSetupError) -> [String: String] {
        guard let path else { return [:] }
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw ServerSetupError(code: .invalidSetting, message: "\(path): not a JSON object of settings")
        }
        var settings: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: settings[key] = text
            case let number as NSNumber: settings[key] = number.stringValue
            default:
                throw ServerSetupError(
                    code: .invalidSetting,
                    message: "\(path): \"\(key)\" must be a string or a number"
                )
            }
        }
        return settings
    }
}
