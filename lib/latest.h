/* latest.c: the table of --latest (reference §5): each customer's latest
 * response, by customer number (names.c), until vmat_agg_finish() counts
 * them. One entry per customer, whatever the responses: about 100 bytes
 * with a few dimensions. Only aggregate.c and its test include this
 * header. */
#ifndef VMAT_LATEST_H
#define VMAT_LATEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One response's part in the statistics: what --latest keeps of each
 * customer's latest response. Followed by ndims scores (double) and one
 * blocker bit per dimension (uint64_t words); stride bytes in all. */
struct entry {
	size_t seq;		/* input order */
	uint32_t key;		/* into keys */
	uint32_t interviewer;	/* name number + 1; 0: none */
	int32_t date;		/* YYYYMMDD; 0: none */
	int stage;
	double index, aspiration, gap, completeness;	/* NAN: null */
	double behind;		/* the releases_behind answer, NAN: none (reference §5) */
	signed char supported;	/* the supported_release answer: 1 yes, 0 no, -1 none */
	double scores[];
};

struct latest {
	char *entries;		/* an entry per customer number, stride bytes each */
	size_t cap;		/* entries room was made for */
	size_t stride;
};

/* An empty table of entries of stride bytes (at least sizeof(struct entry)). */
void latest_init(struct latest *t, size_t stride);

/* The entry of customer number c, put already. */
static inline struct entry *
latest_entry(const struct latest *t, size_t c)
{
	return (struct entry *)(t->entries + c * t->stride);
}

/* e (stride bytes, copied) becomes customer c's entry unless it has a later
 * date. A tie goes to e, which comes later in input order. added: c is new,
 * the number after the last one put. VMAT_OK or VMAT_ENOMEM. */
int latest_put(struct latest *t, size_t c, bool added, const struct entry *e);
/* Empties t (its stride stays). */
void latest_free(struct latest *t);

#endif
