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
	fputs(g->severity == VMAT_ERROR	    ? "error: "
	      : g->severity == VMAT_WARNING ? "warning: "
					    : "note: ",
	      fp);
	if (g->where[0]) {
		fprintf(fp, "%s: ", g->where);
	}
	fprintf(fp, "%s\n", g->msg);
}

/* A copy of s in a with its control characters escaped: a message, its
 * place and its file name are for a terminal, and any of them may hold
 * data (a key, a column, a file name from a directory). A message has no
 * control character of its own, so the escape takes only what came from
 * the data; values already quoted by quote_value() have none left. lines:
 * its line breaks are kept (a tool's output, whose lines are its form). */
static const char *
escaped_copy(struct arena *a, const char *s, bool lines)
{
	size_t len = strlen(s), i = 0;
	char esc[8] = "";
	while (i < len && !esc[0]) {
		i += control_escape(esc, s + i, len - i);
	}
	if (!esc[0]) {
		return arena_strdup(a, s);	/* most are so: no room for escapes */
	}
	char *out = arena_alloc(a, 4 * len + 1);
	if (!out) {
		return NULL;
	}
	size_t o = 0;
	for (const char *p = s; p <= s + len; p++) {
		size_t n = lines ? strcspn(p, "\n") : len;
		o += escape_controls(out + o, p, n);
		p += n;
		if (*p) {
			out[o++] = '\n';
		}
	}
	out[o] = '\0';
	return out;
}

static int
add(struct vmat_diags *d, enum vmat_severity sev, const char *file, long line, long col,
    const char *where, const char *msg, bool lines)
{
	if (!d) {
		return VMAT_OK;
	}
	if (!array_reserve((void **)&d->items, &d->cap, d->n, sizeof(*d->items))) {
		return VMAT_ENOMEM;
	}
	struct vmat_diag *g = &d->items[d->n];
	g->severity = sev;
	g->file = escaped_copy(&d->arena, file ? file : "", false);
	g->where = escaped_copy(&d->arena, where ? where : "", false);
	g->msg = escaped_copy(&d->arena, msg, lines);
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
diag_vadd(struct vmat_diags *d, enum vmat_severity sev, const char *file, long line, long col,
	  const char *where, const char *fmt, va_list ap)
{
	char msg[1024];
	cut_vprintf(msg, sizeof(msg), fmt, ap);
	return add(d, sev, file, line, col, where, msg, false);
}

int
diag_add_output(struct vmat_diags *d, enum vmat_severity sev, const char *file,
		const char *head, const char *output)
{
	char msg[4096];
	cut_printf(msg, sizeof(msg), "%s%s", head, output);
	return add(d, sev, file, 0, 0, NULL, msg, true);
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
