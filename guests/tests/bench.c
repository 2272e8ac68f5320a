/*
 * Compute benchmark: CRC32 instructions over a buffer, a sieve of
 * Eratosthenes, an integer matrix multiply, an LCG-driven sort and a hash
 * table, repeated N times.  N is the last decimal token of the semihosting
 * command line (QEMU: -append "N"), default 10.
 */
#include "libc.h"
#include "semihost.h"
#include "test.h"

#define DEFAULT_ITERS 10

/* ---- CRC32 over a buffer ---- */
#define CRC_BUF 32768
static uint64_t crc_buf[CRC_BUF / 8];

static uint32_t crc_block(uint32_t crc)
{
    const uint64_t *p = crc_buf;
    for (unsigned i = 0; i < CRC_BUF / 8; i += 2) {
        __asm__("crc32x  %w0, %w0, %1" : "+r"(crc) : "r"(p[i]));
        __asm__("crc32cx %w0, %w0, %1" : "+r"(crc) : "r"(p[i + 1]));
    }
    return crc;
}

/* ---- Sieve ---- */
#define SIEVE_N 100000
static uint8_t sieve_buf[SIEVE_N + 1];

static unsigned sieve(void)
{
    unsigned count = 0;
    for (unsigned i = 0; i <= SIEVE_N; i++)
        sieve_buf[i] = 1;
    sieve_buf[0] = sieve_buf[1] = 0;
    for (unsigned i = 2; i * i <= SIEVE_N; i++)
        if (sieve_buf[i])
            for (unsigned j = i * i; j <= SIEVE_N; j += i)
                sieve_buf[j] = 0;
    for (unsigned i = 0; i <= SIEVE_N; i++)
        count += sieve_buf[i];
    return count;
}

/* ---- Matrix multiply ---- */
#define MN 32
static int32_t ma[MN][MN], mb[MN][MN], mc[MN][MN];

static uint64_t matmul(uint32_t seed)
{
    uint64_t h = 0;
    for (unsigned i = 0; i < MN; i++)
        for (unsigned j = 0; j < MN; j++) {
            ma[i][j] = (int32_t)((i * 7 + j * 3 + seed) % 19) - 9;
            mb[i][j] = (int32_t)((i * 5 + j * 11 + seed) % 23) - 11;
        }
    for (unsigned i = 0; i < MN; i++)
        for (unsigned j = 0; j < MN; j++) {
            int32_t s = 0;
            for (unsigned k = 0; k < MN; k++)
                s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    for (unsigned i = 0; i < MN; i++)
        for (unsigned j = 0; j < MN; j++)
            h = h * 31 + (uint32_t)mc[i][j];
    return h;
}

/* ---- LCG-driven sort (non-recursive heapsort) ---- */
#define NSORT 2048
static uint32_t sort_arr[NSORT];
static uint64_t lcg_state;

static uint32_t lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

static void sift_down(uint32_t *a, unsigned start, unsigned end)
{
    unsigned root = start;
    while (2 * root + 1 <= end) {
        unsigned child = 2 * root + 1, sw = root;
        if (a[sw] < a[child])
            sw = child;
        if (child + 1 <= end && a[sw] < a[child + 1])
            sw = child + 1;
        if (sw == root)
            return;
        uint32_t t = a[root];
        a[root] = a[sw];
        a[sw] = t;
        root = sw;
    }
}

static uint64_t lcg_sort(void)
{
    uint64_t h = 0;
    for (unsigned i = 0; i < NSORT; i++)
        sort_arr[i] = lcg();
    for (int start = (NSORT - 2) / 2; start >= 0; start--)
        sift_down(sort_arr, (unsigned)start, NSORT - 1);
    for (unsigned end = NSORT - 1; end > 0; end--) {
        uint32_t t = sort_arr[end];
        sort_arr[end] = sort_arr[0];
        sort_arr[0] = t;
        sift_down(sort_arr, 0, end - 1);
    }
    for (unsigned i = 0; i < NSORT; i++) {
        if (i && sort_arr[i - 1] > sort_arr[i])
            return 0;   /* not sorted: checksum 0 flags the failure */
        h = h * 1000003 + sort_arr[i];
    }
    return h | 1;
}

/* ---- Hash table (open addressing, linear probing) ---- */
#define HT_SIZE 8192
#define HT_KEYS 5000
static uint64_t ht_keys[HT_SIZE];
static uint32_t ht_vals[HT_SIZE];

static uint64_t hash_key(uint64_t k)
{
    k ^= k >> 31;
    k *= 0x7fb5d329728ea185ULL;
    k ^= k >> 27;
    return k;
}

static uint64_t hashtable(uint32_t seed)
{
    uint64_t found = 0, sum = 0;
    for (unsigned i = 0; i < HT_SIZE; i++)
        ht_keys[i] = 0;
    for (unsigned i = 0; i < HT_KEYS; i++) {
        uint64_t key = (uint64_t)(i * 2654435761u + seed) | 1;
        uint64_t slot = hash_key(key) & (HT_SIZE - 1);
        while (ht_keys[slot] && ht_keys[slot] != key)
            slot = (slot + 1) & (HT_SIZE - 1);
        ht_keys[slot] = key;
        ht_vals[slot] = i;
    }
    for (unsigned i = 0; i < 2 * HT_KEYS; i++) {
        uint64_t key = (uint64_t)(i * 2654435761u + seed) | 1;
        uint64_t slot = hash_key(key) & (HT_SIZE - 1);
        while (ht_keys[slot]) {
            if (ht_keys[slot] == key) {
                found++;
                sum += ht_vals[slot];
                break;
            }
            slot = (slot + 1) & (HT_SIZE - 1);
        }
    }
    return (found << 32) ^ sum;
}

/* ---- Command line ---- */
static unsigned long parse_iterations(void)
{
    static char cmdline[256];
    unsigned long result = DEFAULT_ITERS;
    long len = sys_get_cmdline(cmdline, sizeof cmdline);

    if (len <= 0)
        return result;
    /* Use the last whitespace-separated token that is a decimal number (QEMU's
     * command line starts with the kernel file name). */
    for (long i = 0; i < len;) {
        while (i < len && (cmdline[i] == ' ' || cmdline[i] == '\t'))
            i++;
        long start = i;
        unsigned long v = 0;
        int digits = 1;
        while (i < len && cmdline[i] != ' ' && cmdline[i] != '\t') {
            if (cmdline[i] < '0' || cmdline[i] > '9' || i - start >= 9)
                digits = 0;
            else
                v = v * 10 + (unsigned long)(cmdline[i] - '0');
            i++;
        }
        if (i > start && digits)
            result = v;
    }
    return result;
}

int main(void)
{
    unsigned long iters = parse_iterations();
    uint32_t crc = 0xffffffff;
    uint64_t sum = HASH_INIT;

    for (unsigned i = 0; i < CRC_BUF / 8; i++)
        crc_buf[i] = (uint64_t)i * 0x9e3779b97f4a7c15ULL;
    lcg_state = 42;

    printf("bench: %lu iterations\n", iters);
    for (unsigned long it = 0; it < iters; it++) {
        crc = crc_block(crc);
        unsigned primes = sieve();
        uint64_t mm = matmul((uint32_t)it);
        uint64_t srt = lcg_sort();
        uint64_t ht = hashtable((uint32_t)it * 77);
        if (primes != 9592)
            check_eq("sieve prime count", primes, 9592);
        if (srt == 0)
            check_true("lcg sort sorted", 0);
        if ((ht >> 32) != HT_KEYS)
            check_eq("hash table hits", ht >> 32, HT_KEYS);
        sum = hmix(sum, crc);
        sum = hmix(sum, primes);
        sum = hmix(sum, mm);
        sum = hmix(sum, srt);
        sum = hmix(sum, ht);
    }
    printf("bench checksum iterations=%lu crc=%08x sum=%016llx\n", iters, crc,
           (unsigned long long)sum);
    return test_finish("bench");
}
