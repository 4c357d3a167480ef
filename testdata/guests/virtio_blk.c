/* virtio-blk through the virtio-mmio registers, as a bare-metal driver does
 * it: probe the eight slots of QEMU virt (magic, version, vendor), and if a
 * block device is present initialise it (legacy Version 1 or modern
 * Version 2 layout), read sector 1 and check it, write sector 2 and read it
 * back, and check the interrupt status. Without a disk it checks that every
 * slot reads as an empty transport and says so.
 *
 * The disk the tests attach is testdata/guests/virtio_blk.img: sector n
 * starts with "vmcore sector n" (see the Makefile). Writes land in a
 * copy-on-write overlay (vmcore) or a snapshot=on drive (QEMU): the image
 * never changes. */
#include "guest.h"

GUEST_NAME("virtio_blk");

#define VIRTIO_BASE 0x10001000UL
#define REG(slot, off) ((volatile uint32_t *)(VIRTIO_BASE + 0x1000UL * (slot) + (off)))

enum {
	MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
	DEV_FEAT = 0x010, DEV_FEAT_SEL = 0x014, DRV_FEAT = 0x020, DRV_FEAT_SEL = 0x024,
	GUEST_PAGE_SIZE = 0x028, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034,
	QUEUE_NUM = 0x038, QUEUE_ALIGN = 0x03c, QUEUE_PFN = 0x040, QUEUE_READY = 0x044,
	QUEUE_NOTIFY = 0x050, INT_STATUS = 0x060, INT_ACK = 0x064, STATUS = 0x070,
	DESC_LO = 0x080, DESC_HI = 0x084, AVAIL_LO = 0x090, AVAIL_HI = 0x094,
	USED_LO = 0x0a0, USED_HI = 0x0a4, CONFIG = 0x100,
};

#define QN 8

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* The legacy layout: descriptors, then the available ring, then the used
 * ring at the next 4 KiB boundary, all from one page-aligned block. */
static struct {
	struct desc d[QN];
	uint16_t avail_flags, avail_idx, avail_ring[QN], used_event;
	uint8_t pad[4096 - 16 * QN - 6 - 2 * QN];
	uint16_t used_flags, used_idx;
	struct { uint32_t id, len; } used_ring[QN];
} q __attribute__((aligned(4096)));

static struct {
	uint32_t type, reserved;
	uint64_t sector;
} hdr;
static uint8_t data[512];
static volatile uint8_t status;
static uint16_t avail;

static void fence(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }

static int request(int slot, uint32_t type, uint64_t sector)
{
	hdr.type = type;
	hdr.sector = sector;
	status = 0xff;
	q.d[0] = (struct desc){(uint64_t)&hdr, 16, 1, 1};
	q.d[1] = (struct desc){(uint64_t)data, 512, type == 0 ? 1 | 2 : 1, 2};
	q.d[2] = (struct desc){(uint64_t)&status, 1, 2, 0};
	q.avail_ring[avail % QN] = 0;
	fence();
	q.avail_idx = ++avail;
	fence();
	*REG(slot, QUEUE_NOTIFY) = 0;
	/* vmcore completes before the notifying store retires; QEMU does the
	 * I/O on its main loop while this hart spins, so poll (boundedly). */
	for (long spin = 0; *(volatile uint16_t *)&q.used_idx != avail; spin++)
		if (spin > 100000000L)
			return 99;
	fence();
	if (q.used_ring[(avail - 1) % QN].id != 0)
		return 100;
	if ((*REG(slot, INT_STATUS) & 1) == 0)
		return 101;
	*REG(slot, INT_ACK) = 1;
	if (*REG(slot, INT_STATUS) != 0)
		return 102;
	return status;
}

static int check_sector(uint64_t n)
{
	char want[] = "vmcore sector 0";
	want[14] = '0' + n;
	for (int i = 0; want[i]; i++)
		if (data[i] != want[i])
			return 0;
	return 1;
}

int main(void)
{
	int slot = -1;
	for (int s = 0; s < 8; s++) {
		EXPECT(1, *REG(s, MAGIC) == 0x74726976);
		EXPECT(2, *REG(s, VERSION) == 1 || *REG(s, VERSION) == 2);
		EXPECT(3, *REG(s, VENDOR_ID) == 0x554d4551);
		uint32_t id = *REG(s, DEVICE_ID);
		if (id == 2 && slot < 0)
			slot = s;
		else
			EXPECT(4, id == 0);
	}
	if (slot < 0) {
		uart_puts("virtio_blk: no disk\n");
		return 0;
	}
	int legacy = *REG(slot, VERSION) == 1;
	*REG(slot, STATUS) = 0;
	*REG(slot, STATUS) = 1;
	*REG(slot, STATUS) = 1 | 2;
	*REG(slot, DEV_FEAT_SEL) = 1;
	uint32_t hi = *REG(slot, DEV_FEAT);
	EXPECT(5, legacy ? hi == 0 : (hi & 1) == 1); /* VERSION_1 on modern only */
	*REG(slot, DRV_FEAT_SEL) = 0;
	*REG(slot, DRV_FEAT) = 0;
	*REG(slot, DRV_FEAT_SEL) = 1;
	*REG(slot, DRV_FEAT) = legacy ? 0 : 1;
	if (!legacy) {
		*REG(slot, STATUS) = 1 | 2 | 8;
		EXPECT(6, *REG(slot, STATUS) & 8);
	}
	*REG(slot, QUEUE_SEL) = 0;
	EXPECT(7, *REG(slot, QUEUE_NUM_MAX) >= QN);
	*REG(slot, QUEUE_NUM) = QN;
	if (legacy) {
		*REG(slot, GUEST_PAGE_SIZE) = 4096;
		*REG(slot, QUEUE_ALIGN) = 4096;
		*REG(slot, QUEUE_PFN) = (uint64_t)&q >> 12;
	} else {
		*REG(slot, DESC_LO) = (uint64_t)q.d;
		*REG(slot, DESC_HI) = (uint64_t)q.d >> 32;
		*REG(slot, AVAIL_LO) = (uint64_t)&q.avail_flags;
		*REG(slot, AVAIL_HI) = (uint64_t)&q.avail_flags >> 32;
		*REG(slot, USED_LO) = (uint64_t)&q.used_flags;
		*REG(slot, USED_HI) = (uint64_t)&q.used_flags >> 32;
		*REG(slot, QUEUE_READY) = 1;
	}
	*REG(slot, STATUS) = legacy ? 1 | 2 | 4 : 1 | 2 | 4 | 8;
	/* capacity: the image has 8 sectors */
	EXPECT(8, *REG(slot, CONFIG) == 8 && *REG(slot, CONFIG + 4) == 0);

	EXPECT(9, request(slot, 0, 1) == 0);
	EXPECT(10, check_sector(1));
	EXPECT(11, request(slot, 0, 3) == 0);
	EXPECT(12, check_sector(3));
	for (int i = 0; i < 512; i++)
		data[i] = (uint8_t)(i * 7);
	EXPECT(13, request(slot, 1, 2) == 0);
	for (int i = 0; i < 512; i++)
		data[i] = 0;
	EXPECT(14, request(slot, 0, 2) == 0);
	for (int i = 0; i < 512; i++)
		EXPECT(15, data[i] == (uint8_t)(i * 7));
	EXPECT(16, request(slot, 0, 8) == 1); /* past the end: IOERR */
	uart_puts("virtio_blk: sectors read and written\n");
	return 0;
}
