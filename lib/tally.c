/* A count per value, for quantiles: see tally.h. */
#include <math.h>
#include <stdlib.h>

#include "private.h"
#include "tally.h"

bool
tally_insert(struct tally *t, uint64_t key, size_t n, struct arena *arena)
{
	size_t cap = grown(t->len, t->cap);
	if (cap != t->cap) {
		bool owned = !arena || cap > TALLY_ARENA_SLOTS;
		struct tally_slot *slots = owned ? table_calloc(cap, sizeof(*slots))
						 : arena_calloc(arena, cap, sizeof(*slots));
		if (!slots) {
			return false;
		}
		for (size_t i = 0; i < t->cap; i++) {
			if (t->slots[i].n) {
				size_t k = hash_mix(t->slots[i].key) & (cap - 1);
				while (slots[k].n) {
					k = (k + 1) & (cap - 1);
				}
				slots[k] = t->slots[i];
			}
		}
		if (t->owned) {
			free(t->slots);
		}
		t->slots = slots;
		t->cap = (uint32_t)cap;
		t->owned = owned;
	}
	size_t k = hash_mix(key) & (t->cap - 1);
	while (t->slots[k].n) {
		k = (k + 1) & (t->cap - 1);
	}
	t->slots[k] = (struct tally_slot){ .key = key, .n = n };
	t->len++;
	return true;
}

bool
tally_merge(struct tally *to, const struct tally *from, struct arena *arena)
{
	for (size_t i = 0; i < from->cap; i++) {
		const struct tally_slot *s = &from->slots[i];
		if (s->n && !tally_add(to, s->key, s->n, arena)) {
			return false;
		}
	}
	return true;
}

void
tally_free(struct tally *t)
{
	if (t->owned) {
		free(t->slots);
	}
	*t = (struct tally){ 0 };
}

static double
tally_value(uint64_t k)
{
	double v;
	memcpy(&v, &k, sizeof(v));
	return v;
}

static int
cmp_slot_value(const void *x, const void *y)
{
	double a = tally_value(((const struct tally_slot *)x)->key);
	double b = tally_value(((const struct tally_slot *)y)->key);
	return (a > b) - (a < b);
}

void
tally_sort(struct tally *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->cap; i++) {
		if (t->slots[i].n) {
			t->slots[k++] = t->slots[i];
		}
	}
	if (k > 1) {
		qsort(t->slots, k, sizeof(*t->slots), cmp_slot_value);
	}
	for (size_t i = 1; i < k; i++) {
		t->slots[i].n += t->slots[i - 1].n;
	}
}

size_t
tally_count(const struct tally *t)
{
	return t->len ? t->slots[t->len - 1].n : 0;
}

double
tally_nth(const struct tally *t, size_t k)
{
	size_t lo = 0, hi = t->len - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->slots[mid].n > k) {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	return tally_value(t->slots[lo].key);
}

size_t
tally_at_or_below(const struct tally *t, double v)
{
	size_t lo = 0, hi = t->len - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tally_value(t->slots[mid].key) < v) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return t->slots[lo].n;
}

/* reference §5: linear interpolation between order statistics (R type 7). */
double
tally_quantile(const struct tally *t, double p)
{
	size_t n = tally_count(t);
	if (n == 0) {
		return NAN;
	}
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n) {
		return tally_nth(t, n - 1);
	}
	double a = tally_nth(t, lo), b = tally_nth(t, lo + 1);
	return a + (h - (double)lo) * (b - a);
}

double
tally_variance(const struct tally *t, double mean)
{
	size_t n = tally_count(t);
	if (n < 2) {
		return NAN;
	}
	long double ss = 0;
	for (size_t i = 0; i < t->len; i++) {
		long double d = (long double)tally_value(t->slots[i].key) - mean;
		ss += (long double)(t->slots[i].n - (i ? t->slots[i - 1].n : 0)) * d * d;
	}
	return (double)(ss / (long double)(n - 1));
}
