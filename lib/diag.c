#include <stdlib.h>
#include <string.h>

#include "private.h"

struct vmat_diags {
	struct arena arena;	/* the strings of the diagnostics */
	struct vmat_diag *items;
	size_t n, cap, errors;
};

int
vmat_diags_create(struct vmat_diags **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? VMAT_OK : VMAT_ENOMEM;
}

void
vmat_diags_destroy(struct vmat_diags *d)
{
	if (!d) {
		return;
	}
	arena_free(&d->arena);
	free(d->items);
	free(d);
}

size_t
vmat_diags_count(const struct vmat_diags *d)
{
	return d->n;
}

size_t
vmat_diags_errors(const struct vmat_diags *d)
{
	return d->errors;
}

const struct vmat_diag *
vmat_diags_get(const struct vmat_diags *d, size_t i)
{
	return i < d->n ? &d->items[i] : NULL;
}

void
vmat_diags_clear(struct vmat_diags *d)
{
	arena_reset(&d->arena);
	d->n = 0;
	d->errors = 0;
}

void
vmat_diag_print(FILE *fp, const struct vmat_diag *g)
{
	if (g->file[0]) {
		fputs(g->file, fp);
		if (g->line > 0) {
			fprintf(fp, ":%ld", g->line);
			if (g->col > 0) {
				fprintf(fp, ":%ld", g->col);
			}
		}
		fputs(": ", fp);
	}
	fputs(g->severity == VMAT_ERROR ? "error: " : "warning: ", fp);
	if (g->where[0]) {
		fprintf(fp, "%s: ", g->where);
	}
	fprintf(fp, "%s\n", g->msg);
}

int
diag_vadd(struct vmat_diags *d, enum vmat_severity sev, const char *file, long line, long col,
	  const char *where, const char *fmt, va_list ap)
{
	if (!d) {
		return VMAT_OK;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct vmat_diag *items = realloc(d->items, cap * sizeof(*items));
		if (!items) {
			return VMAT_ENOMEM;
		}
		d->items = items;
		d->cap = cap;
	}
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	struct vmat_diag *g = &d->items[d->n];
	g->severity = sev;
	g->file = arena_strdup(&d->arena, file ? file : "");
	g->where = arena_strdup(&d->arena, where ? where : "");
	g->msg = arena_strdup(&d->arena, msg);
	g->line = line;
	g->col = col;
	if (!g->file || !g->where || !g->msg) {
		return VMAT_ENOMEM;
	}
	d->n++;
	if (sev == VMAT_ERROR) {
		d->errors++;
	}
	return VMAT_OK;
}

int
diag_add(struct vmat_diags *d, enum vmat_severity sev, const char *file, long line, long col,
	 const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = diag_vadd(d, sev, file, line, col, where, fmt, ap);
	va_end(ap);
	return rc;
}

void
diag_sort_from(struct vmat_diags *d, size_t first)
{
	if (!d) {
		return;
	}
	/* insertion sort: stable, and the lists are short */
	for (size_t i = first + 1; i < d->n; i++) {
		struct vmat_diag g = d->items[i];
		size_t k = i;
		while (k > first && (d->items[k - 1].line > g.line ||
				     (d->items[k - 1].line == g.line && d->items[k - 1].col > g.col))) {
			d->items[k] = d->items[k - 1];
			k--;
		}
		d->items[k] = g;
	}
}
