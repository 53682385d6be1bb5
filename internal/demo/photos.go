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
// want the shop to look real (serve --demo, maeul demo). Each picture is
// stored as soon as it is drawn: a load that is interrupted keeps what it
// drew, and the next one draws the rest. It returns ctx's error if ctx
// ends first.
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
	// Each picture is stored as soon as it is drawn, so that a start that
	// is interrupted keeps what it drew and the next one draws the rest.
	type drawn struct {
		job
		p   *photo.Processed
		err error
	}
	work := make(chan job)
	out := make(chan drawn)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				pr, err := photo.Process(bytes.NewReader(artwork.JPEG(j.subject, j.seed, photoWidth, photoHeight)), photo.MaxUploadBytes)
				if err != nil {
					err = fmt.Errorf("demo photo %s: %w", j.subject, err)
				}
				select {
				case out <- drawn{job: j, p: pr, err: err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(work)
		for _, j := range jobs {
			select {
			case work <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	for d := range out {
		if d.err != nil {
			return d.err
		}
		if err := storeDemoPhoto(ctx, st, ps, d.job.productID, d.job.orgCode, d.p); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// storeDemoPhoto attaches a drawn picture to a product or makes it an
// organization's cover.
func storeDemoPhoto(ctx context.Context, st Store, ps PhotoStore, productID int64, orgCode string, pr *photo.Processed) error {
	if productID != 0 {
		p, err := st.ProductByID(ctx, productID)
		if err != nil {
			return fmt.Errorf("demo photos: %w", err)
		}
		ch := catalog.Change{Action: "demo_photo", At: time.Now(), OrgID: p.OrgID}
		if err := st.SavePhoto(ctx, productID, pr, ch); err != nil {
			return fmt.Errorf("demo photos: %w", err)
		}
		return nil
	}
	if err := ps.StorePhoto(ctx, pr); err != nil {
		return fmt.Errorf("demo photos: %w", err)
	}
	o, err := st.Organization(ctx, orgCode)
	if err != nil {
		return fmt.Errorf("demo photos: %w", err)
	}
	o.Cover = pr.Key
	if err := st.UpdateOrganization(ctx, o); err != nil {
		return fmt.Errorf("demo photos: %w", err)
	}
	return nil
}
