/* Exact sums: see sum.h. */
#include <math.h>

#include "sum.h"

void
sum_merge(struct sum *to, const struct sum *from)
{
	to->total += from->total;
	to->n += from->n;
}

double
sum_mean(const struct sum *s)
{
	return s->n ? ldexp((double)s->total, -64) / (double)s->n : NAN;
}

double
sum_variance(const struct sum *x, const struct sum *squares)
{
	if (x->n < 2) {
		return NAN;
	}
	long double n = (long double)x->n, t = ldexpl((long double)x->total, -64);
	long double v = (ldexpl((long double)squares->total, -64) - t * t / n) / (n - 1);
	return v > 0 ? (double)v : 0;	/* rounding may leave a hair below 0 */
}
