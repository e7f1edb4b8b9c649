import Foundation

/// The git repository a paired comparison builds its arms from, driven through the `git`
/// command line.
///
/// Every call runs `git -C root …` and never changes the user's working tree, index or
/// branches: arms are built in worktrees of their own under `.perfgate/ab/`.
package struct GitRepository: Sendable {
    /// The top folder of the working tree.
    package let root: String

    /// Opens the repository that holds `directory`.
    ///
    /// - Throws: `abNoRepository` when `directory` is not inside a git working tree (or git is
    ///   not installed).
    package init(containing directory: String = FileManager.default.currentDirectoryPath) throws(PerfGateError) {
        let outcome = try? ProcessRunner.run("/usr/bin/env", ["git", "-C", directory, "rev-parse", "--show-toplevel"])
        guard let outcome, outcome.status == 0 else {
            throw PerfGateError(
                code: .abNoRepository,
                message: "'\(directory)' is not inside a git repository; a paired comparison builds commits of one. "
                    + "Run it from a clone of the project (git clone, not a downloaded archive)."
            )
        }
        root = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git in the repository and returns its standard output, trimmed.
    ///
    /// - Throws: `abGit` with git's own message when it fails.
    @discardableResult
    func git(_ arguments: [String], in directory: String? = nil) throws(PerfGateError) -> String {
        // No optional locks: a status read never takes the index lock from the user's own git.
        let outcome = try ProcessRunner.run(
            "/usr/bin/env",
            ["git", "--no-optional-locks", "-C", directory ?? root] + arguments
        )
        guard outcome.status == 0 else {
            let reason = outcome.errorOutput.split(separator: "\n").first.map(String.init) ?? "exit \(outcome.status)"
            throw PerfGateError(
                code: .abGit,
                message: "git \(arguments.joined(separator: " ")) failed: \(reason)"
            )
        }
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The full commit id a ref names.
    ///
    /// - Throws: `abUnknownRef` naming the ref, with the fix for a shallow clone when the
    ///   repository is one.
    package func commit(for ref: String) throws(PerfGateError) -> String {
        guard !ref.isEmpty, !ref.hasPrefix("-"),
            let id = try? git(["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"]),
            !id.isEmpty
        else {
            let shallow =
                isShallow
                ? " This clone is shallow: fetch the history (git fetch --unshallow, or "
                    + "fetch-depth: 0 in actions/checkout)." : ""
            throw PerfGateError(
                code: .abUnknownRef,
                message: "'\(ref)' names no commit in \(root); give a branch, tag or commit id "
                    + "(git log --oneline shows them).\(shallow)"
            )
        }
        return id
    }

    /// Whether the commit is in this clone.
    package func hasCommit(_ id: String) -> Bool {
        (try? git(["cat-file", "-e", id + "^{commit}"])) != nil
    }

    /// Whether this clone is shallow (CI checkouts often are).
    package var isShallow: Bool {
        (try? git(["rev-parse", "--is-shallow-repository"])) == "true"
    }

    /// The commit checked out in the working tree.
    package func headCommit() throws(PerfGateError) -> String { try commit(for: "HEAD") }

    /// Whether the working tree has changes, tracked or untracked, outside ignored files.
    package func isDirty() throws(PerfGateError) -> Bool {
        !(try git(["status", "--porcelain", "--untracked-files=normal"])).isEmpty
    }

    /// A hash that names the working tree's content exactly: the commit, the diff of tracked
    /// files against it, and the content of untracked files that git does not ignore.
    ///
    /// - Complexity: O(size of the changes).
    package func workingTreeIdentity() throws(PerfGateError) -> String {
        let head = try headCommit()
        guard try isDirty() else { return head }
        let diff = try git(["diff", "HEAD", "--binary"])
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"])
            .split(separator: "\0").map(String.init).sorted()
        var hasher = FNV1a()
        hasher.add(head)
        hasher.add(diff)
        for path in untracked {
            hasher.add(path)
            if let data = FileManager.default.contents(atPath: root + "/" + path) { hasher.add(data) }
        }
        return "\(head.prefix(12))-dirty-\(hasher.hex)"
    }
}

/// The 64-bit FNV-1a hash: enough to tell working trees apart in a local cache.
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ text: String) { add(Data(text.utf8)) }

    mutating func add(_ data: Data) {
        for byte in data {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        value = (value ^ 0xFF) &* 0x100_0000_01B3
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
