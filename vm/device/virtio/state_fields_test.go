package virtio

import (
	"fmt"
	"strings"
	"testing"

	"vmcore/vm/device"
)

// fields indexes a State by field name.
func fields(fs []device.Field) map[string]device.Field {
	out := map[string]device.Field{}
	for _, f := range fs {
		out[f.Name] = f
	}
	return out
}

// State shows what the devices pane needs of a slot: the device, the
// features offered and accepted, status, interrupt status, each queue's
// size, readiness and ring indices, and a disk's image and mode.
func TestTransportStateFields(t *testing.T) {
	for _, legacy := range []bool{true, false} {
		name := map[bool]string{true: "legacy", false: "modern"}[legacy]
		t.Run(name, func(t *testing.T) {
			d, b, _, path := newBlkTransport(t, legacy, BlkReadOnly)
			before := fields(d.tr.State())
			if f := before["q0.ready"]; f.Value != 0 || f.Note != "not ready" {
				t.Errorf("before setup q0.ready = %v", f)
			}
			if f := before["file"]; f.Value != b.Sectors() || !strings.Contains(f.Note, path) || !strings.Contains(f.Note, "readonly") {
				t.Errorf("file field %v; want %d sectors, %s, readonly", f, b.Sectors(), path)
			}
			d.setup(0, 8)
			d.post(buf{ramBase + 0x1000, 16, false}, buf{ramBase + 0x3000, 1, true}) // made available, not notified
			got := fields(d.tr.State())
			want := map[string]uint64{
				"slot": 7, "device_id": uint64(IDBlock), "device_features": d.tr.features(),
				"q0.num": 8, "q0.ready": 1, "q0.desc": ramBase + 0x10000, "q0.avail_idx": 1,
				"q0.last_avail": 0, "q0.used_idx": 0, "interrupt_status": 0,
			}
			for k, v := range want {
				if f, ok := got[k]; !ok || f.Value != v {
					t.Errorf("%s = %v (present %v), want %#x", k, f, ok, v)
				}
			}
			if got["slot"].Note != "blk" || got["device_id"].Note != "block" || got["q0.num"].Note != fmt.Sprintf("max %d", blkQueueSize) {
				t.Errorf("notes: slot %q device_id %q q0.num %q", got["slot"].Note, got["device_id"].Note, got["q0.num"].Note)
			}
			if !strings.Contains(got["status"].Note, "DRIVER_OK") {
				t.Errorf("status note %q lacks DRIVER_OK", got["status"].Note)
			}
			if legacy == (got["device_features"].Value&FeatureVersion1 != 0) {
				t.Errorf("device_features %#x: VERSION_1 offered must be %v", got["device_features"].Value, !legacy)
			}
			d.w(regQueueNotify, 0)
			got = fields(d.tr.State())
			if got["q0.used_idx"].Value != 1 || got["q0.last_avail"].Value != 1 || got["interrupt_status"].Note != "USED_BUFFER" {
				t.Errorf("after notify: used_idx %v last_avail %v interrupt_status %v",
					got["q0.used_idx"], got["q0.last_avail"], got["interrupt_status"])
			}
		})
	}
}

// An empty slot and an entropy device describe themselves too.
func TestTransportStateKinds(t *testing.T) {
	tr := NewTransport(2, true, newRAM(), irqs{})
	got := fields(tr.State())
	if got["slot"].Note != "empty" || got["device_id"].Value != 0 || got["device_id"].Note != "none" {
		t.Errorf("empty slot: %v", tr.State())
	}
	if err := tr.Attach(NewRNG(42)); err != nil {
		t.Fatal(err)
	}
	got = fields(tr.State())
	if got["slot"].Note != "rng" || got["seed"].Value != 42 || got["device_id"].Note != "entropy" {
		t.Errorf("rng slot: %v", tr.State())
	}
}
