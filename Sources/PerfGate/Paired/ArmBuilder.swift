import Foundation

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One side of a paired comparison: a release build of `perfgate` from one commit or from the
/// working tree.
package struct Arm: Sendable, Equatable {
    /// "base" or "head".
    package var label: String
    /// The ref as the user gave it ("main", "HEAD~3"), or nil for the working tree.
    package var ref: String?
    /// The commit the arm was built from (for the working tree: the commit it is based on).
    package var commit: String
    /// Whether the arm is the working tree with uncommitted changes.
    package var isDirty: Bool
    /// The cache key: the commit, or for a changed working tree a hash of its changes.
    package var key: String
    /// The release `perfgate` executable that runs the arm's rounds: the arm's own build, or the
    /// running perfgate for a suite that starts the user's service (``ArmBuilder/sharedDriver``).
    package var executable: String
    /// The arm's sources: its worktree under `.perfgate/ab/worktrees/`, or the repository's root
    /// for the working tree. A suite's `start` command runs here, so each arm starts its own build
    /// of the user's service.
    package var sourceDirectory: String = ""
    /// Whether the build came from the cache.
    package var wasCached: Bool

    /// How a report names the arm: "main (7493244)" or "the working tree (300be5e + changes)".
    package var description: String {
        let short = String(commit.prefix(7))
        guard let ref else {
            return isDirty ? "the working tree (\(short) + uncommitted changes)" : "the working tree (\(short))"
        }
        return ref.hasPrefix(short) || short.hasPrefix(ref) ? short : "\(ref) (\(short))"
    }
}

/// Builds the arms of a paired comparison in release, each in a git worktree of its own under
/// `.perfgate/ab/worktrees/`, and caches the executables by commit under `.perfgate/ab/builds/`
/// so that a rerun does not rebuild.
///
/// The working tree is built where it is (`swift build -c release`, incremental), since its
/// uncommitted changes are part of it, and cached under a hash of those changes. A worktree left
/// dirty or half-built by an interrupted run is reset to its commit and reused (ignored files,
/// the `.build` folder among them, are kept so the build stays incremental); one that git no
/// longer knows is pruned and made again. Executables are copied into the cache under a
/// temporary name and renamed, so a cached build is always whole.
package struct ArmBuilder: Sendable {
    /// The repository.
    package var repository: GitRepository
    /// The folder the worktrees, builds and logs live in.
    package var folder: String
    /// Reports progress, one line per step.
    package var progress: (@Sendable (String) -> Void)?
    /// The `perfgate` that drives both arms, for a suite whose `start` command builds and runs the
    /// user's service from each arm's sources: then the arms differ only in the service, nothing of
    /// perfgate is built, and a change to perfgate itself cannot pass for a change in the service
    /// (each arm's own perfgate would measure with its own driver). Each arm gets its sources: a
    /// worktree at its commit, or the working tree. Nil builds each arm's own perfgate.
    package var sharedDriver: String?
    /// Whether every commit builds in one worktree, `.perfgate/ab/worktrees/incremental`, checked
    /// out in turn, instead of a worktree per commit: commits close in history (a bisect's) then
    /// build incrementally, in seconds rather than minutes. For suites that do not run an arm's
    /// sources during its rounds (no ``sharedDriver``): the worktree holds one commit at a time.
    package var sharesOneWorktree = false

    /// Creates a builder that keeps its files under `<root>/.perfgate/ab`.
    package init(repository: GitRepository, progress: (@Sendable (String) -> Void)? = nil) {
        self.repository = repository
        self.folder = repository.root + "/.perfgate/ab"
        self.progress = progress
    }

    /// Builds (or finds in the cache) the arm of a ref, or of the working tree when `ref` is nil.
    ///
    /// - Throws: `abUnknownRef`, or `abBuildFailed` naming the build log.
    package func arm(_ label: String, ref: String?) throws(PerfGateError) -> Arm {
        if let ref {
            let commit = try repository.commit(for: ref)
            return try build(label, ref: ref, commit: commit)
        }
        let commit = try repository.headCommit()
        let key = try repository.workingTreeIdentity()
        return try buildWorkingTree(label, commit: commit, key: key)
    }

    /// ``arm(_:ref:)`` off the cooperative thread pool (a build takes minutes of blocking waits).
    package func build(_ label: String, ref: String?) async throws(PerfGateError) -> Arm {
        let result: Result<Arm, PerfGateError> = await PairedGate.detached {
            do throws(PerfGateError) {
                return .success(try arm(label, ref: ref))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The cached executable of a key, if a whole one is there.
    func cachedExecutable(_ key: String) -> String? {
        let path = "\(folder)/builds/\(key)/perfgate"
        return access(path, X_OK) == 0 ? path : nil
    }

    private func build(_ label: String, ref: String, commit: String) throws(PerfGateError) -> Arm {
        var arm = Arm(
            label: label,
            ref: ref,
            commit: commit,
            isDirty: false,
            key: commit,
            executable: "",
            wasCached: true
        )
        let worktree =
            sharesOneWorktree && sharedDriver == nil
            ? "\(folder)/worktrees/incremental" : "\(folder)/worktrees/\(commit.prefix(12))"
        arm.sourceDirectory = worktree
        if let sharedDriver {
            // Only the sources are needed: the running perfgate drives the arm.
            arm.executable = sharedDriver
            progress?("checking out \(label) \(arm.description) for its service; perfgate itself is this one")
            try prepareWorktree(worktree, commit: commit)
            return arm
        }
        if let cached = cachedExecutable(commit) {
            arm.executable = cached
            return arm
        }
        try prepareWorktree(worktree, commit: commit)
        let log = "\(folder)/logs/\(commit.prefix(12)).log"
        progress?("building \(label) \(arm.description) in release; log: \(log)")
        try swiftBuild(in: worktree, log: log, what: arm.description)
        arm.executable = try store(worktree + "/.build/release/perfgate", key: commit)
        arm.wasCached = false
        return arm
    }

    private func buildWorkingTree(_ label: String, commit: String, key: String) throws(PerfGateError) -> Arm {
        var arm = Arm(
            label: label,
            ref: nil,
            commit: commit,
            isDirty: key != commit,
            key: key,
            executable: "",
            wasCached: true
        )
        arm.sourceDirectory = repository.root
        if let sharedDriver {
            arm.executable = sharedDriver
            return arm
        }
        if let cached = cachedExecutable(key) {
            arm.executable = cached
            return arm
        }
        let log = "\(folder)/logs/working-tree.log"
        progress?("building \(label), \(arm.description), in release; log: \(log)")
        try swiftBuild(in: repository.root, log: log, what: arm.description)
        arm.executable = try store(repository.root + "/.build/release/perfgate", key: key)
        arm.wasCached = false
        return arm
    }

    /// Makes `path` a clean worktree at `commit`, reusing it when git still knows it.
    private func prepareWorktree(_ path: String, commit: String) throws(PerfGateError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: path + "/.git"),
            (try? repository.git(["rev-parse", "--is-inside-work-tree"], in: path)) == "true"
        {
            // Reused: an interrupted run may have left it dirty or on another commit.
            try repository.git(["checkout", "--quiet", "--force", "--detach", commit], in: path)
            try repository.git(["clean", "--quiet", "-ffd"], in: path)
            return
        }
        try? manager.removeItem(atPath: path)
        try repository.git(["worktree", "prune"])
        do {
            try manager.createDirectory(atPath: folder + "/worktrees", withIntermediateDirectories: true)
        } catch {
            throw PerfGateError(
                code: .abIO,
                message: "Cannot create '\(folder)/worktrees'; check the permissions of .perfgate/.",
                cause: "\(error)"
            )
        }
        try repository.git(["worktree", "add", "--quiet", "--force", "--detach", path, commit])
    }

    private func swiftBuild(in directory: String, log: String, what: String) throws(PerfGateError) {
        try? FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: log)
        let outcome = try ProcessRunner.run(
            "/usr/bin/env",
            ["swift", "build", "-c", "release", "--product", "perfgate", "--package-path", directory],
            logPath: log,
            timeout: .seconds(1_800)
        )
        guard outcome.status == 0 else {
            throw PerfGateError(
                code: .abBuildFailed,
                message: "The release build of \(what) failed (exit \(outcome.status)); its log is \(log). "
                    + "Fix the build, or compare with a commit that builds."
            )
        }
    }

    /// Copies a built executable into the cache under `key`, atomically.
    private func store(_ built: String, key: String) throws(PerfGateError) -> String {
        let manager = FileManager.default
        let directory = "\(folder)/builds/\(key)"
        let target = directory + "/perfgate"
        let temporary = directory + "/perfgate.partial-\(getpid())"
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? manager.removeItem(atPath: temporary)
            try manager.copyItem(atPath: built, toPath: temporary)
            guard rename(temporary, target) == 0 else {
                throw PerfGateError(code: .abIO, message: "Cannot rename '\(temporary)' to '\(target)'.")
            }
        } catch let error as PerfGateError {
            throw error
        } catch {
            throw PerfGateError(
                code: .abIO,
                message: "Cannot copy the build '\(built)' into the cache '\(directory)'; check the disk and "
                    + "permissions.",
                cause: "\(error)"
            )
        }
        return target
    }
}
