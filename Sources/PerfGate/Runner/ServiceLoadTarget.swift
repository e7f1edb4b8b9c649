public import StreamService
public import Workloads

/// Puts the simulated streaming service behind the load drivers' `LoadTarget`.
///
/// The service and the workloads know nothing of each other; this adapter is the only place
/// they meet. Every request carries its intended start, so the service records latency from it.
public struct ServiceLoadTarget: LoadTarget {
    /// The service under load.
    public let service: StreamingService

    /// Wraps a service.
    public init(service: StreamingService) {
        self.service = service
    }

    public func send(_ request: LoadRequest, completion: @escaping @Sendable (LoadOutcome) -> Void) {
        let message = ServiceMessage(
            sequence: request.sequence,
            connectionID: request.sessionID,
            key: request.key,
            payloadSize: request.payloadSize,
            intendedStart: request.intendedStart
        )
        service.submit(message) { outcome in
            switch outcome {
            case .success: completion(.success)
            case .failure(let kind): completion(.failure(kind: kind))
            }
        }
    }

    public func openSession(id: UInt64) -> Bool {
        service.openConnection(id: id)
    }

    public func closeSession(id: UInt64) {
        service.closeConnection(id: id)
    }
}
