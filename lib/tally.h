/* tally.c: a count per value, for quantiles (reference §5) that merge
 * exactly: parts counted apart (on other threads) and merged give the
 * counts of one tally, whatever the order.
 *
 * Two forms. Counting, a hash table keyed by a double's bits (tally_key()):
 * open addressing, linear probing, a count of 0 marks a free slot. Once
 * sorted (tally_sort()), an array of the distinct values in order, each
 * with the number of values at or below it; only the tally_count(),
 * tally_nth(), tally_at_or_below() and tally_quantile() read that form.
 * A zeroed struct tally is empty. Only aggregate.c and its test include
 * this header. */
#ifndef VMAT_TALLY_H
#define VMAT_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hash.h"

struct tally {
	struct tally_slot {
		uint64_t key;
		size_t n;
	} *slots;
	size_t len;		/* distinct values */
	uint32_t cap;
	bool owned;		/* slots were malloc()ed, not taken from an arena */
};

struct arena;
/* A tally's table of at most this many slots comes from the arena the
 * caller gives (NULL: malloc()): a group's small tallies then cost no
 * malloc() and no free() (a third of the time of `report --by customer`,
 * issue 17); tables that grow past it are malloc()ed. */
enum { TALLY_ARENA_SLOTS = 8 };

/* The key of value v (not NAN): its bits, -0 counted as 0. */
static inline uint64_t
tally_key(double v)
{
	uint64_t k;
	v += 0.0;	/* -0 is 0 */
	memcpy(&k, &v, sizeof(k));
	return k;
}

/* Adds key to t, which has no slot for it yet: the slow part of
 * tally_add(). False when out of memory (t unchanged). */
bool tally_insert(struct tally *t, uint64_t key, size_t n, struct arena *arena);

/* Counts n more of key. Most keys are there already, and this small part,
 * inlined, lets the lookups of one response overlap. False when out of
 * memory. */
static inline bool
tally_add(struct tally *t, uint64_t key, size_t n, struct arena *arena)
{
	for (size_t k = hash_mix(key) & (t->cap - 1); t->cap && t->slots[k].n; k = (k + 1) & (t->cap - 1)) {
		if (t->slots[k].key == key) {
			t->slots[k].n += n;
			return true;
		}
	}
	return tally_insert(t, key, n, arena);
}

/* Tells the cache where the lookup of key will go. */
static inline void
tally_prefetch(const struct tally *t, uint64_t key)
{
	if (t->cap) {
		__builtin_prefetch(&t->slots[hash_mix(key) & (t->cap - 1)]);
	}
}

/* Counts the values of from in to (both counting); false when out of memory. */
bool tally_merge(struct tally *to, const struct tally *from, struct arena *arena);
/* Frees what t malloc()ed; what came from an arena goes with the arena. */
void tally_free(struct tally *t);

/* Turns a tally of values into its sorted form, in place. */
void tally_sort(struct tally *t);
/* Of a sorted tally: the number of values. */
size_t tally_count(const struct tally *t);
/* Of a sorted tally: the k-th smallest value, from 0 (k < tally_count()). */
double tally_nth(const struct tally *t, size_t k);
/* Of a sorted, non-empty tally: how many values are at or below v, one of them. */
size_t tally_at_or_below(const struct tally *t, double v);
/* Of a sorted tally: the sample variance (n - 1) of its values around
 * their mean; NAN for fewer than two values. */
double tally_variance(const struct tally *t, double mean);
/* Of a sorted tally: its quantile p (0..1), reference §5; NAN when empty. */
double tally_quantile(const struct tally *t, double p);

#endif
