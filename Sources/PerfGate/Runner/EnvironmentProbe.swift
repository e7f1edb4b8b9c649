import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Reads the fingerprint of the machine and build a run measures, and the CPU canary that
/// calibrates results between machines and noisy periods.
enum EnvironmentProbe {
    /// The fingerprint of this machine and build; `calibrationScore` comes from ``calibrate(for:)``.
    ///
    /// - Parameter calibrationScore: The canary's score measured beside the rounds.
    static func fingerprint(calibrationScore: Double) -> EnvironmentFingerprint {
        let identity = machineIdentity()
        return EnvironmentFingerprint(
            hostname: hostname(),
            os: operatingSystem(),
            cpuModel: cpuModel(),
            logicalCores: max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))),
            memoryBytes: UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES)))) * UInt64(max(0, sysconf(Int32(_SC_PAGESIZE)))),
            swiftVersion: swiftVersion,
            buildConfiguration: buildConfiguration,
            gitCommit: gitCommit(),
            calibrationScore: calibrationScore,
            gitDirty: gitDirty(),
            machineID: identity.machineID,
            bootID: identity.bootID
        )
    }

    /// This machine's identity: `/etc/machine-id` and the kernel's boot id, nil where unreadable.
    static func machineIdentity() -> (machineID: String?, bootID: String?) {
        (firstLine(of: "/etc/machine-id"), firstLine(of: "/proc/sys/kernel/random/boot_id"))
    }

    /// The first line of a small system file, trimmed; nil when unreadable or empty.
    static func firstLine(of path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
        return line?.isEmpty == false ? line : nil
    }

    /// Whether the current directory's working tree has uncommitted changes (git status); nil
    /// outside a repository or without git.
    static func gitDirty() -> Bool? {
        guard let repository = try? GitRepository() else { return nil }
        return try? repository.isDirty()
    }

    /// "release" or "debug", as this binary was built.
    static var buildConfiguration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    /// The compiler version this binary was built with.
    static var swiftVersion: String {
        #if compiler(>=6.4)
        "6.4+"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "older than 6.2"
        #endif
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func operatingSystem() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return "\(field(names.sysname)) \(field(names.release)) \(field(names.machine))"
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let value = line.split(separator: ":", maxSplits: 1).last {
                return value.trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// The commit checked out in the current directory's repository, read from `.git` without
    /// running git; "unknown" outside a repository.
    ///
    /// The repository is the nearest `.git` at or above `directory`. A `.git` file (a worktree
    /// made by `git worktree add`, or a submodule) names the real git directory with `gitdir:`;
    /// a worktree's branches live in the common directory its `commondir` file names.
    static func gitCommit(in directory: String = FileManager.default.currentDirectoryPath) -> String {
        guard let gitDirectory = gitDirectory(above: directory),
            let head = try? String(contentsOfFile: gitDirectory + "/HEAD", encoding: .utf8)
        else { return "unknown" }
        let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("ref: ") else { return trimmed }
        let reference = String(trimmed.dropFirst(5))
        var places = [gitDirectory]
        if let common = try? String(contentsOfFile: gitDirectory + "/commondir", encoding: .utf8) {
            places.append(resolved(common.trimmingCharacters(in: .whitespacesAndNewlines), from: gitDirectory))
        }
        for place in places {
            if let commit = try? String(contentsOfFile: place + "/" + reference, encoding: .utf8) {
                return commit.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let packed = try? String(contentsOfFile: place + "/packed-refs", encoding: .utf8) {
                for line in packed.split(separator: "\n") where line.hasSuffix(" " + reference) {
                    return String(line.prefix { $0 != " " })
                }
            }
        }
        return "unknown"
    }

    /// The git directory of the repository at or above `directory`, following a `.git` file's
    /// `gitdir:` line; nil when there is none.
    static func gitDirectory(above directory: String) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL.path
        while true {
            let candidate = current + "/.git"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) {
                if isDirectory.boolValue { return candidate }
                guard let text = try? String(contentsOfFile: candidate, encoding: .utf8),
                    let line = text.split(separator: "\n").first(where: { $0.hasPrefix("gitdir: ") })
                else { return nil }
                return resolved(String(line.dropFirst("gitdir: ".count)), from: current)
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// `path`, or `path` taken from `base` when it is relative.
    private static func resolved(_ path: String, from base: String) -> String {
        let trimmed = path.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("/") ? trimmed : URL(fileURLWithPath: base + "/" + trimmed).standardizedFileURL.path
    }

    /// Runs the fixed CPU canary for about `duration` and returns its rate in iterations per
    /// second (each iteration mixes a 4 KiB buffer once).
    ///
    /// The canary is pure integer work on a cache-resident buffer, so its rate moves with the
    /// CPU's speed and with competition for it, not with the code under test.
    static func calibrate(for duration: Duration = .milliseconds(200)) -> Double {
        var buffer = [UInt64](repeating: 0, count: 512)
        for index in buffer.indices { buffer[index] = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 }
        let clock = ContinuousClock()
        let start = clock.now
        var iterations = 0
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        while clock.now - start < duration {
            for _ in 0..<64 {
                for index in buffer.indices {
                    state = (state ^ buffer[index]) &* 0x100_0000_01B3
                    buffer[index] = state >> 7
                }
            }
            iterations += 64
        }
        withExtendedLifetime(state) {}
        let seconds =
            Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        return seconds > 0 ? Double(iterations) / seconds : 0
    }
}
