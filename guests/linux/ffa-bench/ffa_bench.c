/*
 * FF-A round trips from Linux userspace: ioctl -> jaffa-ffa-user -> arm_ffa -> SMC -> SPMD ->
 * SPMC -> partition -> back, in a loop, to OP-TEE's test LSP (a Java endpoint: the path's cost
 * without a partition's code) and to spm-test1 (EP_SP_NOP through its C runtime at S-EL0).
 * The guest's clock is virtual (one instruction, one nanosecond), so the host measures: the
 * program prints "# ffa-bench: begin NAME N" and "# ffa-bench: end NAME N" around each loop and
 * `jaffa ts` times the two lines on the host. One case line per target checks every answer.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "jaffa_ffa.h"
#include "report.h"

#define ROUND_TRIPS 20000

static const struct target {
    const char *name, *title, *uuid;
    uint64_t request[5];
    uint64_t answer0;     /* x3 of every answer */
} targets[] = {
    { "ffa_bench_001", "round trips from userspace to the test LSP", "54b5440e-a3d2-48d1-872a-7b6cbfc34855",
      { 0, 1, 2, 3, 4 }, 10 },                       /* the LSP answers w3 = w3 + ... + w7 */
    { "ffa_bench_002", "round trips from userspace to spm-test1", "5c9edbc3-7b3a-4367-9f83-7c191ae86a37",
      { 11, 0, 0, 0, 0 }, 0xAA },                    /* EP_SP_NOP -> SP_TEST_OK */
};

int main(void)
{
    int fd = open("/dev/jaffa-ffa", O_RDWR);
    int failed = 0;
    for (unsigned t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        const struct target *g = &targets[t];
        uint16_t id;
        if (fd < 0) {
            report_case(g->name, g->title, CASE_SKIPPED, "no /dev/jaffa-ffa");
            continue;
        }
        if (jffa_find(fd, g->uuid, 0, &id, NULL) != 0) {
            report_case(g->name, g->title, CASE_SKIPPED, "partition %s not bound to jaffa-ffa-user", g->uuid);
            continue;
        }
        printf("# ffa-bench: begin %s %d\n", g->name, ROUND_TRIPS);
        fflush(stdout);
        int bad = 0, rc = 0;
        for (int i = 0; i < ROUND_TRIPS && !rc; i++) {
            uint64_t args[5] = { g->request[0], g->request[1], g->request[2], g->request[3], g->request[4] };
            rc = jffa_send(fd, id, 0, args);
            if (!rc && args[0] != g->answer0) bad++;
        }
        printf("# ffa-bench: end %s %d\n", g->name, ROUND_TRIPS);
        fflush(stdout);
        if (rc) failed |= report_case(g->name, g->title, CASE_FAILED, "direct request: error %d", rc) == CASE_FAILED;
        else if (bad) failed |= report_case(g->name, g->title, CASE_FAILED, "%d of %d answers wrong", bad, ROUND_TRIPS) == CASE_FAILED;
        else report_case(g->name, g->title, CASE_OK, NULL);
    }
    return failed;
}
