package storetest

import (
	"context"
	"database/sql"
	"sync"
)

var (
	templatesMu sync.Mutex
	templates   []string
	templateDSN string
)

func dropTemplateAtExit(dsn, name string) {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	templates = append(templates, name)
	templateDSN = dsn
}

// Cleanup drops the template databases this test binary created. Call it
// from TestMain after m.Run; leftover templates are harmless but use disk.
func Cleanup() {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	if len(templates) == 0 {
		return
	}
	a, err := sql.Open("pgx", templateDSN)
	if err != nil {
		return
	}
	defer a.Close()
	for _, n := range templates {
		a.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+n+` WITH (FORCE)`)
	}
	templates = nil
}
