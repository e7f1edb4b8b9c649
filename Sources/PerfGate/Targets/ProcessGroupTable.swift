#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The processes of one process group, read from `/proc/<pid>/stat`: which are still alive, and
/// what memory and CPU time they use.
///
/// Linux only; elsewhere, and where `/proc` cannot be read, ``members(ofGroup:)`` is nil.
enum ProcessGroupTable {
    /// One process of a group, as `/proc/<pid>/stat` describes it.
    struct Member: Sendable, Equatable {
        /// The process ID.
        var pid: pid_t
        /// Whether it has exited and waits to be reaped.
        var isZombie: Bool
        /// Resident set size, in bytes.
        var residentBytes: UInt64
        /// User and system CPU time, its own and that of the children it has reaped, in clock ticks.
        var cpuTicks: UInt64
    }

    /// The clock ticks per second of the CPU times in `/proc`.
    static let ticksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()

    /// The size of a memory page, in bytes.
    static let pageBytes: UInt64 = {
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? UInt64(size) : 4096
    }()

    /// Every process of the group `group`, zombies included; nil when `/proc` cannot be read.
    ///
    /// - Complexity: O(*p*) file reads for the *p* processes of the machine.
    static func members(ofGroup group: pid_t) -> [Member]? {
        guard let directory = opendir("/proc") else { return nil }
        defer { closedir(directory) }
        var members: [Member] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), let member = member(pid: pid, group: group) else { continue }
            members.append(member)
        }
        return members
    }

    /// The process `pid` when it belongs to `group`.
    ///
    /// `/proc/<pid>/stat` is `pid (comm) state ppid pgrp …`; the command name may hold spaces and
    /// parentheses, so fields are counted from the last `)`: after it, index 0 is the state, 2 the
    /// group, 11 and 12 user and system time, 13 and 14 those of reaped children, 21 the RSS in pages.
    static func member(pid: pid_t, group: pid_t) -> Member? {
        guard let text = readSmallFile("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 21, pid_t(fields[2]) == group else { return nil }
        let ticks = fields[11...14].reduce(UInt64(0)) { $0 + (UInt64($1) ?? 0) }
        return Member(
            pid: pid,
            isZombie: fields[0] == "Z" || fields[0] == "X",
            residentBytes: (UInt64(fields[21]) ?? 0) * pageBytes,
            cpuTicks: ticks
        )
    }

    /// The text of a `/proc` file of at most a few kilobytes, or nil when it cannot be read.
    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        var length = 0
        while length < bytes.count {
            let count = bytes[length...].withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            length += count
        }
        return length > 0 ? String(decoding: bytes[0..<length], as: UTF8.self) : nil
    }
}
