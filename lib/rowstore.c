/* Rows kept in input order, in memory then in a file: see rowstore.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"
#include "rowstore.h"

static FILE *
spill_open(const char *dir)
{
	if (!dir) {
		return tmpfile();
	}
	size_t n = strlen(dir) + 32;
	char *path = malloc(n);
	if (!path) {
		return NULL;
	}
	snprintf(path, n, "%s/.vmat-rows-XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd >= 0) {
		unlink(path);	/* gone when closed, whatever happens */
	}
	free(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w+") : NULL;
	if (!fp && fd >= 0) {
		close(fd);
	}
	return fp;
}

/* Moves the rows held in memory to the file once they are at_least bytes. */
static int
spill_rows(struct rowstore *s, size_t at_least)
{
	if (s->stored < at_least) {
		return VMAT_OK;
	}
	if (!s->spill && !(s->spill = spill_open(s->tmp_dir))) {
		return VMAT_EIO;
	}
	s->stored = 0;
	return mem_out_move(&s->store, s->spill);
}

int
rowstore_init(struct rowstore *s, const char *tmp_dir, size_t limit)
{
	*s = (struct rowstore){ .tmp_dir = tmp_dir, .limit = limit };
	return mem_out_open(&s->store);
}

int
rowstore_put(struct rowstore *s, const struct row_head *h, const char *row)
{
	if (fwrite(h, sizeof(*h), 1, s->store.fp) != 1 ||
	    fwrite(row, 1, h->len, s->store.fp) != h->len) {
		return VMAT_ENOMEM;
	}
	s->stored += sizeof(*h) + h->len;
	return spill_rows(s, s->limit);
}

int
rowstore_settle(struct rowstore *s)
{
	int rc = s->spill ? spill_rows(s, 0) : VMAT_OK;
	if (rc == VMAT_OK && fflush(s->spill ? s->spill : s->store.fp) != 0) {
		rc = s->spill ? VMAT_EIO : VMAT_ENOMEM;
	}
	return rc;
}

int
rowstore_each(const struct rowstore *s, row_fn *fn, void *ctx)
{
	FILE *in = s->spill;
	if (in && fseeko(in, 0, SEEK_SET) != 0) {
		return VMAT_EIO;
	}
	if (!in && s->store.len == 0) {
		return VMAT_OK;
	}
	if (!in && !(in = fmemopen(s->store.buf, s->store.len, "r"))) {
		return VMAT_ENOMEM;
	}
	char *row = NULL;
	size_t cap = 0;
	struct row_head h;
	int rc = VMAT_OK;
	while (rc == VMAT_OK && fread(&h, sizeof(h), 1, in) == 1) {
		if (h.len + 1 > cap) {
			free(row);
			cap = h.len + 1;
			row = malloc(cap);
		}
		if (!row) {
			rc = VMAT_ENOMEM;
		} else if (fread(row, 1, h.len, in) != h.len) {
			rc = VMAT_EIO;
		} else {
			rc = fn(ctx, &h, row);
		}
	}
	if (rc == VMAT_OK && ferror(in)) {
		rc = VMAT_EIO;
	}
	free(row);
	if (in != s->spill) {
		fclose(in);
	}
	return rc;
}

void
rowstore_clear(struct rowstore *s)
{
	if (s->spill) {
		fclose(s->spill);
		s->spill = NULL;
	}
	if (s->store.fp) {
		rewind(s->store.fp);
	}
	s->stored = 0;
}

void
rowstore_finish(struct rowstore *s)
{
	rowstore_clear(s);
	mem_out_close(&s->store);
}
