//go:build !windows
// +build !windows

// Pattern: both `//go:build` and `// +build` lines; real unix bodies of the stats helpers (native counterparts of the windows stubs).
package daemon

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// platformNewStatsCollector performs platform specific initialisation of the
// statsCollector structure.
func platformNewStatsCollector(s *statsCollector) {
	s.clockTicksPerSecond = 100
}

// getSystemCPUUsage returns the host system's cpu usage in nanoseconds.
func (s *statsCollector) getSystemCPUUsage() (uint64, error) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Fields(sc.Text())
		if len(parts) > 0 && parts[0] == "cpu" {
			var total uint64
			for _, p := range parts[1:] {
				v, err := strconv.ParseUint(p, 10, 64)
				if err != nil {
					return 0, fmt.Errorf("unable to convert value %s to int: %s", p, err)
				}
				total += v
			}
			return total * 1e9 / s.clockTicksPerSecond, nil
		}
	}
	return 0, fmt.Errorf("invalid stat format")
}

func (s *statsCollector) getNumberOnlineCPUs() (uint32, error) {
	return uint32(runtime.NumCPU()), nil
}
