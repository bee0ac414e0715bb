// Pattern: a portable shared type and constructor that call per-platform helpers (native on unix, stubs on windows).
package daemon

import "time"

// statsCollector manages and provides container resource stats.
type statsCollector struct {
	interval            time.Duration
	clockTicksPerSecond uint64
}

// newStatsCollector returns a new statsCollector that collects
// stats for a registered container at every interval.
func newStatsCollector(interval time.Duration) *statsCollector {
	s := &statsCollector{interval: interval}
	platformNewStatsCollector(s)
	return s
}

// systemUsage returns both counters (portable, real).
func (s *statsCollector) systemUsage() (uint64, uint32, error) {
	cpu, err := s.getSystemCPUUsage()
	if err != nil {
		return 0, 0, err
	}
	n, err := s.getNumberOnlineCPUs()
	return cpu, n, err
}
