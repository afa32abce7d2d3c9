/* Sets of name numbers, sparse or dense: see idset.h. */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "idset.h"
#include "private.h"

/* Bytes of the bits of numbers up to id. */
static size_t
bits_size(size_t id)
{
	size_t n = 16;
	while (n <= id / 64) {
		n *= 2;
	}
	return n * sizeof(uint64_t);
}

static bool
bits_put(struct idset *set, size_t id)
{
	if (id / 64 >= set->nwords) {
		size_t n = bits_size(id) / sizeof(uint64_t);
		uint64_t *bits = realloc(set->bits, n * sizeof(*bits));
		if (!bits) {
			return false;
		}
		memset(bits + set->nwords, 0, (n - set->nwords) * sizeof(*bits));
		set->bits = bits;
		set->nwords = n;
	}
	uint64_t bit = (uint64_t)1 << (id % 64);
	set->len += !(set->bits[id / 64] & bit);
	set->bits[id / 64] |= bit;
	return true;
}

static bool
slots_put(struct idset *set, size_t id)
{
	size_t cap = grown(set->len, set->cap);
	if (cap != set->cap) {
		uint32_t *slots = table_calloc(cap, sizeof(*slots));
		if (!slots) {
			return false;
		}
		for (size_t i = 0; i < set->cap; i++) {
			if (set->slots[i]) {
				size_t k = hash_mix(set->slots[i]) & (cap - 1);
				while (slots[k]) {
					k = (k + 1) & (cap - 1);
				}
				slots[k] = set->slots[i];
			}
		}
		free(set->slots);
		set->slots = slots;
		set->cap = cap;
	}
	uint32_t v = (uint32_t)id + 1;	/* names are fewer than UINT32_MAX */
	size_t k = hash_mix(v) & (set->cap - 1);
	while (set->slots[k] && set->slots[k] != v) {
		k = (k + 1) & (set->cap - 1);
	}
	set->len += !set->slots[k];
	set->slots[k] = v;
	return true;
}

void
idset_free(struct idset *set)
{
	free(set->slots);
	free(set->bits);
	*set = (struct idset){ 0 };
}

/* Calls put for each number of from, through map (NULL: the same numbers). */
static bool
idset_each(const struct idset *from, const size_t *map, struct idset *to,
	   bool (*put)(struct idset *, size_t))
{
	for (size_t i = 0; i < from->cap; i++) {
		uint32_t v = from->slots[i];
		if (v && !put(to, map ? map[v - 1] : v - 1)) {
			return false;
		}
	}
	for (size_t w = 0; w < from->nwords; w++) {
		for (uint64_t b = from->bits[w]; b; b &= b - 1) {
			size_t id = w * 64 + (size_t)__builtin_ctzll(b);
			if (!put(to, map ? map[id] : id)) {
				return false;
			}
		}
	}
	return true;
}

/* Moves the numbers into the other form. */
static bool
idset_switch(struct idset *set)
{
	struct idset old = *set;
	*set = (struct idset){ .top = old.top, .dense = !old.dense };
	bool ok = idset_each(&old, NULL, set, set->dense ? bits_put : slots_put);
	idset_free(&old);
	return ok;
}

bool
idset_add(struct idset *set, size_t id)
{
	size_t top = id > set->top ? id : set->top;
	if (set->dense ? id / 64 >= set->nwords && bits_size(top) > 16 * (set->len + 1)
		       : grown(set->len, set->cap) * sizeof(*set->slots) > bits_size(top)) {
		if (!idset_switch(set)) {
			return false;
		}
	}
	set->top = top;
	return set->dense ? bits_put(set, id) : slots_put(set, id);
}

bool
idset_merge(struct idset *to, const struct idset *from, const size_t *map)
{
	return idset_each(from, map, to, idset_add);
}
