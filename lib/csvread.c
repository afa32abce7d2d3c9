/* The adapter around libcsv: the one place that knows its pitfalls (STYLE.md).
 *
 * libcsv parses; a small scanner runs over the same bytes just ahead of it
 * and keeps what libcsv does not: physical line numbers (blank lines and
 * newlines inside quoted cells counted), where each cell starts, the size of
 * the cell being read, and the record boundaries needed to skip a broken
 * record and go on with the next one. Bytes are fed to libcsv one physical
 * line (segment) at a time, so at most one record ends per call. */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "private.h"

enum { BLOCK = 1 << 16 };

struct csv_reader {
	FILE *fp;
	const char *name;
	struct csv_parser parser;
	char buf[BLOCK];
	size_t len, pos;
	bool eof, started, finished;

	/* the scanner, over the bytes before pos */
	long line;		/* physical line of the next byte */
	bool in_quotes;
	bool at_boundary;	/* the next byte that is not a line end starts a record */
	long quote_line;	/* where the open quote is */
	size_t cell_bytes;
	bool skipping;		/* dropping the rest of a broken record */

	/* the record being built */
	long start_line;
	char *bytes;		/* cells, each NUL-terminated */
	size_t nbytes, capbytes;
	size_t *offs, *lens;
	long *lines;		/* cell start lines, from the scanner */
	bool *null;
	const char **cells;
	size_t ncells, nlines, cap;
	bool done;		/* libcsv ended the record */
	bool broken;		/* a problem in it was reported already */

	char **header;		/* the first record's cells, for messages */
	size_t nheader;
	struct vmat_diags *diags;	/* of the current call */
	bool oom;
};

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;	/* RFC 4180 keeps spaces; libcsv trims them by default */
}

static void
parser_init(struct csv_reader *r)
{
	csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
	csv_set_space_func(&r->parser, never_space);
}

int
csv_reader_create(struct csv_reader **out, FILE *fp, const char *name)
{
	struct csv_reader *r = calloc(1, sizeof(*r));
	if (!r) {
		return VMAT_ENOMEM;
	}
	r->fp = fp;
	r->name = name;
	r->line = 1;
	r->at_boundary = true;
	parser_init(r);
	*out = r;
	return VMAT_OK;
}

void
csv_reader_destroy(struct csv_reader *r)
{
	if (!r) {
		return;
	}
	csv_free(&r->parser);
	for (size_t i = 0; i < r->nheader; i++) {
		free(r->header[i]);
	}
	free(r->header);
	free(r->bytes);
	free(r->offs);
	free(r->lens);
	free(r->lines);
	free(r->null);
	free(r->cells);
	free(r);
}

static bool
grow_cells(struct csv_reader *r, size_t need)
{
	if (need <= r->cap) {
		return true;
	}
	size_t cap = r->cap ? r->cap * 2 : 64;
	while (cap < need) {
		cap *= 2;
	}
	size_t *offs = realloc(r->offs, cap * sizeof(*offs));
	r->offs = offs ? offs : r->offs;
	size_t *lens = realloc(r->lens, cap * sizeof(*lens));
	r->lens = lens ? lens : r->lens;
	long *lines = realloc(r->lines, cap * sizeof(*lines));
	r->lines = lines ? lines : r->lines;
	bool *null = realloc(r->null, cap * sizeof(*null));
	r->null = null ? null : r->null;
	const char **cells = realloc(r->cells, cap * sizeof(*cells));
	r->cells = cells ? cells : r->cells;
	if (!offs || !lens || !lines || !null || !cells) {
		r->oom = true;
		return false;
	}
	r->cap = cap;
	return true;
}

static const char *
column_name(const struct csv_reader *r, size_t i, char *buf, size_t size)
{
	if (i < r->nheader) {
		snprintf(buf, size, "column \"%s\"", r->header[i]);
	} else {
		snprintf(buf, size, "column %zu", i + 1);
	}
	return buf;
}

static void
record_error(struct csv_reader *r, long line, size_t cell, const char *msg)
{
	char where[160];
	if (diag_add(r->diags, VMAT_ERROR, r->name, line, 0,
		     column_name(r, cell, where, sizeof(where)), "%s", msg) != VMAT_OK) {
		r->oom = true;
	}
	r->broken = true;
}

static void
on_cell(void *data, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;
	size_t i = r->ncells;
	if (r->oom || !grow_cells(r, i + 1)) {
		return;
	}
	if (r->nbytes + len + 1 > r->capbytes) {
		size_t cap = r->capbytes ? r->capbytes : 4096;
		while (cap < r->nbytes + len + 1) {
			cap *= 2;
		}
		char *b = realloc(r->bytes, cap);
		if (!b) {
			r->oom = true;
			return;
		}
		r->bytes = b;
		r->capbytes = cap;
	}
	long line = i < r->nlines ? r->lines[i] : r->start_line;
	r->null[i] = data == NULL;
	r->offs[i] = r->nbytes;
	r->lens[i] = len;
	if (data) {
		memcpy(r->bytes + r->nbytes, data, len);
	}
	r->bytes[r->nbytes + len] = '\0';
	r->nbytes += len + 1;
	r->lines[i] = line;
	r->ncells++;
	size_t bad = data ? utf8_check(data, len) : len;
	if (bad < len && !r->broken) {
		record_error(r, line, i, ((const char *)data)[bad] ? "invalid UTF-8" : "NUL byte in cell");
	}
}

static void
on_record(int c, void *ctx)
{
	(void)c;
	struct csv_reader *r = ctx;
	r->done = true;
}

/* Scans seg before libcsv sees it: lines, boundaries, cell starts and sizes. */
static void
scan(struct csv_reader *r, const char *seg, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = seg[i];
		bool newline = c == '\n' || c == '\r';
		if (r->at_boundary && !newline) {
			r->at_boundary = false;
			r->start_line = r->line;
			r->nlines = 0;
			r->cell_bytes = 0;
			if (grow_cells(r, 1)) {
				r->lines[r->nlines++] = r->line;
			}
		}
		if (c == '"') {
			r->in_quotes = !r->in_quotes;
			if (r->in_quotes) {
				r->quote_line = r->line;
			}
		} else if (!r->in_quotes && c == ',') {
			if (grow_cells(r, r->nlines + 1)) {
				r->lines[r->nlines++] = r->line;
			}
			r->cell_bytes = 0;
		} else if (!r->in_quotes && newline) {
			r->at_boundary = true;
		}
		r->cell_bytes++;
		if (c == '\n') {
			r->line++;
		}
	}
}

static void
reset_record(struct csv_reader *r)
{
	r->ncells = 0;
	r->nbytes = 0;
	r->done = false;
	r->broken = false;
}

/* A broken record: report once, reset libcsv, and drop bytes up to the end
 * of the record (of the line, when the quotes themselves are broken). */
static void
start_skipping(struct csv_reader *r, bool quotes_broken, bool at_line_end)
{
	csv_free(&r->parser);
	parser_init(r);
	if (quotes_broken) {
		r->in_quotes = false;
		r->at_boundary |= at_line_end;
	}
	r->skipping = !r->at_boundary;
	reset_record(r);
}

/* Length of the next segment at buf+pos: up to and including the first CR or
 * LF, or the rest of the block. */
static size_t
segment(const struct csv_reader *r)
{
	const char *s = r->buf + r->pos, *end = r->buf + r->len;
	for (const char *p = s; p < end; p++) {
		if (*p == '\n' || *p == '\r') {
			return (size_t)(p - s) + 1;
		}
	}
	return (size_t)(end - s);
}

static int
fill(struct csv_reader *r)
{
	r->pos = 0;
	r->len = fread(r->buf, 1, sizeof(r->buf), r->fp);
	if (r->len == 0) {
		if (ferror(r->fp)) {
			diag_add(r->diags, VMAT_ERROR, r->name, r->line, 0, NULL, "read error");
			return VMAT_EIO;
		}
		r->eof = true;
		return VMAT_OK;
	}
	if (!r->started) {
		r->started = true;
		const unsigned char *b = (const unsigned char *)r->buf;
		if (r->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
			diag_add(r->diags, VMAT_ERROR, r->name, 0, 0, NULL,
				 "the file is encoded in UTF-16 or UTF-32; save it as UTF-8");
			return VMAT_EINVAL;
		}
		if (r->len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
			r->pos = 3;	/* SPEC §3: a leading BOM is ignored */
		}
	}
	return VMAT_OK;
}

/* Called when libcsv has ended a record: checks it and hands it out. */
static int
finish_record(struct csv_reader *r, struct csv_record *rec)
{
	if (r->oom) {
		return VMAT_ENOMEM;
	}
	for (size_t i = 0; i < r->ncells; i++) {
		r->cells[i] = r->null[i] ? NULL : r->bytes + r->offs[i];
	}
	if (!r->header) {
		r->header = calloc(r->ncells, sizeof(*r->header));
		if (!r->header) {
			return VMAT_ENOMEM;
		}
		for (size_t i = 0; i < r->ncells; i++) {
			r->header[i] = strdup(r->cells[i] ? r->cells[i] : "");
			if (!r->header[i]) {
				return VMAT_ENOMEM;
			}
			r->nheader++;
		}
	} else if (r->ncells != r->nheader && !r->broken) {
		char msg[96];
		snprintf(msg, sizeof(msg), "expected %zu cells as in the header, got %zu",
			 r->nheader, r->ncells);
		diag_add(r->diags, VMAT_ERROR, r->name, r->start_line, 0, NULL, "%s", msg);
		r->broken = true;
	}
	if (r->broken) {
		return VMAT_EINVAL;
	}
	*rec = (struct csv_record){ .n = r->ncells, .cells = r->cells, .lens = r->lens,
				    .lines = r->lines, .line = r->start_line };
	return 1;
}

int
csv_reader_next(struct csv_reader *r, struct csv_record *rec, struct vmat_diags *diags)
{
	r->diags = diags;
	if (r->done) {
		reset_record(r);
	}
	while (!r->finished) {
		if (r->pos == r->len && !r->eof) {
			int rc = fill(r);
			if (rc != VMAT_OK) {
				r->finished = true;
				return rc;
			}
			continue;
		}
		if (r->eof) {
			r->finished = true;
			if (r->skipping) {
				return 0;
			}
			if (csv_fini(&r->parser, on_cell, on_record, r) != 0) {
				record_error(r, r->quote_line, r->ncells,
					     "unterminated quoted cell: the closing quote is missing");
				return VMAT_EINVAL;
			}
			return r->done ? finish_record(r, rec) : 0;
		}
		size_t n = segment(r);
		const char *seg = r->buf + r->pos;
		long seg_line = r->line;
		scan(r, seg, n);
		r->pos += n;
		if (r->skipping) {
			r->skipping = !r->at_boundary;
			if (!r->skipping) {
				reset_record(r);
			}
			continue;
		}
		if (r->cell_bytes > MAX_CSV_CELL) {
			char msg[64];
			snprintf(msg, sizeof(msg), "cell longer than %u bytes", MAX_CSV_CELL);
			record_error(r, r->start_line, r->nlines ? r->nlines - 1 : 0, msg);
			start_skipping(r, false, false);
			return VMAT_EINVAL;
		}
		size_t used = csv_parse(&r->parser, seg, n, on_cell, on_record, r);
		if (r->oom) {
			return VMAT_ENOMEM;
		}
		if (used < n) {
			/* Strict mode: a quote inside an unquoted cell, or text after
			 * a closing quote. */
			bool stray = seg[used] == '"';
			record_error(r, seg_line, r->ncells,
				     stray ? "stray double quote (a cell with quotes must be quoted "
					     "whole, its inner quotes doubled)"
					   : "text after the closing quote");
			start_skipping(r, true, seg[n - 1] == '\n' || seg[n - 1] == '\r');
			return VMAT_EINVAL;
		}
		if (r->done) {
			return finish_record(r, rec);
		}
	}
	return 0;
}
