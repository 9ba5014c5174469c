import Foundation

/// Files that may hold a customer's words: readable by their owner only (0600).
enum PrivateFile {
    /// Writes `data` to `path`, creating the file 0600 (an existing file is made 0600 first, so no
    /// one else can read the new content even for a moment).
    static func write(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard fchmod(descriptor, 0o600) == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        try handle.write(contentsOf: data)
        try handle.close()
    }
}
