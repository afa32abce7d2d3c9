/* sum.c: exact sums (reference §5 means), whatever the order of the adds.
 *
 * Each value is converted once to a 128-bit integer in units of 2^-64.
 * Integer addition is associative, so the sum, and the mean made from it,
 * has the same bits however the responses were cut into parts; a sum of
 * doubles would depend on the order of the additions. The values summed
 * are levels (0..S), shares (0..1) and indexes (0..100): below 2^20, so
 * 2^40 of them fit. Their bits below 2^-64 are dropped, the same way for
 * every split. Only aggregate.c and its test include this header. */
#ifndef VMAT_SUM_H
#define VMAT_SUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef __SIZEOF_INT128__
#error "sum.h needs a compiler with __int128 (exact sums)"
#endif

__extension__ typedef __int128 fixed;
struct sum {
	fixed total;
	size_t n;
};

/* (fixed)ldexp(v, 64), from v's bits: the compiler's conversion is a call
 * into its runtime, and took a tenth of the time vmat_agg_add() did.
 * v must be below 2^20 in magnitude (see above). */
static inline fixed
to_fixed(double v)
{
	uint64_t b;
	memcpy(&b, &v, sizeof(b));
	int e = (int)(b >> 52 & 0x7ff);	/* v = m * 2^(e - 1075) */
	if (e == 0) {
		return 0;	/* zero, or far below 2^-64 */
	}
	uint64_t m = (b & (((uint64_t)1 << 52) - 1)) | (uint64_t)1 << 52;
	int shift = e - 1075 + 64;	/* below 2^20: shift < 32 */
	fixed f = shift >= 0 ? (fixed)m << shift : shift > -64 ? (fixed)(m >> -shift) : 0;
	return b >> 63 ? -f : f;	/* truncated towards zero, as a conversion is */
}

/* Adds v (finite, below 2^20 in magnitude). Inline: vmat_agg_add() calls it
 * several times a response. A zeroed struct sum is empty. */
static inline void
sum_add(struct sum *s, double v)
{
	s->total += to_fixed(v);
	s->n++;
}

/* Adds everything from holds to to. */
void sum_merge(struct sum *to, const struct sum *from);
/* The mean of the values added; NAN when there are none. */
double sum_mean(const struct sum *s);
/* The sample variance (n - 1) of the values added to x, whose squares were
 * added to squares; NAN for fewer than two. */
double sum_variance(const struct sum *x, const struct sum *squares);

#endif
