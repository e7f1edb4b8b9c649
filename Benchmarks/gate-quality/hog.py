# A CPU hog at a 50% duty cycle: busy 50 ms, idle 50 ms, forever (run pinned to one core).
import time
while True:
    end = time.perf_counter() + 0.05
    while time.perf_counter() < end:
        pass
    time.sleep(0.05)
