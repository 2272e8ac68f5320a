// Runs one AArch64 instruction word per input line under qemu-aarch64 and prints the result.
// Input:  insn fpcr v0lo v0hi v1lo v1hi v2lo v2hi v3lo v3hi   (hex)
// Output: the same fields, then v0lo v0hi fpsr
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
__asm__(".text\n.global tmpl_start\n.global tmpl_end\ntmpl_start:\n"
        "ldp q0, q1, [x0]\n ldp q2, q3, [x0, #32]\n msr fpcr, x1\n msr fpsr, xzr\n nop\n"
        "mrs x2, fpsr\n stp q0, q1, [x0]\n stp q2, q3, [x0, #32]\n str x2, [x0, #64]\n msr fpcr, xzr\n ret\ntmpl_end:\n");
extern char tmpl_start[], tmpl_end[];
int main(void) {
    size_t len = tmpl_end - tmpl_start;
    uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(code, tmpl_start, len);
    void (*fn)(uint64_t *, uint64_t) = (void (*)(uint64_t *, uint64_t))code;
    unsigned insn; unsigned long long fpcr, r[8];
    char line[512];
    while (fgets(line, sizeof line, stdin)) {
        if (sscanf(line, "%x %llx %llx %llx %llx %llx %llx %llx %llx %llx", &insn, &fpcr, &r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7]) != 10) continue;
        uint64_t st[9];
        for (int k = 0; k < 8; k++) st[k] = r[k];
        code[4] = insn;
        __builtin___clear_cache((char *)code, (char *)code + len);
        fn(st, fpcr);
        printf("%08x %08llx %016llx %016llx %016llx %016llx %016llx %016llx %016llx %016llx %016llx %016llx %08llx\n", insn, fpcr,
               r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], (unsigned long long)st[0], (unsigned long long)st[1], (unsigned long long)st[8]);
    }
    return 0;
}
