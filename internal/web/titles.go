package web

import (
	"context"

	"maeul/internal/programme"
)

// titles returns the demonstration titles in force of a subject, for its
// public page: none when the server keeps no registers or the subject's
// kind holds none.
func (h *Handler) titles(ctx context.Context, kind programme.SubjectKind, code string) ([]programme.Designation, error) {
	if h.Programme == nil || kind == "" {
		return nil, nil
	}
	return h.Programme.SubjectTitles(ctx, kind, code)
}
