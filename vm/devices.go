package vm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// DeviceRecord is a virtio device as a session records it: its spec (in
// virtio.ParseSpec's syntax, slot included) and, for a disk, the digest
// and size of its image. A disk is not stored in the session (it may be
// large); a replay opens the same file and refuses it if it changed.
type DeviceRecord struct {
	Spec   string `json:"spec"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size,omitempty"`
}

// DeviceRecordOf records spec. A disk written in place (writable, or
// through an overlay file that persists) cannot be recorded: its contents
// at replay would not be those the recording saw. The default mode (writes
// kept in memory) and readonly record fine.
func DeviceRecordOf(spec virtio.Spec) (DeviceRecord, error) {
	if spec.Kind != "blk" {
		return DeviceRecord{Spec: spec.String()}, nil
	}
	// Recorded by absolute path, so that a replay from another directory
	// opens the same image.
	if abs, err := filepath.Abs(spec.File); err == nil {
		spec.File = abs
	}
	r := DeviceRecord{Spec: spec.String()}
	if err := Recordable(spec); err != nil {
		return r, err
	}
	sum, size, err := fileDigest(spec.File)
	if err != nil {
		return r, Wrap(KindConfig, "record", spec.String(), err)
	}
	r.SHA256, r.Size = sum, size
	return r, nil
}

// Recordable says whether a session with spec's device can be recorded
// (see DeviceRecordOf), without reading anything: check it before opening
// the device, which for an overlay file creates it.
func Recordable(spec virtio.Spec) error {
	if spec.Kind == "blk" && (spec.Mode == virtio.BlkWritable || spec.Mode == virtio.BlkOverlayFile) {
		return Errorf(KindConfig, "record", spec.String(),
			"a disk whose writes persist (%s) cannot be recorded: a replay would start from other contents; use the default (writes kept in memory) or readonly, or --no-record", spec.Mode)
	}
	return nil
}

// OpenSpec parses the record and checks that a disk's image is the one
// recorded, so that a replay never runs against other contents.
func (r DeviceRecord) OpenSpec() (virtio.Spec, error) {
	spec, err := virtio.ParseSpec(r.Spec)
	if err != nil {
		return spec, Wrap(KindConfig, "replay device", r.Spec, err)
	}
	if spec.Kind != "blk" {
		return spec, nil
	}
	sum, size, err := fileDigest(spec.File)
	if err != nil {
		return spec, Wrap(KindConfig, "replay device", r.Spec, err)
	}
	if sum != r.SHA256 || size != r.Size {
		return spec, Errorf(KindConfig, "replay device", r.Spec,
			"disk image %s changed since the recording (%d bytes, sha256 %.16s…; recorded %d bytes, %.16s…)", spec.File, size, sum, r.Size, r.SHA256)
	}
	return spec, nil
}

func fileDigest(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// deviceRecords records the devices of a machine configuration.
func deviceRecords(specs []virtio.Spec) ([]DeviceRecord, error) {
	var out []DeviceRecord
	for _, s := range specs {
		r, err := DeviceRecordOf(s)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// deviceSpecs opens the recorded devices of a board.
func deviceSpecs(recs []DeviceRecord) ([]virtio.Spec, error) {
	var out []virtio.Spec
	for _, r := range recs {
		s, err := r.OpenSpec()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// BootRecord holds the files a firmware boot loaded (machine.BootFiles),
// each with its digest: firmware and kernels are small enough to travel
// inside the session, so that it replays without them.
type BootRecord struct {
	Firmware FileRecord  `json:"firmware"`
	Kernel   *FileRecord `json:"kernel,omitempty"`
	Initrd   *FileRecord `json:"initrd,omitempty"`
}

// FileRecord is a file stored in a session.
type FileRecord struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Data   []byte `json:"data"`
}

func fileRecord(f machine.File) *FileRecord {
	if f.Name == "" {
		return nil
	}
	sum := sha256.Sum256(f.Data)
	return &FileRecord{Name: f.Name, SHA256: hex.EncodeToString(sum[:]), Data: f.Data}
}

func (r *FileRecord) file() (machine.File, error) {
	if r == nil {
		return machine.File{}, nil
	}
	sum := sha256.Sum256(r.Data)
	if hex.EncodeToString(sum[:]) != r.SHA256 {
		return machine.File{}, Errorf(KindStorage, "load boot file", r.Name, "digest mismatch: the stored file is damaged")
	}
	return machine.File{Name: r.Name, Data: r.Data}, nil
}

// bootRecordOf records the boot files.
func bootRecordOf(b machine.BootFiles) *BootRecord {
	return &BootRecord{Firmware: *fileRecord(b.Firmware), Kernel: fileRecord(b.Kernel), Initrd: fileRecord(b.Initrd)}
}

// files returns the stored boot files, checked against their digests.
func (b *BootRecord) files() (machine.BootFiles, error) {
	var out machine.BootFiles
	var err error
	if out.Firmware, err = b.Firmware.file(); err != nil {
		return out, err
	}
	if out.Kernel, err = b.Kernel.file(); err != nil {
		return out, err
	}
	out.Initrd, err = b.Initrd.file()
	return out, err
}

// digest is the image digest VMCreated carries for a boot: a SHA-256 of
// the files' digests in order.
func (b *BootRecord) digest() string {
	h := sha256.New()
	for _, f := range []*FileRecord{&b.Firmware, b.Kernel, b.Initrd} {
		if f != nil {
			h.Write([]byte(f.SHA256))
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (b *BootRecord) size() int {
	n := len(b.Firmware.Data)
	if b.Kernel != nil {
		n += len(b.Kernel.Data)
	}
	if b.Initrd != nil {
		n += len(b.Initrd.Data)
	}
	return n
}
