#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process resource figures; each is nil when it cannot be read on this system, never 0.
public struct ResourceUsage: Sendable, Equatable {
    /// Resident set size, in bytes.
    public var residentBytes: UInt64?
    /// Peak resident set size, in bytes.
    public var peakResidentBytes: UInt64?
    /// CPU time used since the previous sample, as a percentage of one core (200 = two cores busy).
    public var cpuPercent: Double?
    /// CPU time used since the process started, user and system, in seconds.
    public var cpuSeconds: Double? = nil
    /// Threads in the process.
    public var threadCount: Int?
    /// Open file descriptors.
    public var openFileCount: Int?

    /// Creates a set of figures.
    public init(
        residentBytes: UInt64? = nil,
        peakResidentBytes: UInt64? = nil,
        cpuPercent: Double? = nil,
        threadCount: Int? = nil,
        openFileCount: Int? = nil
    ) {
        self.residentBytes = residentBytes
        self.peakResidentBytes = peakResidentBytes
        self.cpuPercent = cpuPercent
        self.threadCount = threadCount
        self.openFileCount = openFileCount
    }
}

/// Reads the process's own resource usage from `/proc/self` and `getrusage`.
///
/// CPU percent is the change in user + system CPU time between two samples divided by the wall
/// time between them, so the first sample has no CPU figure.
public struct ResourceSampler: Sendable {
    private var previousCPUSeconds: Double?
    private var previousWall: Duration?

    /// Creates a sampler.
    public init() {}

    /// Reads every figure now.
    public mutating func sample() -> ResourceUsage {
        var usage = ResourceUsage()
        let status = Self.readFile("/proc/self/status")
        if let status {
            usage.residentBytes = Self.kilobytes(field: "VmRSS:", in: status).map { $0 * 1024 }
            usage.peakResidentBytes = Self.kilobytes(field: "VmHWM:", in: status).map { $0 * 1024 }
            usage.threadCount = Self.kilobytes(field: "Threads:", in: status).map { Int($0) }
        }
        usage.openFileCount = Self.countEntries(in: "/proc/self/fd")
        (usage.cpuPercent, usage.cpuSeconds) = cpuFigures()
        return usage
    }

    private mutating func cpuFigures() -> (percent: Double?, seconds: Double?) {
        var rusageNow = rusage()
        guard getrusage(RUSAGE_SELF_WHO, &rusageNow) == 0 else { return (nil, nil) }
        let cpu =
            Double(rusageNow.ru_utime.tv_sec) + Double(rusageNow.ru_utime.tv_usec) / 1e6
            + Double(rusageNow.ru_stime.tv_sec) + Double(rusageNow.ru_stime.tv_usec) / 1e6
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let wall = Duration.seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
        defer {
            previousCPUSeconds = cpu
            previousWall = wall
        }
        guard let previousCPUSeconds, let previousWall else { return (nil, cpu) }
        let elapsed = (wall - previousWall).seconds
        guard elapsed > 0 else { return (nil, cpu) }
        return (max(0, (cpu - previousCPUSeconds) / elapsed * 100), cpu)
    }

    /// The value of a `Name:   1234 kB` line of a `/proc` status file.
    static func kilobytes(field: String, in text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            let number = line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return number.flatMap { UInt64($0) }
        }
        return nil
    }

    static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if read <= 0 { break }
            bytes.append(contentsOf: chunk[0..<read])
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    static func countEntries(in directory: String) -> Int? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var count = 0
        while let entry = readdir(handle) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDot { count += 1 }
        }
        // The directory handle itself is one of the entries while it is open.
        return max(0, count - 1)
    }
}

#if canImport(Glibc)
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif
