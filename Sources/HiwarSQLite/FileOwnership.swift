internal import Foundation
internal import Synchronization

/// This process's hold on a store file: an exclusive `flock` that keeps every other process out, and a count of
/// the commits made through it.
///
/// A SQLite store serves one process (only PostgreSQL serializes a conversation's turns across processes), and
/// holding the file makes that a guarantee instead of advice: a second process opening it gets an error, not
/// interleaved turns and reminders fired twice. Owning the file also makes the store's decoded conversations
/// authoritative — nobody else can change a row — so a load that finds its conversation decoded reads nothing.
///
/// Several stores on one file in one process share one ownership (a `flock` is per open file, so a second would
/// refuse its own process) and learn from its commit count whether another of them wrote since they last looked.
final class FileOwnership: Sendable {
    /// The open file that holds the `flock`; closing it releases the file.
    private let descriptor: Int32
    /// Whether the `flock` is held: `false` on a file system that cannot lock files, where other processes may
    /// write the file too.
    let exclusive: Bool
    private let commits = Atomic<UInt64>(0)

    private init(descriptor: Int32, exclusive: Bool) {
        self.descriptor = descriptor
        self.exclusive = exclusive
    }

    deinit { close(descriptor) }

    /// How many commits the stores on this file have made in this process.
    var generation: UInt64 { commits.load(ordering: .acquiring) }

    /// Counts a commit that has just completed; returns the generation before it.
    func advance() -> UInt64 { commits.add(1, ordering: .acquiringAndReleasing).oldValue }

    /// A file by device and inode: the same file under any path.
    private struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    /// Without keeping it alive: an ownership ends with the last store that uses it.
    private struct WeakReference: @unchecked Sendable {
        weak var ownership: FileOwnership?
    }

    /// The files this process holds.
    private static let held = Mutex<[Identity: WeakReference]>([:])

    /// Holds the file at `path` for this process, creating it (readable by its owner only) when missing.
    ///
    /// With `locking: false` it takes no `flock`, as on a file system that cannot lock files.
    ///
    /// - Throws: `SQLiteStoreError` with ``SQLiteStoreError/Code/inUse`` when another process holds it, or
    ///   ``SQLiteStoreError/Code/unreadable`` when it cannot be opened.
    static func acquire(path: String, locking: Bool = true) throws(SQLiteStoreError) -> FileOwnership {
        try held.withLock { held throws(SQLiteStoreError) -> FileOwnership in
            held = held.filter { $0.value.ownership != nil }
            var status = stat()
            // Already held by a store in this process: share it. Opening and closing the file again here would
            // drop the locks SQLite holds on it for that store (POSIX locks end with any descriptor's close).
            if stat(path, &status) == 0, let ownership = held[Identity(status)]?.ownership {
                return ownership
            }
            // Conversations hold customers' words: a new store is readable by its owner only (SQLite gives the
            // -wal and -shm files the database file's permissions).
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw SQLiteStoreError(code: .unreadable, path: path, message: String(cString: strerror(errno)))
            }
            guard fstat(descriptor, &status) == 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw SQLiteStoreError(code: .unreadable, path: path, message: reason)
            }
            let locked = locking && flock(descriptor, LOCK_EX | LOCK_NB) == 0
            let failure = errno
            // On a file system that cannot lock files the descriptor stays open all the same, so that it is
            // closed only after the store's connections.
            if locking, !locked, failure == EWOULDBLOCK {
                close(descriptor)
                throw SQLiteStoreError(
                    code: .inUse,
                    path: path,
                    message: """
                        another process has it open; a SQLite store serves one process at a time (to share \
                        conversations between processes, use a PostgreSQL store)
                        """
                )
            }
            let ownership = FileOwnership(descriptor: descriptor, exclusive: locked)
            held[Identity(status)] = WeakReference(ownership: ownership)
            return ownership
        }
    }
}
