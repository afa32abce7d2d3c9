/* rowstore.c: the rows of responses.csv (keep_rows), kept in input order
 * until vmat_agg_write_responses() reads them back: in memory until they
 * hold limit bytes, then moved to a temporary file that has no name (issue
 * 5: nothing per response stays in memory). Only aggregate.c and its test
 * include this header. */
#ifndef VMAT_ROWSTORE_H
#define VMAT_ROWSTORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "private.h"

/* A kept row, as it is stored: this head, then len bytes of CSV. */
struct row_head {
	double index;
	uint32_t key;
	uint32_t len;
};

struct rowstore {
	struct mem_out store;	/* rows not yet moved to spill */
	size_t stored;		/* bytes of them */
	FILE *spill;
	const char *tmp_dir;	/* borrowed; NULL: tmpfile() */
	size_t limit;		/* bytes held in memory before they go to spill */
};

/* tmp_dir: where the file goes (borrowed; NULL: the system's). VMAT_OK or
 * VMAT_ENOMEM; finish s either way. Its stream points into s: s must not
 * move. */
int rowstore_init(struct rowstore *s, const char *tmp_dir, size_t limit);
/* Adds a row (h->len bytes of row, copied): VMAT_OK, VMAT_ENOMEM, or
 * VMAT_EIO when the file cannot be made or written. */
int rowstore_put(struct rowstore *s, const struct row_head *h, const char *row);
/* Makes the rows readable from their start: all in the file, if there is
 * one, or all in memory. Call it before rowstore_each(), after the puts. */
int rowstore_settle(struct rowstore *s);
typedef int row_fn(void *ctx, const struct row_head *h, const char *row);
/* Calls fn for each row in input order (row: h->len bytes, borrowed until
 * fn returns), until fn returns other than VMAT_OK, which it returns. */
int rowstore_each(const struct rowstore *s, row_fn *fn, void *ctx);
/* Empties s: its file closed (and so gone), its memory kept. */
void rowstore_clear(struct rowstore *s);
void rowstore_finish(struct rowstore *s);

#endif
