package demo

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/demo/artwork"
	"maeul/internal/photo"
)

// PhotoStore is what drawing the demo's photos needs besides Store.
type PhotoStore interface {
	StorePhoto(ctx context.Context, p *photo.Processed) error
}

// photoWidth and photoHeight are the size the demo's pictures are drawn
// at: enough for the 320 and 640 renditions.
const photoWidth, photoHeight = 960, 720

// LoadPhotos draws a picture for every demo product and store that has
// none, processes it like an upload and stores it. Drawing runs on every
// core; it takes a few seconds, which is why Load leaves it to callers that
// want the shop to look real (serve --demo, maeul demo).
func LoadPhotos(ctx context.Context, st Store, ps PhotoStore) error {
	prodRows, err := readCSV("product_photos.csv")
	if err != nil {
		return err
	}
	storyRows, err := readCSV("stories.csv")
	if err != nil {
		return err
	}
	type job struct {
		subject   string
		seed      uint64
		productID int64  // attach to this product, or …
		orgCode   string // … make it this store's cover
	}
	var jobs []job
	for _, r := range prodRows {
		p, err := st.Product(ctx, r["product_code"])
		if err != nil {
			return fmt.Errorf("demo photos: %w", err)
		}
		if len(p.Photos) > 0 {
			continue
		}
		seed, _ := strconv.ParseUint(r["seed"], 10, 64)
		jobs = append(jobs, job{subject: r["subject"], seed: seed, productID: p.ID})
	}
	for i, r := range storyRows {
		o, err := st.Organization(ctx, r["org_code"])
		if err != nil {
			return fmt.Errorf("demo photos: %w", err)
		}
		if o.Cover == "" {
			jobs = append(jobs, job{subject: r["cover_subject"], seed: uint64(1000 + i), orgCode: o.Code})
		}
	}
	processed := make([]*photo.Processed, len(jobs))
	errc := make(chan error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			pr, err := photo.Process(bytes.NewReader(artwork.JPEG(j.subject, j.seed, photoWidth, photoHeight)), photo.MaxUploadBytes)
			if err != nil {
				errc <- fmt.Errorf("demo photo %s: %w", j.subject, err)
				return
			}
			processed[i] = pr
		}()
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	for i, j := range jobs {
		if j.productID != 0 {
			ch := catalog.Change{Action: "demo_photo", At: time.Now()}
			p, err := st.ProductByID(ctx, j.productID)
			if err != nil {
				return err
			}
			ch.OrgID = p.OrgID
			if err := st.SavePhoto(ctx, j.productID, processed[i], ch); err != nil {
				return fmt.Errorf("demo photos: %w", err)
			}
			continue
		}
		if err := ps.StorePhoto(ctx, processed[i]); err != nil {
			return fmt.Errorf("demo photos: %w", err)
		}
		o, err := st.Organization(ctx, j.orgCode)
		if err != nil {
			return err
		}
		o.Cover = processed[i].Key
		if err := st.UpdateOrganization(ctx, o); err != nil {
			return fmt.Errorf("demo photos: %w", err)
		}
	}
	return nil
}
