package impact

// HouseholdStore is the storage of the household and benefit-link
// registers.
type HouseholdStore interface {
}
