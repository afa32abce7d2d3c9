/* Rows of cells as CSV, JSON Lines or a table (reference §6): the writer of
 * `vmat score` (its columns and rows are made here) and of `vmat history`. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

struct vmat_rows {
	FILE *fp;
	const struct vmat_survey *survey;	/* vmat score's rows; NULL for others */
	enum vmat_format format;
	bool guard;
	const char **names;	/* column names */
	bool *right;		/* table: the column aligns right */
	bool *id;		/* table: the column holds ids, cut short */
	size_t ncols;
	struct arena names_arena;
	struct rows_cell *cells;	/* of the current row */
	struct arena row_arena;	/* its strings */

	/* table: every row is kept until vmat_rows_finish() */
	struct arena table_arena;
	struct rows_cell *table;
	size_t nrows, cap;
};

int
rows_open(struct vmat_rows **out, FILE *fp, enum vmat_format format, bool csv_guard,
	  const struct rows_column *cols, size_t ncols, bool header)
{
	struct vmat_rows *w = calloc(1, sizeof(*w));
	if (!w) {
		return VMAT_ENOMEM;
	}
	w->fp = fp;
	w->format = format;
	w->guard = csv_guard;
	w->ncols = ncols;
	w->names = arena_calloc(&w->names_arena, ncols, sizeof(*w->names));
	w->right = arena_calloc(&w->names_arena, ncols, sizeof(*w->right));
	w->id = arena_calloc(&w->names_arena, ncols, sizeof(*w->id));
	w->cells = calloc(ncols, sizeof(*w->cells));
	bool ok = w->names && w->right && w->id && w->cells;
	for (size_t i = 0; i < ncols && ok; i++) {
		w->names[i] = arena_strdup(&w->names_arena, cols[i].name);
		w->right[i] = cols[i].right;
		w->id[i] = cols[i].id;
		ok = w->names[i] != NULL;
	}
	if (!ok) {
		vmat_rows_destroy(w);
		return VMAT_ENOMEM;
	}
	if (format == VMAT_FORMAT_CSV && header) {
		for (size_t i = 0; i < ncols; i++) {
			if (i) {
				putc(',', fp);
			}
			vmat_csv_cell(fp, w->names[i], strlen(w->names[i]), false);
		}
		putc('\n', fp);
	}
	*out = w;
	return VMAT_OK;
}

/* reference §6 `vmat score`: the fields, the result, the dimensions' scores,
 * the blockers. Numbers align right in a table. */
static int
rows_create(struct vmat_rows **out, FILE *fp, const struct vmat_survey *survey,
	    enum vmat_format format, bool csv_guard, bool header)
{
	static const char *const result_cols[] = { "stage", "stage_id", "index", "aspiration",
						   "gap", "completeness" };
	size_t nf, nd;
	const struct vmat_field *fields = vmat_survey_fields(survey, &nf);
	const struct vmat_dimension *dims = vmat_survey_dimensions(survey, &nd);
	size_t ncols = nf + COUNT(result_cols) + nd + 1;
	struct rows_column *cols = calloc(ncols, sizeof(*cols));
	struct arena names = { 0 };
	if (!cols) {
		return VMAT_ENOMEM;
	}
	size_t c = 0;
	for (size_t i = 0; i < nf; i++) {
		cols[c++] = (struct rows_column){ fields[i].id, false, i == 0 };
	}
	for (size_t i = 0; i < COUNT(result_cols); i++) {
		cols[c++] = (struct rows_column){ result_cols[i], i != 1, false };	/* but stage_id */
	}
	for (size_t i = 0; i < nd; i++) {
		cols[c++] = (struct rows_column){ arena_printf(&names, "score_%s", dims[i].id),
						  true, false };
	}
	cols[c] = (struct rows_column){ "blockers", false, false };
	int rc = VMAT_ENOMEM;
	if (nd == 0 || cols[c - 1].name) {
		rc = rows_open(out, fp, format, csv_guard, cols, ncols, header);
	}
	if (rc == VMAT_OK) {
		(*out)->survey = survey;
	}
	arena_free(&names);
	free(cols);
	return rc;
}

int
vmat_rows_create(struct vmat_rows **out, FILE *fp, const struct vmat_survey *survey,
		 enum vmat_format format, bool csv_guard)
{
	return rows_create(out, fp, survey, format, csv_guard, true);
}

void
vmat_rows_destroy(struct vmat_rows *w)
{
	if (!w) {
		return;
	}
	arena_free(&w->names_arena);
	arena_free(&w->row_arena);
	arena_free(&w->table_arena);
	free(w->cells);
	free(w->table);
	free(w);
}

struct rows_cell *
rows_begin(struct vmat_rows *w)
{
	arena_reset(&w->row_arena);
	memset(w->cells, 0, w->ncols * sizeof(*w->cells));
	return w->cells;
}

void
rows_text(struct rows_cell *c, enum cell_kind kind, const char *s)
{
	c->kind = kind;
	c->s = s && s[0] ? s : NULL;
	c->len = c->s ? strlen(s) : 0;
	c->cut = false;
}

char *
rows_scratch(struct vmat_rows *w, size_t size)
{
	return arena_alloc(&w->row_arena, size);
}

bool
rows_number(struct vmat_rows *w, struct rows_cell *c, double v)
{
	char buf[32];
	const char *s = arena_strdup(&w->row_arena, vmat_fmt_number(buf, v));
	rows_text(c, CELL_NUMBER, s);
	return s != NULL;
}

bool
rows_ids(struct vmat_rows *w, struct rows_cell *c, const struct vmat_dimension *dims,
	 const size_t *which, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		len += strlen(dims[which[i]].id) + 1;
	}
	char *list = arena_alloc(&w->row_arena, len + 1);
	if (!list) {
		return false;
	}
	list[0] = '\0';
	for (size_t i = 0, o = 0; i < n; i++) {
		/* reference §6: dimension ids joined by ";" */
		o += (size_t)sprintf(list + o, "%s%s", i ? ";" : "", dims[which[i]].id);
	}
	rows_text(c, CELL_LIST, list);
	return true;
}

/* Fills w->cells for one row of vmat score. */
static int
make_row(struct vmat_rows *w, const struct vmat_response *resp, const struct vmat_result *res)
{
	size_t nf, nd;
	vmat_survey_fields(w->survey, &nf);
	const struct vmat_dimension *dims = vmat_survey_dimensions(w->survey, &nd);
	struct rows_cell *c = rows_begin(w);
	bool ok = true;
	for (size_t i = 0; i < nf; i++) {
		rows_text(c++, CELL_TEXT, resp->fields[i]);
	}
	ok &= rows_number(w, c++, res->stage);
	rows_text(c++, CELL_TEXT, vmat_survey_stage_id(w->survey, res->stage));
	ok &= rows_number(w, c++, res->index);
	ok &= rows_number(w, c++, res->aspiration);
	ok &= rows_number(w, c++, res->gap);
	ok &= rows_number(w, c++, res->completeness);
	for (size_t d = 0; d < nd; d++) {
		ok &= rows_number(w, c++, res->scores[d]);
	}
	size_t *blockers = arena_calloc(&w->row_arena, res->nblockers + 1, sizeof(*blockers));
	for (size_t i = 0; blockers && i < res->nblockers; i++) {
		blockers[i] = res->blockers[i].dimension;
	}
	ok &= blockers && rows_ids(w, c, dims, blockers, res->nblockers);
	return ok ? VMAT_OK : VMAT_ENOMEM;
}

static void
write_json(struct vmat_rows *w)
{
	FILE *fp = w->fp;
	putc('{', fp);
	for (size_t i = 0; i < w->ncols; i++) {
		const struct rows_cell *c = &w->cells[i];
		if (i) {
			putc(',', fp);
		}
		json_string(fp, w->names[i], strlen(w->names[i]));
		putc(':', fp);
		if (c->kind == CELL_LIST) {
			/* blockers: an array, empty when there are none */
			putc('[', fp);
			for (const char *p = c->s; p && *p;) {
				size_t n = strcspn(p, ";");
				if (p != c->s) {
					putc(',', fp);
				}
				json_string(fp, p, n);
				p += n + (p[n] == ';');
			}
			putc(']', fp);
		} else if (!c->s) {
			fputs("null", fp);
		} else if (c->kind == CELL_NUMBER) {
			fwrite(c->s, 1, c->len, fp);
		} else {
			json_string(fp, c->s, c->len);
		}
	}
	fputs("}\n", fp);
}

static int
keep_row(struct vmat_rows *w)
{
	if (w->nrows == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct rows_cell *t = realloc(w->table, cap * w->ncols * sizeof(*t));
		if (!t) {
			return VMAT_ENOMEM;
		}
		w->table = t;
		w->cap = cap;
	}
	struct rows_cell *row = &w->table[w->nrows * w->ncols];
	for (size_t i = 0; i < w->ncols; i++) {
		row[i] = w->cells[i];
		if (row[i].s) {
			char *s = arena_strndup(&w->table_arena, row[i].s, row[i].len);
			if (!s) {
				return VMAT_ENOMEM;
			}
			row[i].s = s;
		}
	}
	w->nrows++;
	return VMAT_OK;
}

int
rows_put(struct vmat_rows *w)
{
	switch (w->format) {
	case VMAT_FORMAT_CSV:
		for (size_t i = 0; i < w->ncols; i++) {
			const struct rows_cell *c = &w->cells[i];
			if (i) {
				putc(',', w->fp);
			}
			if (c->s) {
				vmat_csv_cell(w->fp, c->s, c->len, w->guard && c->kind != CELL_NUMBER);
			}
		}
		putc('\n', w->fp);
		break;
	case VMAT_FORMAT_JSON:
		write_json(w);
		break;
	case VMAT_FORMAT_TABLE:
		return keep_row(w);
	}
	return ferror(w->fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_rows_write(struct vmat_rows *w, const struct vmat_response *resp,
		const struct vmat_result *res)
{
	int rc = make_row(w, resp, res);
	return rc != VMAT_OK ? rc : rows_put(w);
}

/* The width in a terminal of the character at s, whose bytes go to *bytes:
 * one column (no wide characters in our data), or a control character's
 * escape, as the table shows it (a table is for a terminal: no control
 * character from the data reaches it raw). */
static size_t
char_width(const char *s, size_t len, size_t *bytes)
{
	char esc[8];
	*bytes = control_escape(esc, s, len);
	return esc[0] ? strlen(esc) : 1;
}

static size_t
width(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0, b; i < len; i += b) {
		n += char_width(s + i, len - i, &b);
	}
	return n;
}

/* The byte length of the longest prefix of s that takes at most max
 * columns: whole characters, whole escapes. */
static size_t
prefix_bytes(const char *s, size_t len, size_t max)
{
	size_t n = 0, i = 0, b;
	while (i < len && (n += char_width(s + i, len - i, &b)) <= max) {
		i += b;
	}
	return i;
}

/* The table is for reading on a terminal: text cells are cut to TEXT_MAX
 * code points with an ellipsis, ids to their first 8 characters, and columns
 * that are empty in every row are left out. CSV and JSON carry everything. */
static void
write_table(struct vmat_rows *w)
{
	enum { TEXT_MAX = 22, ID_SHOWN = 8 };
	size_t *widths = calloc(w->ncols, sizeof(*widths));
	if (!widths) {
		return;
	}
	for (size_t r = 0; r < w->nrows; r++) {
		for (size_t i = 0; i < w->ncols; i++) {
			struct rows_cell *c = &w->table[r * w->ncols + i];
			if (!c->s) {
				continue;
			}
			size_t max = w->id[i] ? ID_SHOWN : TEXT_MAX;
			if (c->kind != CELL_NUMBER && width(c->s, c->len) > max) {
				c->cut = !w->id[i];
				c->len = prefix_bytes(c->s, c->len, max - c->cut);
			}
			size_t wd = width(c->s, c->len) + c->cut;
			if (wd > widths[i]) {
				widths[i] = wd;
			}
		}
	}
	size_t last = 0;
	for (size_t i = 0; i < w->ncols; i++) {
		if (widths[i]) {
			size_t name = strlen(w->names[i]);
			widths[i] = widths[i] > name ? widths[i] : name;
			last = i;
		}
	}
	if (w->nrows == 0) {
		free(widths);
		return;	/* no rows, no table */
	}
	for (size_t r = 0; r <= w->nrows; r++) {
		/* Blanks are written only when something follows them, so that
		 * no line ends in spaces. */
		size_t blanks = 0;
		bool first = true;
		for (size_t i = 0; i <= last; i++) {
			if (!widths[i]) {
				continue;
			}
			const struct rows_cell *c = r ? &w->table[(r - 1) * w->ncols + i] : NULL;
			const char *s = c ? (c->s ? c->s : "") : w->names[i];
			size_t len = c ? c->len : strlen(s);
			bool cut = c && c->cut;
			size_t pad = widths[i] - width(s, len) - cut;
			/* Numbers, and the names of their columns, align right. */
			bool right = w->right[i];
			blanks += (first ? 0 : 2) + (right ? pad : 0);
			if (len) {
				fprintf(w->fp, "%*s", (int)blanks, "");
				put_text_len(w->fp, s, len, MARKUP_NONE);
				fputs(cut ? "…" : "", w->fp);
				blanks = 0;
			}
			blanks += right ? 0 : pad;
			first = false;
		}
		putc('\n', w->fp);
	}
	free(widths);
}

int
vmat_rows_finish(struct vmat_rows *w)
{
	if (w->format == VMAT_FORMAT_TABLE) {
		write_table(w);
	}
	return fflush(w->fp) != 0 || ferror(w->fp) ? VMAT_EIO : VMAT_OK;
}

/* vmat_rows_sink: each part writes its rows to memory, or keeps them for a
 * table; they reach the writer's stream, in order, as parts are merged. */
struct rows_part {
	struct mem_out out;
	struct vmat_rows *rows;
};

static void
rows_part_destroy(void *part)
{
	struct rows_part *p = part;
	vmat_rows_destroy(p->rows);
	mem_out_close(&p->out);
	free(p);
}

static void *
rows_part_create(void *ctx)
{
	const struct vmat_rows *w = ctx;
	struct rows_part *p = calloc(1, sizeof(*p));
	if (!p) {
		return NULL;
	}
	if (mem_out_open(&p->out) != VMAT_OK ||
	    rows_create(&p->rows, p->out.fp, w->survey, w->format, w->guard, false) != VMAT_OK) {
		rows_part_destroy(p);
		return NULL;
	}
	return p;
}

static int
rows_part_add(void *part, const struct vmat_response *resp, const struct vmat_result *res)
{
	return vmat_rows_write(((struct rows_part *)part)->rows, resp, res);
}

static int
rows_part_merge(void *ctx, void *part)
{
	struct vmat_rows *w = ctx;
	struct rows_part *p = part;
	int rc = VMAT_OK;
	for (size_t i = 0; i < p->rows->nrows && rc == VMAT_OK; i++) {
		memcpy(w->cells, &p->rows->table[i * w->ncols], w->ncols * sizeof(*w->cells));
		rc = keep_row(w);
	}
	p->rows->nrows = 0;
	arena_reset(&p->rows->table_arena);
	int moved = mem_out_move(&p->out, w->fp);
	return rc != VMAT_OK ? rc : moved;
}

const struct vmat_sink vmat_rows_sink = {
	.part_create = rows_part_create,
	.part_add = rows_part_add,
	.part_merge = rows_part_merge,
	.part_destroy = rows_part_destroy,
};
