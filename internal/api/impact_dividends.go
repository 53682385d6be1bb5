package api

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/impact"
)

// E-commerce dividends: an organization's seller, the county admin of its
// county, and the admins and auditors overseeing it may preview; the
// seller and the county admin may execute, once per period
// (impact.Service).

// dividendRuns answers GET /organizations/{code}/dividend-runs: the runs
// made, newest first (without their shares).
func (h *Handler) dividendRuns(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	code := r.PathValue("code")
	runs, err := h.Impact.DividendRuns(ctx, accounts.ActorFrom(ctx), code)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(runs, func(x impact.DividendRun) dividendRunJSON { return toRun(x, code) }))
}

// dividendPreview answers GET /organizations/{code}/dividend-runs/{period}:
// the run worked out now (the pool's balance and each member's part), and
// the run already made for the period, if any.
func (h *Handler) dividendPreview(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	code := r.PathValue("code")
	plan, err := h.Impact.PreviewDividends(ctx, accounts.ActorFrom(ctx), code, r.PathValue("period"))
	if err != nil {
		return err
	}
	out := dividendPlanJSON{OrgCode: plan.Org.Code, periodJSON: toPeriod(plan.Period), Over: plan.Period.Over(h.clock()),
		PoolFen: plan.Pool, TotalShares: plan.TotalShares, Shares: toShares(plan.Shares)}
	if plan.Executed != nil {
		run := toRun(*plan.Executed, plan.Org.Code)
		out.Executed = &run
	}
	return writeJSON(w, http.StatusOK, out)
}

// dividendExecute answers POST /organizations/{code}/dividend-runs/{period}
// (with an Idempotency-Key): pays the pool to the members by shares, 201
// with the run; a period already run answers 200 with that run and pays
// nothing. A period not over, an empty pool or no members is 422.
func (h *Handler) dividendExecute(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	code := r.PathValue("code")
	run, err := h.Impact.ExecuteDividends(ctx, accounts.ActorFrom(ctx), code, r.PathValue("period"))
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if run.Earlier {
		status = http.StatusOK
	}
	return writeJSON(w, status, toRun(run, code))
}
