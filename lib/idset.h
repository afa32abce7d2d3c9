/* idset.c: sets of name numbers (customers, interviewers of a group;
 * reference §5 counts them), that merge exactly through a map of numbers.
 *
 * A set of name numbers: as many as customers in each group. Sparse, it is
 * a hash table as a tally's, whose slots hold a number + 1 (0: free), 4 to
 * 11 bytes a number. Dense, it is a bit per number up to the largest: a
 * group with a good share of all customers (as each region) then sets a
 * bit in a table that stays in the cache, where a hash table would miss.
 * It takes the form that is smaller, never more than 16 bytes a number.
 * A zeroed struct idset is empty. Only aggregate.c and its test include
 * this header. */
#ifndef VMAT_IDSET_H
#define VMAT_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idset {
	uint32_t *slots;
	size_t len, cap;	/* len: the numbers in the set, in either form */
	uint64_t *bits;
	size_t nwords;
	size_t top;		/* the largest number yet */
	bool dense;
};

/* Adds number id (below UINT32_MAX - 1), switching form when the other
 * would be smaller; false when out of memory. */
bool idset_add(struct idset *set, size_t id);
/* Adds every number of from to to, through map (NULL: the same numbers):
 * map[i] is the number in to of from's i. False when out of memory. */
bool idset_merge(struct idset *to, const struct idset *from, const size_t *map);
void idset_free(struct idset *set);

#endif
