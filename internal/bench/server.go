package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Server is a `maeul serve` child process started by a load tool, so that
// its memory and CPU are its own and not the load generator's.
type Server struct {
	URL string
	cmd *exec.Cmd
}

// StartServer runs the maeul binary at exe with `serve --addr
// 127.0.0.1:0` plus args, and waits until it prints its URL.
func StartServer(ctx context.Context, exe string, env []string, args ...string) (*Server, error) {
	cmd := exec.CommandContext(ctx, exe, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = io.Discard
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start server: %w", err)
	}
	re := regexp.MustCompile(`serving on (http://\S+)`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case u := <-found:
		return &Server{URL: u, cmd: cmd}, nil
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		return nil, fmt.Errorf("bench: the server did not start within 2 minutes")
	}
}

// PeakRSS returns the server's peak resident memory in bytes (VmHWM), or 0
// where /proc is not available.
func (s *Server) PeakRSS() int64 { return procStatusKB(s.cmd.Process.Pid, "VmHWM") * 1024 }

// ResetPeak resets the kernel's peak-RSS counter so that each scenario's
// peak can be read on its own; it is a no-op where unsupported.
func (s *Server) ResetPeak() {
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0)
}

// Kill ends the server at once with SIGKILL, as a crash or the kernel's
// out-of-memory killer would, and waits for it to be gone.
func (s *Server) Kill() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// Stop ends the server.
func (s *Server) Stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
	}
}

func procStatusKB(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
