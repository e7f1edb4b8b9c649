import PerfGateCLI

await PerfGateCommandLine.main()
