package memstore

import (
	"testing"

	"vmcore/store"
	"vmcore/store/storetest"
)

func TestAcceptance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return New() })
}
