/* What changed between two interviews of one customer (issue 17, under
 * way): the months between them, and the blockers resolved and new. */
#include <math.h>

#include "private.h"

struct day {
	int y, m, d;
};

static struct day
parse(const char *s)	/* a date is_date() accepted */
{
	return (struct day){ (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
				     (s[3] - '0'),
			     (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0') };
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return days[m - 1] + (m == 2 && leap);
}

/* Days since 0000-03-01, for differences (the civil-from-days inverse). */
static long
day_number(struct day t)
{
	int y = t.m <= 2 ? t.y - 1 : t.y, m = t.m <= 2 ? t.m + 9 : t.m - 3;
	return 365L * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + t.d - 1;
}

/* t plus k months, on the same day or the month's last when it has fewer. */
static struct day
plus_months(struct day t, int k)
{
	int months = t.y * 12 + (t.m - 1) + k;
	struct day r = { months / 12, months % 12 + 1, 0 };
	int last = month_days(r.y, r.m);
	r.d = t.d < last ? t.d : last;
	return r;
}

double
journey_months(const char *from, const char *to)
{
	if (!from || !to || !is_date(from) || !is_date(to)) {
		return NAN;
	}
	struct day a = parse(from), b = parse(to);
	bool back = day_number(b) < day_number(a);
	if (back) {
		struct day t = a;
		a = b;
		b = t;
	}
	/* whole months from a that stay at or before b, then the share of the
	 * next month reached */
	int k = (b.y - a.y) * 12 + (b.m - a.m);
	while (k > 0 && day_number(plus_months(a, k)) > day_number(b)) {
		k--;
	}
	long start = day_number(plus_months(a, k)), end = day_number(plus_months(a, k + 1));
	double months = k + (double)(day_number(b) - start) / (double)(end - start);
	months = (double)(long)(months * 10 + 0.5) / 10;	/* one decimal */
	return back ? -months : months;
}

/* The items of from that are not in in, in from's order. */
static size_t
missing(const size_t *from, size_t nfrom, const size_t *in, size_t nin, size_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < nfrom; i++) {
		bool there = false;
		for (size_t j = 0; j < nin; j++) {
			there = there || in[j] == from[i];
		}
		if (!there) {
			out[n++] = from[i];
		}
	}
	return n;
}

void
journey_blockers_diff(const size_t *before, size_t nbefore, const size_t *now, size_t nnow,
		      size_t *resolved, size_t *nresolved, size_t *added, size_t *nadded)
{
	*nresolved = missing(before, nbefore, now, nnow, resolved);
	*nadded = missing(now, nnow, before, nbefore, added);
}
