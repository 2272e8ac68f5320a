/* The Jaffa demo guest. */
#include "libc.h"
#include "test.h"

int main(void)
{
    char buf[64];

    puts("Hello from Jaffa!");
    printf("decimal: %d %i %u %ld %lu\n", -42, 17, 4000000000u, -1234567890123L, 18446744073709551615UL);
    printf("hex: %x %X %lx %llx %#x\n", 0xdeadbeef, 0xcafe, 0x123456789abcdefUL, 0xfedcba9876543210ULL, 255);
    printf("width: [%8d] [%-8d] [%08d] [%08x] [%-6s] [%6s] [%c%c]\n", 42, 42, -42, 0xbeef, "ab", "cd", 'o', 'k');
    printf("pointer: %p percent: %%\n", (void *)0x40100000UL);

    snprintf(buf, sizeof buf, "%d-%x-%s-%05u", -7, 0xabcu, "xyz", 42u);
    check_true("snprintf basic", strcmp(buf, "-7-abc-xyz-00042") == 0);
    check_eq("snprintf return", (uint64_t)snprintf(buf, 4, "%s", "truncated"), 9);
    check_true("snprintf truncation", strcmp(buf, "tru") == 0);
    snprintf(buf, sizeof buf, "[%-5x|%5ld|%016llx]", 0x1f, -3L, 1ULL << 63);
    check_true("snprintf flags", strcmp(buf, "[1f   |   -3|8000000000000000]") == 0);
    snprintf(buf, sizeof buf, "%ld %lu", (long)(-9223372036854775807L - 1), 0UL);
    check_true("snprintf extremes", strcmp(buf, "-9223372036854775808 0") == 0);

    return test_finish("hello");
}
