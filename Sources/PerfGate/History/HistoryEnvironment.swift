import PerfSupport

/// Which machine, boot and build measured a history record: enough to tell, beside a change
/// point, whether the machine changed rather than the code.
package struct HistoryEnvironment: Sendable, Hashable, Encodable {
    /// The host name (no identity on its own: machines of one kind often share one).
    package var hostname: String
    /// `/etc/machine-id`, where the result recorded it.
    package var machineID: String?
    /// `/proc/sys/kernel/random/boot_id`, where the result recorded it.
    package var bootID: String?
    /// The CPU model name.
    package var cpuModel: String
    /// Logical cores online.
    package var logicalCores: Int
    /// "release" or "debug".
    package var buildConfiguration: String

    /// Creates an environment identity.
    package init(
        hostname: String,
        machineID: String?,
        bootID: String?,
        cpuModel: String,
        logicalCores: Int,
        buildConfiguration: String
    ) {
        self.hostname = hostname
        self.machineID = machineID
        self.bootID = bootID
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.buildConfiguration = buildConfiguration
    }

    /// The identity of a result's environment.
    package init(_ fingerprint: EnvironmentFingerprint) {
        self.init(
            hostname: fingerprint.hostname,
            machineID: fingerprint.machineID,
            bootID: fingerprint.bootID,
            cpuModel: fingerprint.cpuModel,
            logicalCores: fingerprint.logicalCores,
            buildConfiguration: fingerprint.buildConfiguration
        )
    }

    /// Reads the identity from its JSON object in a store line; missing fields read as empty.
    init(_ object: JSONObject) {
        var hostname = ""
        var cpuModel = ""
        var logicalCores = 0
        var buildConfiguration = ""
        var machineID: String?
        var bootID: String?
        for member in object.members {
            switch (member.key, member.value) {
            case ("hostname", .string(let text)): hostname = text
            case ("machineID", .string(let text)): machineID = text
            case ("bootID", .string(let text)): bootID = text
            case ("cpuModel", .string(let text)): cpuModel = text
            case ("logicalCores", .number(let number)): logicalCores = number.exactly(Int.self) ?? 0
            case ("buildConfiguration", .string(let text)): buildConfiguration = text
            default: break
            }
        }
        self.init(
            hostname: hostname,
            machineID: machineID,
            bootID: bootID,
            cpuModel: cpuModel,
            logicalCores: logicalCores,
            buildConfiguration: buildConfiguration
        )
    }

    /// A short name of the machine for reports: the host name and the first 8 characters of the
    /// machine id when there is one.
    package var machineLabel: String {
        guard let machineID, !machineID.isEmpty else { return hostname }
        return "\(hostname) (\(machineID.prefix(8)))"
    }

    /// Whether two identities are the same machine: the same machine id when both have one, else
    /// the same host name, CPU model and core count.
    package func isSameMachine(as other: HistoryEnvironment) -> Bool {
        if let machineID, let otherID = other.machineID { return machineID == otherID }
        return hostname == other.hostname && cpuModel == other.cpuModel && logicalCores == other.logicalCores
    }
}
