/* names.c: strings numbered as they first come, for aggregate.c.
 *
 * Distinct strings (group keys, customers, interviewers), numbered from 0
 * as they first come. There are as many as customers, 300,000 in the
 * benchmark, and a lookup costs cache and TLB misses: a slot holds only the
 * high half of the hash and where the name's record is, to keep the table
 * small. The record, which confirms the name, has its number.
 * A zeroed struct names is empty. Only aggregate.c and its test include
 * this header. */
#ifndef VMAT_NAMES_H
#define VMAT_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct names {
	struct name_slot {
		uint32_t tag;	/* the hash's high half */
		uint32_t at;	/* offset / 8 + 1 of the record; 0: a free slot */
	} *slots;
	size_t cap;
	char *heap;		/* records, 8-byte aligned */
	size_t len, capheap;
	uint32_t *at;		/* number -> offset / 8 of its record */
	size_t n, capat;	/* n: names held */
};

struct name {
	uint64_t hash;
	uint32_t len, number;
	char s[];		/* NUL-terminated */
};

/* The record whose slot holds at (offset / 8 + 1). */
static inline const struct name *
name_at(const struct names *names, uint32_t at)
{
	return (const struct name *)(names->heap + (size_t)(at - 1) * 8);
}

/* Name number i. */
static inline const char *
name_of(const struct names *names, size_t i)
{
	return name_at(names, names->at[i] + 1)->s;
}

/* Tells the cache where the lookup of hash h will go. Inline, as the next
 * one: vmat_agg_add() asks for each customer's slot PENDING responses
 * before it looks the customer up. */
static inline void
names_prefetch(const struct names *names, uint64_t h)
{
	if (names->cap) {
		__builtin_prefetch(&names->slots[h & (names->cap - 1)]);
	}
}

/* Then, once the slot is in the cache, where the name is. */
static inline void
names_prefetch_name(const struct names *names, uint64_t h)
{
	for (size_t k = h & (names->cap - 1); names->cap && names->slots[k].at;
	     k = (k + 1) & (names->cap - 1)) {
		if (names->slots[k].tag == (uint32_t)(h >> 32)) {
			__builtin_prefetch(name_at(names, names->slots[k].at));
			return;
		}
	}
}

/* The number of s (len bytes, hash h: hash_bytes(s, len)) among names,
 * added (copied) if new (*added tells which); -1 when out of memory or past
 * UINT32_MAX - 1 names. */
long names_intern(struct names *names, const char *s, size_t len, uint64_t h, bool *added);
/* The same for a NUL-terminated string. */
long names_intern_string(struct names *names, const char *s, bool *added);
/* For each name number of from, its number in to, where the names missing
 * are added; free() it. NULL when out of memory. */
size_t *names_map(struct names *to, const struct names *from);
/* Empties names, keeping the memory of its records for reuse. */
void names_clear(struct names *names);
void names_free(struct names *names);

#endif
