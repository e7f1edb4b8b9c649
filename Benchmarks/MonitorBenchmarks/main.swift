print("monitor-benchmarks: not yet written")
