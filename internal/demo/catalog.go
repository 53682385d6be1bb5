package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/importer"
)

// loadCatalog imports the demo products unless they are there already, and
// the stores' stories where a store has none.
func loadCatalog(ctx context.Context, st Store, im *importer.Importer) error {
	b, err := files.ReadFile("data/products.csv")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	first, err := firstProductCode(b)
	if err != nil {
		return err
	}
	if _, err := st.Product(ctx, first); errs.Is(err, errs.NotFound) {
		if err := importProducts(ctx, im, b); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	rows, err := readCSV("stories.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		o, err := st.Organization(ctx, r["org_code"])
		if err != nil {
			return fmt.Errorf("demo stories: %w", err)
		}
		if !o.Story.IsZero() {
			continue
		}
		o.Story = i18n.Text{Ko: r["story_ko"], Zh: r["story_zh"], En: r["story_en"]}
		if err := st.UpdateOrganization(ctx, o); err != nil {
			return fmt.Errorf("demo stories: %w", err)
		}
	}
	return nil
}

func firstProductCode(b []byte) (string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	if _, err := r.Read(); err != nil {
		return "", fmt.Errorf("demo products: %w", err)
	}
	rec, err := r.Read()
	if err != nil {
		return "", fmt.Errorf("demo products: %w", err)
	}
	return rec[0], nil
}

// readCSV reads an embedded data file into maps keyed by its header.
func readCSV(name string) ([]map[string]string, error) {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("demo: %s: %v", name, err)
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}
