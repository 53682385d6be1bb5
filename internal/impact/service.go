package impact

import (
	"time"

	"maeul/internal/catalog"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Store is what the impact rules need from storage: the household and link
// registers (HouseholdStore) and the ledger's operations and reads
// (LedgerStore).
type Store interface {
	HouseholdStore
	LedgerStore
}

// Service carries out the impact rules.
type Service struct {
	Store    Store
	Orgs     org.Store
	Points   network.Store
	Regions  region.Store
	Products catalog.Store
	Now      func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}
