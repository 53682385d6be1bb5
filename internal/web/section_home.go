package web

import "net/http"

// sectionHome sends a request for a back-office section's own path
// (/station, /audit), which has no page of its own, to the section's first
// page, keeping the query. Who may see that page is decided there.
func sectionHome(first string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, first+queryOf(r), http.StatusSeeOther)
	})
}
