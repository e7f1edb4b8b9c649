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
        return fields.compactMap { name, old, new in
            guard old != new else { return nil }
            return "The environment's \(name) differs: baseline '\(old)', current '\(new)'; "
                + "changes may come from the machine or the build, not the code."
        }
    }
}
