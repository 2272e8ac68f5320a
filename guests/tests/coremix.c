/*
 * Second compute benchmark, of a different character from bench.c (tight arithmetic loops over
 * arrays): pointer chasing, indirect calls, data-dependent branches and narrow integers, the mix
 * CoreMark measures (this is not CoreMark and shares none of its code or constants).  Every
 * iteration, seeded by its number:
 *
 *   list    a linked list of LIST_NODES nodes scattered through a pool: lookups that move the
 *           node found to the front, a bottom-up merge sort by key and one by payload (through a
 *           comparison function pointer), a reversal, and walks that check and hash the order;
 *   scan    a character-level state machine classifying the comma-separated tokens of a
 *           generated text (integers, hexadecimal, decimals with exponents, garbage), then twice
 *           more, corrupting characters of it before each pass;
 *   matrix  int16 matrices: add a constant, scale into int32, matrix-vector and matrix-matrix
 *           products, and a product whose terms are folded through bit fields;
 *
 * and a CRC-16/CCITT (bitwise, MSB first) over every result.  N is the last decimal token of
 * the semihosting command line (QEMU: -append "N"), default 10.
 */
#include "libc.h"
#include "semihost.h"
#include "test.h"

#define DEFAULT_ITERS 10

/* ---- CRC-16/CCITT (polynomial 0x1021, MSB first), bit by bit ---- */
static uint16_t crc16_u8(uint16_t crc, uint8_t b)
{
    crc ^= (uint16_t)b << 8;
    for (int i = 0; i < 8; i++)
        crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    return crc;
}

static uint16_t crc16_u16(uint16_t crc, uint16_t v)
{
    return crc16_u8(crc16_u8(crc, (uint8_t)v), (uint8_t)(v >> 8));
}

static uint16_t crc16_u32(uint16_t crc, uint32_t v)
{
    return crc16_u16(crc16_u16(crc, (uint16_t)v), (uint16_t)(v >> 16));
}

/* xorshift32: the per-iteration pseudo-random source (never zero for a non-zero seed). */
static uint32_t rng;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* ---- Linked list ---- */
#define LIST_NODES 256
#define LIST_FINDS 48

struct node {
    struct node *next;
    int16_t key;
    uint16_t data;
};

static struct node pool[LIST_NODES];

typedef int (*node_cmp)(const struct node *, const struct node *);

static int by_key(const struct node *a, const struct node *b)
{
    return a->key - b->key;
}

static int by_data(const struct node *a, const struct node *b)
{
    /* Payloads compare by their low byte first, so the order differs from the key order. */
    int x = ((a->data & 0xff) << 8) | (a->data >> 8), y = ((b->data & 0xff) << 8) | (b->data >> 8);
    return x - y;
}

/* Links the pool in a scattered order (consecutive nodes are 167 slots apart), keys in
 * [-600, 599] with repeats, payloads random. */
static struct node *list_build(void)
{
    struct node *head = 0;
    unsigned start = next_rand() % LIST_NODES;
    for (unsigned i = 0; i < LIST_NODES; i++) {
        struct node *n = &pool[(start + i * 167) % LIST_NODES];
        n->key = (int16_t)((int)(next_rand() % 1200) - 600);
        n->data = (uint16_t)next_rand();
        n->next = head;
        head = n;
    }
    return head;
}

/* Finds the first node with `key`; moves it to the front.  Returns its former position, or -1. */
static int list_find_to_front(struct node **head, int16_t key)
{
    struct node *prev = 0, *n = *head;
    int pos = 0;
    while (n && n->key != key) {
        prev = n;
        n = n->next;
        pos++;
    }
    if (!n)
        return -1;
    if (prev) {
        prev->next = n->next;
        n->next = *head;
        *head = n;
    }
    return pos;
}

static struct node *list_reverse(struct node *n)
{
    struct node *rev = 0;
    while (n) {
        struct node *next = n->next;
        n->next = rev;
        rev = n;
        n = next;
    }
    return rev;
}

/* Bottom-up merge sort (stable): merges runs of width 1, 2, 4, ... until one run is left. */
static struct node *list_sort(struct node *head, node_cmp cmp)
{
    for (unsigned width = 1;; width *= 2) {
        struct node *p = head, *tail = 0;
        unsigned merges = 0;
        head = 0;
        while (p) {
            struct node *q = p;
            unsigned psize = 0, qsize = width;
            merges++;
            while (q && psize < width) {
                psize++;
                q = q->next;
            }
            while (psize > 0 || (qsize > 0 && q)) {
                struct node *e;
                if (psize == 0) {
                    e = q; q = q->next; qsize--;
                } else if (qsize == 0 || !q || cmp(p, q) <= 0) {
                    e = p; p = p->next; psize--;
                } else {
                    e = q; q = q->next; qsize--;
                }
                if (tail)
                    tail->next = e;
                else
                    head = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (merges <= 1)
            return head;
    }
}

/* Walks the list: the CRC of the payloads in order, the length, and how many neighbours are
 * out of order for `cmp` (0 after sorting by it). */
static uint16_t list_walk(const struct node *n, node_cmp cmp, unsigned *len, unsigned *disorder)
{
    uint16_t crc = 0xffff;
    unsigned count = 0, bad = 0;
    for (; n; n = n->next) {
        crc = crc16_u16(crc, n->data);
        if (n->next && cmp(n, n->next) > 0)
            bad++;
        count++;
    }
    *len = count;
    *disorder = bad;
    return crc;
}

static uint16_t list_work(uint16_t crc)
{
    struct node *head = list_build();
    unsigned len, disorder;
    int found = 0;

    for (unsigned i = 0; i < LIST_FINDS; i++) {
        /* Even lookups: the third node's key (a short walk); odd: a random key (often absent). */
        int16_t key = (i & 1) ? (int16_t)((int)(next_rand() % 1200) - 600) : head->next->next->key;
        int pos = list_find_to_front(&head, key);
        crc = crc16_u16(crc, (uint16_t)pos);
        found += pos >= 0;
    }
    head = list_sort(head, by_key);
    crc = crc16_u16(crc, list_walk(head, by_key, &len, &disorder));
    if (len != LIST_NODES || disorder != 0)
        check_true("list sorted by key", 0);
    head = list_reverse(head);
    crc = crc16_u16(crc, (uint16_t)head->key);
    head = list_sort(head, by_data);
    crc = crc16_u16(crc, list_walk(head, by_data, &len, &disorder));
    if (len != LIST_NODES || disorder != 0)
        check_true("list sorted by payload", 0);
    crc = crc16_u16(crc, list_walk(head, by_key, &len, &disorder));
    crc = crc16_u16(crc, (uint16_t)disorder);
    return crc16_u16(crc, (uint16_t)found);
}

/* ---- Token scanner ---- */
#define TEXT_LEN 1024
#define SCAN_PASSES 3

enum scan_state {
    S_START, S_SIGN, S_ZERO, S_INT, S_HEX_X, S_HEX, S_DOT, S_FRAC,
    S_EXP, S_EXP_SIGN, S_EXP_DIGITS, S_BAD, S_STATES
};

enum token_class { T_INT, T_HEX, T_REAL, T_INVALID, T_CLASSES };

static char text[TEXT_LEN];
static const char junk[] = "+-.eEx0123456789q#aF";

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static unsigned put_digits(unsigned at, unsigned count)
{
    for (unsigned i = 0; i < count && at < TEXT_LEN - 1; i++)
        text[at++] = (char)('0' + next_rand() % 10);
    return at;
}

/* Fills `text` with tokens separated by commas, NUL-terminated. */
static void text_generate(void)
{
    unsigned at = 0;
    while (at < TEXT_LEN - 24) {
        unsigned kind = next_rand() % 8;
        switch (kind) {
        case 0: case 1:                          /* integer, maybe signed */
            if (next_rand() & 1)
                text[at++] = (next_rand() & 1) ? '-' : '+';
            at = put_digits(at, 1 + next_rand() % 6);
            break;
        case 2:                                  /* hexadecimal */
            text[at++] = '0';
            text[at++] = 'x';
            for (unsigned n = 1 + next_rand() % 4; n; n--)
                text[at++] = "0123456789abcdefABCDEF"[next_rand() % 22];
            break;
        case 3: case 4:                          /* decimal */
            at = put_digits(at, next_rand() % 4);
            text[at++] = '.';
            at = put_digits(at, 1 + next_rand() % 4);
            break;
        case 5:                                  /* decimal with exponent */
            at = put_digits(at, 1 + next_rand() % 3);
            text[at++] = '.';
            at = put_digits(at, next_rand() % 3);
            text[at++] = (next_rand() & 1) ? 'e' : 'E';
            if (next_rand() & 1)
                text[at++] = '-';
            at = put_digits(at, 1 + next_rand() % 2);
            break;
        default:                                 /* garbage */
            for (unsigned n = 1 + next_rand() % 6; n; n--)
                text[at++] = junk[next_rand() % (sizeof junk - 1)];
            break;
        }
        text[at++] = ',';
    }
    text[at] = '\0';
}

static enum scan_state step(enum scan_state s, char c)
{
    switch (s) {
    case S_START:
        if (c == '+' || c == '-') return S_SIGN;
        if (c == '0') return S_ZERO;
        if (is_digit(c)) return S_INT;
        if (c == '.') return S_DOT;
        return S_BAD;
    case S_SIGN:
        if (c == '0') return S_ZERO;
        if (is_digit(c)) return S_INT;
        if (c == '.') return S_DOT;
        return S_BAD;
    case S_ZERO:
        if (c == 'x' || c == 'X') return S_HEX_X;
        /* fall through */
    case S_INT:
        if (is_digit(c)) return S_INT;
        if (c == '.') return S_DOT;
        if (c == 'e' || c == 'E') return S_EXP;
        return S_BAD;
    case S_HEX_X:
    case S_HEX:
        return is_hex(c) ? S_HEX : S_BAD;
    case S_DOT:
    case S_FRAC:
        if (is_digit(c)) return S_FRAC;
        if (c == 'e' || c == 'E') return S_EXP;
        return S_BAD;
    case S_EXP:
        if (c == '+' || c == '-') return S_EXP_SIGN;
        /* fall through */
    case S_EXP_SIGN:
    case S_EXP_DIGITS:
        return is_digit(c) ? S_EXP_DIGITS : S_BAD;
    default:
        return S_BAD;
    }
}

static enum token_class classify(enum scan_state s)
{
    switch (s) {
    case S_ZERO: case S_INT: return T_INT;
    case S_HEX: return T_HEX;
    case S_FRAC: case S_EXP_DIGITS: return T_REAL;
    default: return T_INVALID;
    }
}

/* Scans `text`: the CRC of every token's class and of the integers' values; counts[] per class,
 * visits[] per state entered. */
static uint16_t text_scan(uint16_t crc, unsigned counts[T_CLASSES], unsigned visits[S_STATES])
{
    enum scan_state s = S_START;
    uint32_t value = 0;             /* wraps on long digit runs */
    int negative = 0;
    for (const char *p = text;; p++) {
        char c = *p;
        if (c == ',' || c == '\0') {
            enum token_class t = classify(s);
            counts[t]++;
            crc = crc16_u8(crc, (uint8_t)t);
            if (t == T_INT)
                crc = crc16_u32(crc, negative ? -value : value);
            if (c == '\0')
                return crc;
            s = S_START;
            value = 0;
            negative = 0;
            continue;
        }
        s = step(s, c);
        visits[s]++;
        if (s == S_INT || s == S_ZERO)
            value = value * 10 + (uint32_t)(c - '0');
        else if (s == S_SIGN)
            negative = c == '-';
    }
}

static uint16_t scan_work(uint16_t crc)
{
    unsigned counts[T_CLASSES] = {0}, visits[S_STATES] = {0}, tokens = 0;

    text_generate();
    for (const char *p = text; *p; p++)
        tokens += *p == ',';
    crc = text_scan(crc, counts, visits);
    for (unsigned pass = 1; pass < SCAN_PASSES; pass++) {
        /* Corrupt some characters (never a separator, never into a NUL or a comma), scan again. */
        for (unsigned i = next_rand() % 9; i < TEXT_LEN - 2 && text[i]; i += 1 + next_rand() % 17)
            if (text[i] != ',')
                text[i] = junk[(unsigned char)text[i] % (sizeof junk - 1)];
        crc = text_scan(crc, counts, visits);
    }
    /* Each scan sees one token per comma and one (possibly empty) after the last. */
    unsigned total = 0;
    for (unsigned t = 0; t < T_CLASSES; t++) {
        total += counts[t];
        crc = crc16_u16(crc, (uint16_t)counts[t]);
    }
    if (total != SCAN_PASSES * (tokens + 1))
        check_eq("scanner token count", total, SCAN_PASSES * (tokens + 1));
    for (unsigned s = 0; s < S_STATES; s++)
        crc = crc16_u16(crc, (uint16_t)visits[s]);
    return crc;
}

/* ---- Matrices ---- */
#define MAT_N 20

static int16_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], vec[MAT_N];
static int32_t mc[MAT_N][MAT_N], vout[MAT_N];

/* The CRC of each row folded into one word (a CRC of every entry would outweigh the products). */
static uint16_t mat_crc32(uint16_t crc, int32_t m[MAT_N][MAT_N])
{
    for (unsigned i = 0; i < MAT_N; i++) {
        uint32_t h = 0;
        for (unsigned j = 0; j < MAT_N; j++)
            h = h * 31 + (uint32_t)m[i][j];
        crc = crc16_u32(crc, h);
    }
    return crc;
}

static uint16_t matrix_work(uint16_t crc)
{
    /* Small signed entries, as fixed-point data would have. */
    for (unsigned i = 0; i < MAT_N; i++) {
        for (unsigned j = 0; j < MAT_N; j++) {
            ma[i][j] = (int16_t)((int)(next_rand() & 0x1ff) - 0x100);
            mb[i][j] = (int16_t)((int)(next_rand() & 0xff) - 0x80);
        }
        vec[i] = (int16_t)((int)(next_rand() & 0x3ff) - 0x200);
    }
    int16_t k = (int16_t)((int)(next_rand() & 0x3f) - 0x20);

    /* A += k (in int16, wrapping as stored). */
    for (unsigned i = 0; i < MAT_N; i++)
        for (unsigned j = 0; j < MAT_N; j++)
            ma[i][j] = (int16_t)(ma[i][j] + k);

    /* C = A * k, widened. */
    for (unsigned i = 0; i < MAT_N; i++)
        for (unsigned j = 0; j < MAT_N; j++)
            mc[i][j] = (int32_t)ma[i][j] * k;
    crc = mat_crc32(crc, mc);

    /* v' = A v */
    for (unsigned i = 0; i < MAT_N; i++) {
        int32_t s = 0;
        for (unsigned j = 0; j < MAT_N; j++)
            s += (int32_t)ma[i][j] * vec[j];
        vout[i] = s;
        crc = crc16_u32(crc, (uint32_t)s);
    }

    /* C = A B; count the entries above the mean of v'. */
    int32_t mean = 0;
    for (unsigned i = 0; i < MAT_N; i++)
        mean += vout[i] / MAT_N;
    unsigned above = 0;
    for (unsigned i = 0; i < MAT_N; i++)
        for (unsigned j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (unsigned t = 0; t < MAT_N; t++)
                s += (int32_t)ma[i][t] * mb[t][j];
            mc[i][j] = s;
            above += s > mean;
        }
    crc = mat_crc32(crc, mc);
    crc = crc16_u16(crc, (uint16_t)above);

    /* C = A (.) B where each product contributes bits [11:4] XOR its sign-extended low nibble. */
    for (unsigned i = 0; i < MAT_N; i++)
        for (unsigned j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (unsigned t = 0; t < MAT_N; t++) {
                int32_t p = (int32_t)ma[i][t] * mb[t][j];
                s += ((p >> 4) & 0xff) ^ ((int8_t)((uint32_t)p << 4) >> 4);
            }
            mc[i][j] = s;
        }
    return mat_crc32(crc, mc);
}

/* ---- Command line: the last whitespace-separated decimal token (QEMU's starts with the file) ---- */
static unsigned long iterations(void)
{
    static char cmdline[256];
    unsigned long result = DEFAULT_ITERS;
    long len = sys_get_cmdline(cmdline, sizeof cmdline);

    for (long i = 0; i < len;) {
        if (cmdline[i] == ' ' || cmdline[i] == '\t') {
            i++;
            continue;
        }
        long start = i;
        unsigned long v = 0;
        int decimal = 1;
        for (; i < len && cmdline[i] != ' ' && cmdline[i] != '\t'; i++) {
            if (!is_digit(cmdline[i]) || i - start >= 9)
                decimal = 0;
            else
                v = v * 10 + (unsigned long)(cmdline[i] - '0');
        }
        if (decimal)
            result = v;
    }
    return result;
}

int main(void)
{
    unsigned long iters = iterations();
    uint16_t list_crc = 0, scan_crc = 0, mat_crc = 0, crc = 0xffff;

    printf("coremix: %lu iterations\n", iters);
    for (unsigned long it = 0; it < iters; it++) {
        rng = (uint32_t)(it * 0x9e3779b9u) ^ 0x2545f491u;
        if (rng == 0)
            rng = 1;
        list_crc = list_work(list_crc);
        scan_crc = scan_work(scan_crc);
        mat_crc = matrix_work(mat_crc);
        crc = crc16_u16(crc16_u16(crc16_u16(crc, list_crc), scan_crc), mat_crc);
    }
    printf("coremix checksum iterations=%lu list=%04x scan=%04x matrix=%04x crc=%04x\n", iters,
           list_crc, scan_crc, mat_crc, crc);
    return test_finish("coremix");
}
