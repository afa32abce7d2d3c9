/* Movement (reference §9): what a finished history says of a report's
 * groups: who was interviewed again and how they moved, how long they stay
 * at a stage, who is due for a visit, the state of each group at each
 * quarter's end, and each customer's latest interview (for the peers). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of v[0..n) (sorted here), NAN when n is 0. */
static double
median(double *v, size_t n)
{
	if (n == 0) {
		return NAN;
	}
	qsort(v, n, sizeof(*v), by_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct doubles {
	double *v;
	size_t n, cap;
};

static bool
add_double(struct doubles *d, double x)
{
	if (!array_reserve((void **)&d->v, &d->cap, d->n, sizeof(*d->v))) {
		return false;
	}
	d->v[d->n++] = x;
	return true;
}

/* e, a customer's latest interview, at its stage since the date since. */
static bool
add_customer(struct movement_customers *l, const struct interview *e, const char *since,
	     int from, double months)
{
	if (!array_reserve((void **)&l->items, &l->cap, l->n, sizeof(*l->items))) {
		return false;
	}
	l->items[l->n++] = (struct movement_customer){ e->customer, e->interviewer, since,
						       from, e->stage, months, e->top_blocker,
						       .partner = -1 };
	return true;
}

/* Longest at their stage first; then by name, for the same bytes every run. */
static int
by_months(const void *pa, const void *pb)
{
	const struct movement_customer *a = pa, *b = pb;
	if (a->months != b->months) {
		return a->months < b->months ? 1 : -1;
	}
	return strcmp(a->customer, b->customer);
}

/* Who needs what: the highest stage first, then by top blocker (none
 * last), then by name. */
static int
by_stage(const void *pa, const void *pb)
{
	const struct movement_customer *a = pa, *b = pb;
	if (a->stage != b->stage) {
		return a->stage > b->stage ? -1 : 1;
	}
	unsigned long ta = (unsigned long)a->top_blocker, tb = (unsigned long)b->top_blocker;
	if (ta != tb) {
		return ta < tb ? -1 : 1;
	}
	int c = strcmp(a->customer, b->customer);
	return c ? c : strcmp(a->date, b->date);
}

static int
by_name(const void *pa, const void *pb)
{
	const struct movement_customer *a = pa, *b = pb;
	int c = strcmp(a->customer, b->customer);
	return c ? c : strcmp(a->date, b->date);
}

/* The SE's list: by interviewer (none last), the longest without a visit
 * first, then by name. */
static int
by_interviewer(const void *pa, const void *pb)
{
	const struct movement_customer *a = pa, *b = pb;
	if (!a->interviewer != !b->interviewer) {
		return a->interviewer ? -1 : 1;
	}
	int c = a->interviewer ? strcmp(a->interviewer, b->interviewer) : 0;
	return c ? c : by_months(pa, pb);
}

int
history_movement(struct vmat_history *h, size_t (*group_of)(void *ctx, const char *group),
		 void *ctx, size_t ngroups, size_t nstages, const struct movement_options *opt,
		 struct movement *out)
{
	int rc = vmat_history_finish(h);
	struct doubles *between = calloc(ngroups + 1, sizeof(*between));
	struct {
		size_t *v;	/* group * stages^2 + transition */
		size_t n, cap;
	} made = { 0 };	/* a customer's transitions counted so far */
	struct doubles *at_stage = calloc(ngroups + 1, sizeof(*at_stage));
	const char *as_of = opt->as_of ? opt->as_of : "";
	for (size_t i = 0; i < h->list.n && !opt->as_of; i++) {
		as_of = strcmp(h->list.items[i]->date, as_of) > 0 ? h->list.items[i]->date : as_of;
	}
	for (size_t g = 0; g < ngroups && rc == VMAT_OK; g++) {
		out[g] = (struct movement){ .as_of = as_of };
		out[g].transitions = calloc(nstages * nstages, sizeof(*out[g].transitions));
		rc = out[g].transitions ? VMAT_OK : VMAT_ENOMEM;
	}
	if (!between || !at_stage) {
		rc = VMAT_ENOMEM;
	}
	/* customer by customer: its interviews are together, in date order */
	for (size_t i = 0, j; i < h->list.n && rc == VMAT_OK; i = j) {
		struct interview *const *c = &h->list.items[i];
		for (j = i + 1; j < h->list.n && h->list.items[j]->customer_no == c[0]->customer_no;) {
			j++;
		}
		size_t n = j - i;
		const struct interview *last = c[n - 1];
		size_t g = group_of(ctx, last->group);
		if (g >= ngroups) {
			continue;	/* its group has no response that counts */
		}
		struct movement *m = &out[g];
		bool ok = true;
		if (n >= 2) {
			int from = c[n - 2]->stage;
			m->reinterviewed++;
			m->up += last->stage > from;
			m->unchanged += last->stage == from;
			m->down += last->stage < from;
			if (last->stage < from) {
				ok = add_customer(&m->moved_down, last, last->date, from, NAN);
			}
		}
		made.n = 0;
		/* each pair of consecutive interviews, in the group of the later */
		for (size_t k = 1; k < n && ok; k++) {
			size_t gk = group_of(ctx, c[k]->group);
			if (gk >= ngroups) {
				continue;
			}
			ok = add_double(&between[gk], journey_months(c[k - 1]->date, c[k]->date));
			size_t t = (size_t)c[k - 1]->stage * nstages + (size_t)c[k]->stage;
			/* a customer counts once per transition and group: the pairs it
			 * made so far are few, whatever its number of interviews */
			size_t pair = gk * nstages * nstages + t;
			bool again = false;
			for (size_t q = 0; q < made.n && !again; q++) {
				again = made.v[q] == pair;
			}
			if (!again) {
				ok = ok && array_reserve((void **)&made.v, &made.cap, made.n, sizeof(*made.v));
				if (ok) {
					made.v[made.n++] = pair;
					out[gk].transitions[t]++;
				}
			}
		}
		/* since the first of the last run of interviews at its stage */
		size_t first = n - 1;
		while (first > 0 && c[first - 1]->stage == last->stage) {
			first--;
		}
		double months = journey_months(c[first]->date, as_of);
		ok = ok && add_double(&at_stage[g], months) &&
		     add_customer(&m->stuck, last, c[first]->date, last->stage, months);
		/* who needs what: the latest interview, with its numbers */
		ok = ok && add_customer(&m->latest, last, last->date, last->stage, NAN);
		if (ok) {
			struct movement_customer *w = &m->latest.items[m->latest.n - 1];
			w->aspiration = last->v[V_ASPIRATION];
			w->gap = last->v[V_GAP];
			w->skills = opt->skills >= 0 ? last->v[V_SCORES + opt->skills] : NAN;
			w->partner = last->partner;
		}
		/* due for a visit: the latest interview older than stale_after */
		double since = journey_months(last->date, as_of);
		if (ok && since > opt->stale_after) {
			ok = add_customer(&m->stale, last, last->date, last->stage, since);
		}
		rc = ok ? VMAT_OK : VMAT_ENOMEM;
	}
	for (size_t g = 0; g < ngroups && rc == VMAT_OK; g++) {
		out[g].median_months_between = median(between[g].v, between[g].n);
		out[g].median_months_at_stage = median(at_stage[g].v, at_stage[g].n);
		struct movement_customers *d = &out[g].moved_down, *st = &out[g].stuck;
		if (d->n > 1) {
			qsort(d->items, d->n, sizeof(*d->items), by_name);
		}
		if (st->n > 1) {
			qsort(st->items, st->n, sizeof(*st->items), by_months);
		}
		if (out[g].latest.n > 1) {
			qsort(out[g].latest.items, out[g].latest.n, sizeof(*out[g].latest.items),
			      by_stage);
		}
		if (out[g].stale.n > 1) {
			qsort(out[g].stale.items, out[g].stale.n, sizeof(*out[g].stale.items),
			      by_interviewer);
		}
	}
	for (size_t g = 0; between && at_stage && g <= ngroups; g++) {
		free(between[g].v);
		free(at_stage[g].v);
	}
	free(between);
	free(at_stage);
	free(made.v);
	return rc;
}

void
movement_free(struct movement *m, size_t ngroups)
{
	for (size_t g = 0; m && g < ngroups; g++) {
		free(m[g].transitions);
		free(m[g].moved_down.items);
		free(m[g].stuck.items);
		free(m[g].stale.items);
		free(m[g].latest.items);
	}
	free(m);
}

/* The quarter of a YYYYMMDD day: year * 4 + quarter - 1. */
static long
quarter_of(int32_t day)
{
	return day / 10000 * 4 + (day / 100 % 100 - 1) / 3;
}

int
history_snapshots(const struct vmat_history *h,
		  size_t (*group_of)(void *ctx, const char *group), void *ctx, size_t ngroups,
		  struct snapshots *out)
{
	*out = (struct snapshots){ 0 };
	if (h->list.n == 0) {
		return VMAT_OK;
	}
	long first = LONG_MAX, last = LONG_MIN;
	for (size_t i = 0; i < h->list.n; i++) {
		long q = quarter_of(h->list.items[i]->day);
		first = q < first ? q : first;
		last = q > last ? q : last;
	}
	size_t nq = (size_t)(last - first + 1);
	double *sum = calloc(ngroups * nq + 1, sizeof(*sum));
	out->customers = calloc(ngroups * nq + 1, sizeof(*out->customers));
	out->mean = calloc(ngroups * nq + 1, sizeof(*out->mean));
	if (!sum || !out->customers || !out->mean) {
		free(sum);
		snapshots_free(out);
		return VMAT_ENOMEM;
	}
	out->first = first;
	out->n = nq;
	/* Each interview stands for its customer from its quarter until the
	 * quarter of the next one (the later of two in one quarter wins), in
	 * its own group; one with no index counts in no mean. In sorted order,
	 * so that the sums are the same bits every run. */
	for (size_t i = 0; i < h->list.n; i++) {
		const struct interview *e = h->list.items[i];
		const struct interview *next = i + 1 < h->list.n ? h->list.items[i + 1] : NULL;
		long from = quarter_of(e->day);
		long to = next && next->customer_no == e->customer_no ? quarter_of(next->day)
								       : last + 1;
		size_t g = group_of(ctx, e->group);
		if (g >= ngroups || isnan(e->v[V_INDEX])) {
			continue;
		}
		for (long q = from; q < to; q++) {
			sum[g * nq + (size_t)(q - first)] += e->v[V_INDEX];
			out->customers[g * nq + (size_t)(q - first)]++;
		}
	}
	for (size_t k = 0; k < ngroups * nq; k++) {
		out->mean[k] = out->customers[k] ? sum[k] / (double)out->customers[k] : NAN;
	}
	free(sum);
	return VMAT_OK;
}

void
snapshots_free(struct snapshots *s)
{
	free(s->customers);
	free(s->mean);
	*s = (struct snapshots){ 0 };
}

int
history_latest(const struct vmat_history *h, struct customer_latest **out, size_t *count)
{
	size_t n = 0;
	struct customer_latest *l = malloc((h->list.n + 1) * sizeof(*l));
	if (!l) {
		return VMAT_ENOMEM;
	}
	for (size_t i = 0; i < h->list.n; i++) {
		const struct interview *e = h->list.items[i];
		if (i + 1 < h->list.n && h->list.items[i + 1]->customer_no == e->customer_no) {
			continue;	/* not the customer's latest */
		}
		l[n++] = (struct customer_latest){ e->customer, e->interviewer, e->date, e->group,
						   e->stage,	e->top_blocker, e->blockers,
						   e->nblockers, &e->v[V_SCORES] };
	}
	*out = l;
	*count = n;
	return VMAT_OK;
}

void
history_span(const struct vmat_history *h, size_t *interviews, size_t *customers,
	     const char **first, const char **last)
{
	*interviews = h->list.n;
	*customers = 0;
	*first = *last = NULL;
	for (size_t i = 0; i < h->list.n; i++) {
		const struct interview *e = h->list.items[i];
		*customers += i == 0 || h->list.items[i - 1]->customer_no != e->customer_no;
		*first = !*first || strcmp(e->date, *first) < 0 ? e->date : *first;
		*last = !*last || strcmp(e->date, *last) > 0 ? e->date : *last;
	}
}
