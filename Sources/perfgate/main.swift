import PerfGateCLI

PerfGateCommandLine.main()
