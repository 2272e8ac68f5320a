/* Reads "word v0lo v0hi v1lo v1hi v2lo v2hi v3lo v3hi x0 x1 x2 x3 nzcv fpcr" (hex) per line, runs
   the word under the CPU (QEMU user mode: qemu-aarch64 -cpu cortex-a57) and prints the inputs
   followed by "-> v0lo .. v3hi x0 .. x3 nzcv fpsr", or "-> SIGILL" when the word is UNDEFINED. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

struct state { uint64_t v[8], x[4], nzcv, fpcr, fpsr; };
void oracle_run(struct state *s, void (*code)(void));

static sigjmp_buf env;
static void on_sigill(int sig) { (void) sig; siglongjmp(env, 1); }

int main(void) {
    uint32_t *page = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigill;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGILL, &sa, 0);
    char line[1024];
    while (fgets(line, sizeof line, stdin)) {
        struct state s;
        unsigned long long w, in[14];
        memset(&s, 0, sizeof s);
        if (sscanf(line, "%llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx", &w,
                   &in[0], &in[1], &in[2], &in[3], &in[4], &in[5], &in[6], &in[7], &in[8], &in[9], &in[10],
                   &in[11], &in[12], &in[13]) != 15) {
            fputs(line, stdout);
            continue;
        }
        for (int k = 0; k < 8; k++) s.v[k] = in[k];
        for (int k = 0; k < 4; k++) s.x[k] = in[8 + k];
        s.nzcv = in[12] << 28;
        s.fpcr = in[13];
        page[0] = (uint32_t) w;
        page[1] = 0xd65f03c0; /* ret */
        __builtin___clear_cache((char *) page, (char *) (page + 2));
        line[strcspn(line, "\n")] = 0;
        if (sigsetjmp(env, 1)) {
            printf("%s -> SIGILL\n", line);
            continue;
        }
        oracle_run(&s, (void (*)(void)) page);
        printf("%s ->", line);
        for (int k = 0; k < 8; k++) printf(" %llx", (unsigned long long) s.v[k]);
        for (int k = 0; k < 4; k++) printf(" %llx", (unsigned long long) s.x[k]);
        printf(" %llx %llx\n", (unsigned long long) (s.nzcv >> 28), (unsigned long long) s.fpsr);
    }
    return 0;
}
