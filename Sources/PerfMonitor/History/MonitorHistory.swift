/// The monitor's memory of the past: one point per collection interval, and hourly and daily
/// aggregates built by merging interval histograms (so their percentiles are exact to the
/// histogram's precision, never averages of percentiles).
public struct MonitorHistory: Sendable {
    /// One point per interval, bounded by retention / interval.
    public private(set) var points: HistoryBuffer<HistoryPoint>
    /// Finished hours, newest last (the last `hourlyRetention`).
    public private(set) var hours: HistoryBuffer<HistoryAggregate>
    /// Finished days, newest last (the last `dailyRetention`).
    public private(set) var days: HistoryBuffer<HistoryAggregate>
    /// The hour in progress.
    public private(set) var currentHour: HistoryAggregate?
    /// The day in progress (finished hours only; add ``currentHour`` for the whole).
    public private(set) var currentDay: HistoryAggregate?

    /// Creates an empty history.
    ///
    /// - Parameters:
    ///   - pointCapacity: The most interval points kept.
    ///   - hourlyRetention: The most finished hours kept.
    ///   - dailyRetention: The most finished days kept.
    public init(pointCapacity: Int, hourlyRetention: Int = 48, dailyRetention: Int = 30) {
        points = HistoryBuffer(capacity: pointCapacity)
        hours = HistoryBuffer(capacity: hourlyRetention)
        days = HistoryBuffer(capacity: dailyRetention)
    }

    /// Records one collection interval.
    ///
    /// - Parameters:
    ///   - point: The interval's summary point.
    ///   - latency: The histogram of the interval's requests.
    ///   - failures: The interval's failed requests.
    ///   - seconds: The interval's length.
    public mutating func record(_ point: HistoryPoint, latency: HistogramSnapshot, failures: UInt64, seconds: Double) {
        points.append(point)
        let hourStart = (point.at.secondsSinceEpoch / 3600).rounded(.down) * 3600
        if let hour = currentHour, hour.startSecondsSinceEpoch != hourStart {
            finish(hour)
            currentHour = nil
        }
        if currentHour == nil { currentHour = HistoryAggregate(period: .hour, startSecondsSinceEpoch: hourStart) }
        currentHour?.add(interval: latency, failures: failures, seconds: seconds, memoryBytes: point.memoryBytes)
    }

    private mutating func finish(_ hour: HistoryAggregate) {
        hours.append(hour)
        let dayStart = (hour.startSecondsSinceEpoch / 86_400).rounded(.down) * 86_400
        if let day = currentDay, day.startSecondsSinceEpoch != dayStart {
            days.append(day)
            currentDay = nil
        }
        if currentDay == nil { currentDay = HistoryAggregate(period: .day, startSecondsSinceEpoch: dayStart) }
        currentDay?.add(hour)
    }

    /// The finished hours plus the one in progress, oldest first.
    public var hourlyAggregates: [HistoryAggregate] {
        hours.elements + (currentHour.map { [$0] } ?? [])
    }

    /// The finished days plus the one in progress (with its current hour), oldest first.
    public var dailyAggregates: [HistoryAggregate] {
        var today = currentDay
        if let hour = currentHour {
            let dayStart = (hour.startSecondsSinceEpoch / 86_400).rounded(.down) * 86_400
            if today == nil || today?.startSecondsSinceEpoch != dayStart {
                if let finished = today { return days.elements + [finished, aggregateDay(of: hour)] }
                today = aggregateDay(of: hour)
            } else {
                today?.add(hour)
            }
        }
        return days.elements + (today.map { [$0] } ?? [])
    }

    private func aggregateDay(of hour: HistoryAggregate) -> HistoryAggregate {
        var day = HistoryAggregate(
            period: .day,
            startSecondsSinceEpoch: (hour.startSecondsSinceEpoch / 86_400).rounded(.down) * 86_400
        )
        day.add(hour)
        return day
    }
}
