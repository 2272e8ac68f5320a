/*
 * Runs single A64 instruction words under qemu-aarch64 for the SimdIntRowsTest expectations.
 * stdin, one case a line:  insn v0lo v0hi v1lo v1hi v2lo v2hi v3lo v3hi fpsr   (hex)
 * stdout: the same line followed by " -> " and V0..V3 and FPSR after the instruction, or " -> undef"
 * when the word raised SIGILL. The word is patched into a stub that loads V0..V3 and FPSR, executes
 * it and stores them back.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern void stub(uint64_t *st);
extern uint32_t stub_insn[];
__asm__(".text\n.balign 4096\n.global stub\nstub:\n"
        "ldp q0, q1, [x0]\nldp q2, q3, [x0, #32]\nldr x1, [x0, #64]\nmsr fpsr, x1\n"
        ".global stub_insn\nstub_insn: nop\n"
        "mrs x1, fpsr\nstr x1, [x0, #64]\nstp q0, q1, [x0]\nstp q2, q3, [x0, #32]\nret\n"
        ".balign 4096\n");

static sigjmp_buf jb;
static void on_ill(int s) { (void) s; siglongjmp(jb, 1); }

int main(void) {
    uintptr_t page = (uintptr_t) stub & ~(uintptr_t) 4095;
    if (mprotect((void *) page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC)) { perror("mprotect"); return 1; }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_ill;
    sigaction(SIGILL, &sa, 0);
    char line[512];
    while (fgets(line, sizeof line, stdin)) {
        unsigned insn;
        unsigned long long r[9];
        if (sscanf(line, "%x %llx %llx %llx %llx %llx %llx %llx %llx %llx", &insn, &r[0], &r[1], &r[2], &r[3], &r[4],
                   &r[5], &r[6], &r[7], &r[8]) != 10) continue;
        line[strcspn(line, "\n")] = 0;
        uint64_t st[9];
        for (int k = 0; k < 9; k++) st[k] = r[k];
        stub_insn[0] = insn;
        __builtin___clear_cache((char *) stub_insn, (char *) (stub_insn + 1));
        if (sigsetjmp(jb, 1)) { printf("%s -> undef\n", line); continue; }
        stub(st);
        printf("%s ->", line);
        for (int k = 0; k < 9; k++) printf(" %llx", (unsigned long long) st[k]);
        printf("\n");
    }
    return 0;
}
