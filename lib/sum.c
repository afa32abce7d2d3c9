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
