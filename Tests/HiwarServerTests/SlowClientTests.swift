import Foundation
import HiwarServer
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Slow and silent clients")
struct SlowClientTests {
    @Test("a client that sends half a request and stalls is cut off at the idle timeout; others are served meanwhile")
    func slowloris() async throws {
        let harness = try ServerHarness { $0.idleTimeout = .milliseconds(1_500) }
        try await harness.live { http in
            let port = try #require(http.client.port)
            let socket = try RawConnection(port: port)
            defer { socket.close() }
            try socket.send(
                "POST /v1/conversations/slow/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"te"
            )
            // Another customer is answered while the slow one holds its connection: on a connection of its own, opened
            // now (the test client's pooled connection may itself sit idle past the short timeout on a busy machine,
            // which would say nothing about the server).
            let quick = try RawConnection(port: port)
            defer { quick.close() }
            let body = #"{"text":"hello"}"#
            try quick.send(
                "POST /v1/conversations/quick/messages HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer \(ServerHarness.allKey)\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
            #expect(quick.statusCode(seconds: 30) == 200)
            let started = Date()
            let closed = socket.waitForClose(seconds: 10)
            #expect(closed, "the server kept a stalled connection open")
            #expect(Date().timeIntervalSince(started) < 9)
        }
    }
}

/// A plain TCP connection to the loopback port, for sending what no HTTP client would.
struct RawConnection {
    let descriptor: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(result == 0, "connect failed: \(errno)")
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        // MSG_NOSIGNAL: a peer that already closed is an error here, not a SIGPIPE that ends the test process.
        #if canImport(Glibc)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        #else
        let sent = bytes.withUnsafeBytes { Darwin.send(descriptor, $0.baseAddress, $0.count, 0) }
        #endif
        try #require(sent == bytes.count)
    }

    /// Whether the peer closed the connection within `seconds` (a read returns 0 or fails).
    func waitForClose(seconds: Int) -> Bool {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    /// The status code of the response the peer sends within `seconds`, or `nil`.
    func statusCode(seconds: Int) -> Int? {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1_024)
        while !received.contains(UInt8(ascii: "\n")) {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            received += buffer[..<count]
        }
        // HTTP/1.1 200 OK
        let line = String(decoding: received, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}
