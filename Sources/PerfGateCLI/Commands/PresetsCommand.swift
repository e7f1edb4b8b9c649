import StreamService

/// `perfgate presets show NAME` and `perfgate presets validate FILE`.
enum PresetsCommand {
    /// Prints a preset as JSON, in the config-file format (so it loads back with `validate`).
    static func show(_ parsed: ParsedArguments) throws -> Int32 {
        let name = try parsed.positional(0)
        let config: OptimizationConfig
        do {
            config = try OptimizationConfig.preset(named: name)
        } catch {
            throw PerfGateCLIError.usage(error.message)
        }
        parsed.standardOutput.writeLine(config.jsonString())
        return ExitCode.success.rawValue
    }

    /// Checks a config file: exit 0 when valid, 65 with every problem listed when not.
    static func validate(_ parsed: ParsedArguments) throws -> Int32 {
        let path = try parsed.positional(0)
        do {
            let config = try OptimizationConfig.load(contentsOf: path)
            parsed.standardOutput.writeLine(
                "\(path) is valid: \(config.name) (\(config.level.rawValue)), "
                    + "\(config.workerPool.workerCount) workers, queue \(config.workerPool.workerQueueCapacity), "
                    + "batch \(config.batching.batchSize), cache \(config.cache.cacheCapacity)."
            )
            return ExitCode.success.rawValue
        } catch {
            throw PerfGateCLIError.malformedInput(error.message)
        }
    }
}
