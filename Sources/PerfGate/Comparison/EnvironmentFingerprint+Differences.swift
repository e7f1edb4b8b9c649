extension EnvironmentFingerprint {
    /// One warning sentence per field that differs from the baseline's and can move the figures:
    /// host name, CPU model, logical cores, build configuration and Swift version.
    func differences(fromBaseline baseline: EnvironmentFingerprint) -> [String] {
        let fields: [(String, String, String)] = [
            ("hostname", baseline.hostname, hostname),
            ("cpuModel", baseline.cpuModel, cpuModel),
            ("logicalCores", String(baseline.logicalCores), String(logicalCores)),
            ("buildConfiguration", baseline.buildConfiguration, buildConfiguration),
            ("swiftVersion", baseline.swiftVersion, swiftVersion),
        ]
        var warnings: [String] = fields.compactMap { name, old, new in
            guard old != new else { return nil }
            return "The environment's \(name) differs: baseline '\(old)', current '\(new)'; "
                + "changes may come from the machine or the build, not the code."
        }
        if let identity = identityDifference(fromBaseline: baseline) { warnings.insert(identity, at: 0) }
        return warnings
    }

    /// Whether the two runs come from the same machine and boot, as far as both recorded it:
    /// true or false when both recorded their identity, nil when either did not.
    package func isSameMachineAndBoot(as other: EnvironmentFingerprint) -> Bool? {
        guard let machineID, let otherMachine = other.machineID else { return nil }
        guard machineID == otherMachine else { return false }
        guard let bootID, let otherBoot = other.bootID else { return nil }
        return bootID == otherBoot
    }

    /// The warning for an unpaired comparison across machines or boots.
    private func identityDifference(fromBaseline baseline: EnvironmentFingerprint) -> String? {
        let advice =
            "stored figures are a fair reference only on the machine and boot that recorded them; "
            + "use the paired comparison (perfgate check without --unpaired, or perfgate ab) for a verdict"
        switch isSameMachineAndBoot(as: baseline) {
        case .some(true):
            return nil
        case .some(false):
            let what = machineID == baseline.machineID ? "another boot of this machine" : "another machine"
            return "The baseline was recorded on \(what) (machine-id/boot id differ); \(advice)."
        case .none where machineID != nil && baseline.machineID == nil:
            return "The baseline does not record which machine and boot measured it; \(advice)."
        case .none:
            return nil
        }
    }
}
