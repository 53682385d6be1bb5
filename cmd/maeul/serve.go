package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"maeul/internal/demo"
	"maeul/internal/region"
	"maeul/internal/server"
)

var cmdServe = &command{
	name:  "serve",
	usage: "serve [--addr 127.0.0.1:8080] [--db URL] [--demo] [--sandbox-wallet] [--trusted-proxies CIDR,...]",
	short: "run the web server",
	run:   runServe,
}

func runServe(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dbURL := e.dbFlag(fs)
	withDemo := fs.Bool("demo", false, "load the demo data set first if the database is empty")
	home := fs.String("prefecture", "222400", "the prefecture the storefront presents (division code)")
	secure := fs.Bool("secure-cookies", e.getenv("MAEUL_SECURE_COOKIES") == "1", "mark cookies Secure (behind HTTPS)")
	proxies := fs.String("trusted-proxies", e.getenv("MAEUL_TRUSTED_PROXIES"), "reverse proxies whose X-Forwarded-For names the client: addresses and CIDR prefixes, comma-separated")
	sandboxOn := fs.Bool("sandbox-wallet", false, "offer the sandbox wallet, a development payment provider (on with --demo); needs MAEUL_SANDBOX_SECRET")
	payWindow := fs.Duration("pay-window", 15*time.Minute, "how long an online payment may take before its orders are cancelled")
	if err := parse(fs, args); err != nil {
		return err
	}
	homeCode, err := region.ParseCode(*home)
	if err != nil {
		return usageError{"--prefecture: " + err.Error()}
	}
	trusted, err := server.ParseTrustedProxies(*proxies)
	if err != nil {
		return usageError{"--trusted-proxies: " + err.Error()}
	}
	// The sandbox wallet pays nothing real: it is on only where asked for,
	// and outside a demo only with a secret of the deployment's own.
	sandboxSecret := []byte(e.getenv("MAEUL_SANDBOX_SECRET"))
	sandbox := *sandboxOn || *withDemo
	if sandbox && len(sandboxSecret) == 0 {
		if !*withDemo {
			return usageError{"--sandbox-wallet: set MAEUL_SANDBOX_SECRET to a secret shared by every server of the deployment"}
		}
		sandboxSecret = []byte(server.DemoSandboxSecret)
	}
	// The port is bound first: a busy one is refused before anything is
	// written, and a browser that opens the address meanwhile waits for
	// the demo to load instead of finding nothing.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: cannot listen on %s (is another server using it? choose another address with --addr, e.g. --addr 127.0.0.1:8081): %w", *addr, err)
	}
	defer ln.Close()
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	drawPhotos := false
	if *withDemo {
		wanted, err := demo.Wanted(ctx, db)
		if err != nil {
			return err
		}
		if wanted {
			e.logger.Info("loading demo data", "password", demo.Password)
			if err := demo.Load(ctx, db, newAccounts(db)); err != nil {
				return err
			}
			drawPhotos = true
		}
	}
	if err := db.Optimize(ctx); err != nil {
		return err
	}
	srv, err := server.New(server.Config{
		DB: db, Logger: e.logger, Home: homeCode, SecureCookies: *secure,
		Sandbox: sandbox, SandboxSecret: sandboxSecret, PayWindow: *payWindow,
		TrustedProxies: trusted,
	})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
	}
	url := "http://" + ln.Addr().String()
	srv.SetBaseURL(url)
	jobs, stopJobs := context.WithCancel(context.Background())
	defer stopJobs()
	go srv.Orders.RunExpiry(jobs, 5*time.Second)
	go db.OptimizeEvery(jobs, time.Hour, func(err error) { e.logger.Error("optimize", "err", err) })
	photosDone := make(chan struct{})
	if !drawPhotos {
		close(photosDone)
	} else {
		// Drawing the demo's pictures takes a while; the shop is served
		// meanwhile, with placeholders until each is stored. Those not
		// drawn when the server stops are drawn on its next start.
		e.logger.Info("drawing the demo photos that are missing")
		go func() {
			defer close(photosDone)
			start := time.Now()
			if err := loadDemoPhotos(jobs, db); err != nil {
				if jobs.Err() == nil {
					e.logger.Error("demo photos", "err", err)
				}
				return
			}
			e.logger.Info("demo photos stored", "duration_ms", time.Since(start).Milliseconds())
		}()
	}
	e.logger.Info("serving", "url", url, "db", db.Engine())
	fmt.Fprintf(e.stdout, "maeul is serving on %s\n", url)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	e.logger.Info("shutting down")
	// The demo's pictures stop being drawn; the one being stored is
	// finished before the database closes.
	stopJobs()
	<-photosDone
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
