/// The commits a bisect searches: those on the first-parent line from the good commit (not
/// included) to the bad one (included), oldest first, as `git rev-list --first-parent --reverse
/// good..bad` lists them.
///
/// A merge on that line is one commit of the range: it stands for the whole branch it brought
/// in, and the search can name it but not a commit inside that branch (to look inside merge `M`,
/// bisect again with `--good $(git merge-base M^1 M^2) --bad M^2`). The good commit must be on the bad one's first-parent line; one that is an
/// ancestor only through a merged branch is refused, since the range would then start at the
/// root of the history.
package struct BisectRange: Sendable, Equatable {
    /// The good commit (the reference every step is compared with).
    package var good: BisectCommit
    /// The commits after it, oldest first; the last is the bad commit.
    package var commits: [BisectCommit]

    /// The bad commit.
    package var bad: BisectCommit? { commits.last }

    /// Creates a range from its parts.
    package init(good: BisectCommit, commits: [BisectCommit]) {
        self.good = good
        self.commits = commits
    }

    /// Reads the range between two refs of a repository.
    ///
    /// - Parameters:
    ///   - goodRef: The ref of the last commit known good, as the user gave it.
    ///   - badRef: The ref of a commit known bad.
    ///   - repository: The repository.
    /// - Throws: `abUnknownRef` for a ref that names no commit; `bisectRange` when the good commit
    ///   is the bad one, is not its ancestor, or is one only through a merged branch.
    package init(good goodRef: String, bad badRef: String, in repository: GitRepository) throws(PerfGateError) {
        let goodID = try repository.commit(for: goodRef)
        let badID = try repository.commit(for: badRef)
        guard goodID != badID else {
            throw PerfGateError(
                code: .bisectRange,
                message: "--good '\(goodRef)' and --bad '\(badRef)' are the same commit \(goodID.prefix(7)); "
                    + "give as --good an older commit where the metric was still good."
            )
        }
        guard (try? repository.git(["merge-base", "--is-ancestor", goodID, badID])) != nil else {
            throw PerfGateError(
                code: .bisectRange,
                message: "--good '\(goodRef)' (\(goodID.prefix(7))) is not an ancestor of --bad '\(badRef)' "
                    + "(\(badID.prefix(7))); give as --good an older commit of the bad one's history "
                    + "(git log --first-parent --oneline \(badRef) lists them)."
            )
        }
        let listing = try repository.git([
            "log", "--first-parent", "--reverse", "--format=%H %s", "\(goodID)..\(badID)",
        ])
        let commits = listing.split(separator: "\n").map { line -> BisectCommit in
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            return BisectCommit(id: String(parts[0]), subject: parts.count > 1 ? String(parts[1]) : "")
        }
        guard let oldest = commits.first,
            (try? repository.git(["rev-parse", "--verify", "--quiet", oldest.id + "^1"])) == goodID
        else {
            throw PerfGateError(
                code: .bisectRange,
                message: "--good '\(goodRef)' (\(goodID.prefix(7))) is an ancestor of --bad '\(badRef)' only "
                    + "through a merged branch, not on its first-parent line; give as --good a commit of "
                    + "'git log --first-parent --oneline \(badRef)', such as the first parent of the merge "
                    + "that brought it in."
            )
        }
        let goodSubject = (try? repository.git(["log", "-1", "--format=%s", goodID])) ?? ""
        self.init(good: BisectCommit(id: goodID, subject: goodSubject), commits: commits)
    }
}
