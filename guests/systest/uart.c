/*
 * systest-uart: PL011 (Arm DDI 0183), UART_BASE from board.h (QEMU virt
 * 0x09000000, or FVP UART0 0x1C090000 with -DBOARD_FVP).
 * Writes a line through UARTDR (polling UARTFR.TXFF), checks the ID
 * registers, then reads what arrives on the serial input until '\n' or a
 * timeout (ten seconds of CNTPCT, or an iteration bound) and prints it as
 * hex.  The runner feeds "jaffa\n" into the serial port (see README.md).
 */
#include "rt.h"
#include "board.h"

#define UART        UART_BASE
#define UARTDR      0x000
#define UARTFR      0x018
#define UARTLCR_H   0x02c
#define UARTCR      0x030
#define UARTIMSC    0x038
#define FR_BUSY     (1u << 3)
#define FR_RXFE     (1u << 4)
#define FR_TXFF     (1u << 5)
#define FR_TXFE     (1u << 7)

static inline uint32_t ur(unsigned off) { return *(volatile uint32_t *)(UART + off); }
static inline void uw(unsigned off, uint32_t v) { *(volatile uint32_t *)(UART + off) = v; }

static void uart_putc(char c)
{
    for (int i = 0; i < 1000000 && (ur(UARTFR) & FR_TXFF); i++)
        ;
    uw(UARTDR, (uint8_t)c);
}

static void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

int main(void)
{
    static const uint32_t cell[4] = { 0x0d, 0xf0, 0x05, 0xb1 };
    uint32_t pid[4], cid[4];
    unsigned char buf[32];
    int n = 0;

    printf("systest-uart: boot CurrentEL=%lu\n", (unsigned long)(st_boot_el >> 2));
    check_eq("boot at EL2", st_boot_el >> 2, 2);

    for (int i = 0; i < 4; i++) {
        pid[i] = ur(0xfe0 + 4 * i) & 0xff;
        cid[i] = ur(0xff0 + 4 * i) & 0xff;
    }
    /* Part number 0x011, designer 0x41 (Arm); revision (PeriphID2[7:4]) varies. */
    printf("PL011 part=0x%03x designer=0x%02x config=0x%02x cellid=%02x %02x %02x %02x\n",
           pid[0] | ((pid[1] & 0xf) << 8), (pid[1] >> 4) | ((pid[2] & 0xf) << 4), pid[3],
           cid[0], cid[1], cid[2], cid[3]);
    check_eq("part number", pid[0] | ((pid[1] & 0xf) << 8), 0x011);
    check_eq("designer", (pid[1] >> 4) | ((pid[2] & 0xf) << 4), 0x41);
    for (int i = 0; i < 4; i++)
        check_eq("cell id", cid[i], cell[i]);

    /* 8N1 with FIFOs, UART, TX and RX enabled, no interrupts. */
    uw(UARTIMSC, 0);
    uw(UARTLCR_H, (3u << 5) | (1u << 4));
    uw(UARTCR, (1u << 9) | (1u << 8) | 1u);

    fflush_stdout();
    uart_puts("systest-uart: hello from UARTDR\n");
    for (int i = 0; i < 1000000 && !(ur(UARTFR) & FR_TXFE); i++)
        ;
    printf("TX FIFO empty after write: %s\n", (ur(UARTFR) & FR_TXFE) ? "yes" : "no");

    /* Receive until '\n', 31 bytes, or ten seconds of counter time (bounded
     * by iterations too, should the counter be stopped). Ten, not one: on an
     * emulator whose counter follows executed instructions, one second of guest
     * time can pass before a loaded host has delivered the piped input. */
    uint64_t freq = read_sysreg(cntfrq_el0);
    isb();
    uint64_t end = read_sysreg(cntpct_el0) + 10 * freq;
    for (unsigned long it = 0; it < 2000000000UL && n < 31; it++) {
        if (!(ur(UARTFR) & FR_RXFE)) {
            uint32_t d = ur(UARTDR);
            check_eq("no RX error flags", d & 0xf00, 0);
            buf[n++] = (unsigned char)d;
            if ((d & 0xff) == '\n')
                break;
            continue;
        }
        if ((it & 0xff) == 0) {
            isb();
            if (read_sysreg(cntpct_el0) > end)
                break;
        }
    }
    printf("received %d bytes:", n);
    for (int i = 0; i < n; i++)
        printf(" %02x", buf[i]);
    printf("\n");
    check_eq("received bytes", n, 6);
    check_true("received jaffa\\n", n == 6 && memcmp(buf, "jaffa\n", 6) == 0);
    return test_finish("systest-uart");
}
