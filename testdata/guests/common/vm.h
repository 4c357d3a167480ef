/* vm.h: pages shared by the paging tests (sv39.S, sv48.S, mprv.S).
 *
 * vm_code_page is one 4 KiB page of position-independent code mapped at
 * other virtual addresses: vm_func returns its own virtual pc, vm_ucode
 * loads from a1 into a2 and returns to M-mode at a0 (SYS_TO_M). page_a and
 * page_b hold recognisable values at offset 0. The 2 MiB megapage target is
 * RAM at VM_MEGA_PA, beyond the program image. */
#define VM_MEGA_PA 0x80200000
#define VM_FUNC_OFF 0
#define VM_UCODE_OFF 16
#define PAGE_A_VAL 0x1111aaaa2222bbbb
#define PAGE_B_VAL 0x3333cccc4444dddd

#define VM_COMMON_PAGES                                 \
        .text;                                          \
        .option push;                                   \
        .option norvc;                                  \
        .balign 4096;                                   \
vm_code_page:                                           \
        auipc a0, 0;                                    \
        ret;                                            \
        .balign 16;                                     \
        ld a2, 0(a1);                                   \
        li a7, SYS_TO_M;                                \
        ecall;                                          \
        .balign 4096;                                   \
        .option pop;                                    \
        .data;                                          \
        .balign 4096;                                   \
page_a: .dword PAGE_A_VAL;                              \
        .balign 4096;                                   \
page_b: .dword PAGE_B_VAL;                              \
        .balign 4096

/* satp value for a root table (in M-mode; uses t0, t1). */
#define SET_SATP(mode, root) la t0, root; srli t0, t0, 12; li t1, mode; or t0, t0, t1; csrw satp, t0; sfence.vma

/* Enter U-mode at a virtual address (from M-mode). */
#define GOTO_U_VA(va) li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, va; csrw mepc, t0; mret
