/* The adapter around libcsv: the one place that knows its pitfalls (STYLE.md).
 *
 * Reading is split in two, so that records can be parsed on several threads:
 *
 * - The chunker (one per file, on one thread) reads blocks and runs a small
 *   state machine that stops only at quotes and line ends. It cuts the input
 *   into chunks of whole records and notes where each record starts, its
 *   physical line (blank lines and newlines inside quoted cells counted) and
 *   where it ends. It follows the same rules as libcsv in strict mode, and
 *   the same recovery: after a stray quote or text after a closing quote the
 *   record ends with its physical line, whatever quotes follow.
 * - A cursor (one per thread) hands each record's bytes to libcsv, which
 *   does the parsing proper, and checks the cells.
 *
 * Where the chunks are cut depends only on the bytes, never on how many
 * threads read them, so the records and messages are the same for any
 * number. csv_reader ties both together for one thread. */
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "private.h"

enum {
	BLOCK = 1 << 16,	/* bytes per read */
	CHUNK = 1 << 17,	/* bytes of records per chunk, about */
};

enum state {
	BETWEEN,	/* between records: line ends are skipped */
	UNQUOTED,	/* in a record, outside quotes */
	QUOTED,		/* inside a quoted cell */
	QUOTE_SEEN,	/* a quote inside a quoted cell: doubled or closing */
	BROKEN,		/* after a quoting error: to the end of the line */
};

struct csv_chunker {
	FILE *fp;
	const char *name;
	struct csv_chunk cur;	/* being filled */
	size_t scanned;		/* bytes of cur.data the state machine has seen */
	enum state state;
	size_t rec_start;	/* of the open record, in cur.data */
	long rec_line, line, quote_line;
	bool rec_multi, rec_big;
	size_t max_records;	/* per chunk; 1 for the header's */
	size_t chunk;		/* bytes of records per chunk, about */
	char delim;		/* ',' or ';' (reference §3) */
	bool detect;		/* the delimiter comes from the header */
	size_t header_from;	/* where the header starts: after a BOM */
	bool started, eof, failed;
};

/* The bytes the state machine stops at, outside quoted cells. */
static const bool special[256] = { ['"'] = true, ['\n'] = true, ['\r'] = true };

/* The first special byte from p on, or end. Sixteen (SSE2) or eight bytes
 * at a time while none is one: the chunker sees every byte of the input. */
static const char *
find_special(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, lf)),
					   _mm_cmpeq_epi8(v, cr));
		unsigned bits = (unsigned)_mm_movemask_epi8(hit);
		if (bits) {
			return p + __builtin_ctz(bits);
		}
	}
#endif
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	for (uint64_t w; end - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		uint64_t q = w ^ ones * '"', n = w ^ ones * '\n', r = w ^ ones * '\r';
		if (((q - ones) & ~q & highs) | ((n - ones) & ~n & highs) | ((r - ones) & ~r & highs)) {
			break;	/* one of these eight is */
		}
	}
	while (p < end && !special[(unsigned char)*p]) {
		p++;
	}
	return p;
}

int
csv_chunker_create(struct csv_chunker **out, FILE *fp, const char *name)
{
	struct csv_chunker *c = calloc(1, sizeof(*c));
	if (!c) {
		return VMAT_ENOMEM;
	}
	c->fp = fp;
	c->name = name;
	c->line = 1;
	c->max_records = 1;	/* the header comes alone */
	c->chunk = CHUNK;
	c->delim = ',';
	*out = c;
	return VMAT_OK;
}

void
csv_chunker_set_delimiter(struct csv_chunker *c, char delim)
{
	c->detect = !delim;
	c->delim = delim ? delim : ',';
}

char
csv_chunker_delimiter(const struct csv_chunker *c)
{
	return c->delim;
}

/* reference §3: a header with a ";" but no "," outside quotes is
 * ";"-separated, as Excel saves CSV where "," is the decimal point. No id
 * holds either, so a header of known columns is never mistaken. */
static char
header_delimiter(const char *s, size_t len)
{
	bool quoted = false, comma = false, semicolon = false;
	for (size_t i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		quoted ^= s[i] == '"';
		comma |= !quoted && s[i] == ',';
		semicolon |= !quoted && s[i] == ';';
	}
	return semicolon && !comma ? ';' : ',';
}

void
csv_chunker_set_size(struct csv_chunker *c, size_t bytes)
{
	c->chunk = bytes;
}

void
csv_chunk_free(struct csv_chunk *ch)
{
	free(ch->data);
	free(ch->spans);
	*ch = (struct csv_chunk){ 0 };
}

void
csv_chunker_destroy(struct csv_chunker *c)
{
	if (c) {
		csv_chunk_free(&c->cur);
		free(c);
	}
}

static bool
end_record(struct csv_chunker *c, size_t end)
{
	struct csv_chunk *ch = &c->cur;
	if (ch->n == ch->capspans) {
		size_t cap = ch->capspans ? ch->capspans * 2 : 1024;
		struct csv_span *s = realloc(ch->spans, cap * sizeof(*s));
		if (!s) {
			return false;
		}
		ch->spans = s;
		ch->capspans = cap;
	}
	ch->spans[ch->n++] = (struct csv_span){ .start = c->rec_big ? end : c->rec_start,
						.end = end, .line = c->rec_line,
						.multi = c->rec_multi, .big = c->rec_big,
						.broken = c->state == BROKEN || c->state == QUOTED,
						.quote_line = c->quote_line };
	c->state = BETWEEN;
	return true;
}

/* Runs the state machine over the bytes read since the last call; stops
 * early once the chunk holds max_records. */
static bool
scan(struct csv_chunker *c)
{
	const char *data = c->cur.data;
	const char *p = data + c->scanned, *end = data + c->cur.len;
	while (p < end && c->cur.n < c->max_records) {
		switch (c->state) {
		case BETWEEN:
			if (*p == '\n' || *p == '\r') {
				c->line += *p++ == '\n';
				break;
			}
			c->rec_start = (size_t)(p - data);
			c->rec_line = c->line;
			c->rec_multi = c->rec_big = false;
			c->state = UNQUOTED;
			/* fall through */
		case UNQUOTED:
			p = find_special(p, end);
			if (p == end) {
				break;
			}
			if (*p == '"') {
				/* a quote opens a cell only at its start */
				bool opens = p == data + c->rec_start || p[-1] == c->delim;
				c->state = opens ? QUOTED : BROKEN;
				c->quote_line = c->line;
				p++;
				break;
			}
			c->line += *p == '\n';
			p++;
			if (!end_record(c, (size_t)(p - data))) {
				return false;
			}
			break;
		case QUOTED:
			while (p < end && *p != '"' && *p != '\n') {
				p++;
			}
			if (p == end) {
				break;
			}
			if (*p++ == '\n') {
				c->line++;
				c->rec_multi = true;
			} else {
				c->state = QUOTE_SEEN;
			}
			break;
		case QUOTE_SEEN:
			if (*p == '"') {
				c->state = QUOTED;
			} else if (*p == c->delim) {
				c->state = UNQUOTED;
			} else if (*p == '\n' || *p == '\r') {
				c->line += *p == '\n';
				if (!end_record(c, (size_t)(p + 1 - data))) {
					return false;
				}
			} else {
				c->state = BROKEN;
			}
			p++;
			break;
		case BROKEN:
			while (p < end && *p != '\n' && *p != '\r') {
				p++;
			}
			if (p == end) {
				break;
			}
			c->line += *p == '\n';
			p++;
			if (!end_record(c, (size_t)(p - data))) {
				return false;
			}
			break;
		}
	}
	c->scanned = (size_t)(p - data);
	return true;
}

/* A record longer than MAX_CSV_RECORD keeps only its first and last bytes
 * (what the state machine looks back at); the cursor reports it. */
static void
drop_big_record(struct csv_chunker *c)
{
	if (c->state == BETWEEN || c->scanned - c->rec_start <= MAX_CSV_RECORD) {
		return;
	}
	c->rec_big = true;
	char *d = c->cur.data;
	size_t rest = c->cur.len - c->scanned;
	d[c->rec_start + 1] = d[c->scanned - 1];
	memmove(d + c->rec_start + 2, d + c->scanned, rest);
	c->scanned = c->rec_start + 2;
	c->cur.len = c->scanned + rest;
}

static int
read_more(struct csv_chunker *c, struct vmat_diags *diags)
{
	struct csv_chunk *ch = &c->cur;
	if (ch->cap - ch->len < BLOCK) {
		size_t cap = ch->cap ? ch->cap * 2 : CHUNK + BLOCK;
		char *d = realloc(ch->data, cap);
		if (!d) {
			return VMAT_ENOMEM;
		}
		ch->data = d;
		ch->cap = cap;
	}
	size_t want = ch->len < c->chunk ? c->chunk + BLOCK - ch->len : BLOCK;
	if (c->chunk < BLOCK) {
		want = c->chunk;	/* tests: records cut across reads too */
	}
	if (want > ch->cap - ch->len) {
		want = ch->cap - ch->len;
	}
	size_t n = fread(ch->data + ch->len, 1, want, c->fp);
	ch->len += n;
	if (n < want) {
		if (ferror(c->fp)) {
			diag_add(diags, VMAT_ERROR, c->name, c->line, 0, NULL, "read error");
			return VMAT_EIO;
		}
		c->eof = feof(c->fp);
	}
	return VMAT_OK;
}

/* reference §3: a leading BOM is ignored; UTF-16 and UTF-32 are refused. */
static int
start(struct csv_chunker *c, struct vmat_diags *diags)
{
	c->started = true;
	const unsigned char *b = (const unsigned char *)c->cur.data;
	const char *wide = wide_encoding(b, c->cur.len);
	if (wide) {
		diag_add(diags, VMAT_ERROR, c->name, 0, 0, NULL,
			 "the file is encoded in %s; save it as UTF-8", wide);
		return VMAT_EINVAL;
	}
	if (c->cur.len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
		c->scanned = 3;
	}
	c->header_from = c->scanned;
	return VMAT_OK;
}

int
csv_chunker_next(struct csv_chunker *c, struct csv_chunk *out, struct vmat_diags *diags)
{
	out->n = 0;
	if (c->failed) {
		return 0;
	}
	struct csv_chunk *ch = &c->cur;
	int rc = VMAT_OK;
again:
	for (;;) {
		if (c->started) {
			if (!scan(c)) {
				rc = VMAT_ENOMEM;
				break;
			}
			drop_big_record(c);
			if (ch->n == c->max_records || (ch->n && ch->spans[ch->n - 1].end >= c->chunk)) {
				break;
			}
		}
		if (c->eof) {
			break;
		}
		if ((rc = read_more(c, diags)) != VMAT_OK) {
			break;
		}
		/* 64 bytes, or the file: wide_encoding() looks at as many */
		if (!c->started && (ch->len >= 64 || c->eof) && (rc = start(c, diags)) != VMAT_OK) {
			break;
		}
	}
	if (rc == VMAT_OK && c->eof && c->scanned == ch->len && c->state != BETWEEN &&
	    ch->n < c->max_records && !end_record(c, ch->len)) {
		rc = VMAT_ENOMEM;	/* the last record, without a line end */
	}
	if (rc == VMAT_OK && c->detect && ch->n == 1) {
		/* The header, found with ","'s rules; found again with its own
		 * delimiter's, once, when that is another. */
		c->detect = false;
		const struct csv_span *h = &ch->spans[0];
		char d = header_delimiter(ch->data + h->start, h->end - h->start);
		if (d != c->delim) {
			c->delim = d;
			ch->n = 0;
			c->scanned = c->header_from;
			c->line = 1;
			c->state = BETWEEN;
			goto again;
		}
	}
	if (rc != VMAT_OK) {
		c->failed = true;
		return rc;
	}
	if (ch->n == 0) {
		return 0;
	}
	/* Hand the records out; the bytes after them start the next chunk, in
	 * the buffers the caller gave back. */
	size_t cut = ch->spans[ch->n - 1].end;
	struct csv_chunk next = *out;
	next.n = 0;
	if (next.cap < ch->len - cut + BLOCK) {
		size_t cap = ch->len - cut + CHUNK + BLOCK;
		char *d = realloc(next.data, cap);
		if (!d) {
			c->failed = true;
			return VMAT_ENOMEM;
		}
		next.data = d;
		next.cap = cap;
	}
	next.len = ch->len - cut;
	memcpy(next.data, ch->data + cut, next.len);
	*out = *ch;
	out->delim = c->delim;
	*ch = next;
	c->scanned -= cut;
	c->rec_start -= c->state == BETWEEN ? 0 : cut;
	c->max_records = SIZE_MAX;
	return 1;
}

/* The cursor: one record at a time through libcsv. */

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;	/* RFC 4180 keeps spaces; libcsv trims them by default */
}

static void
parser_init(struct csv_parser *p)
{
	csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
	csv_set_space_func(p, never_space);
	csv_set_blk_size(p, BLOCK);	/* big cells grow in few steps */
}

struct csv_cursor {
	struct csv_parser parser;
	const char *name;
	const char *const *header;	/* names for messages; NULL: no header yet */
	size_t nheader;
	struct vmat_diags *diags;	/* of the current call */

	char *bytes;		/* cells, each NUL-terminated */
	size_t nbytes, capbytes;
	const char **cells;
	size_t *lens;
	long *lines;
	size_t ncells, cap;
	const struct csv_span *span;	/* the record being parsed */
	const char *text;	/* its bytes */
	char delim;		/* of the chunk being read, and of parser */
	bool check_cells;	/* the record holds bad bytes: find the cell */
	bool done, broken, oom;
};

int
csv_cursor_create(struct csv_cursor **out)
{
	struct csv_cursor *c = calloc(1, sizeof(*c));
	if (!c) {
		return VMAT_ENOMEM;
	}
	parser_init(&c->parser);
	c->delim = ',';
	*out = c;
	return VMAT_OK;
}

void
csv_cursor_destroy(struct csv_cursor *c)
{
	if (!c) {
		return;
	}
	csv_free(&c->parser);
	free(c->bytes);
	free(c->lens);
	free(c->lines);
	free(c->cells);
	free(c);
}

void
csv_cursor_set_file(struct csv_cursor *c, const char *name, const char *const *header,
		    size_t nheader)
{
	c->name = name;
	c->header = header;
	c->nheader = nheader;
}

static bool
grow_cells(struct csv_cursor *c, size_t need)
{
	if (need <= c->cap) {
		return true;
	}
	size_t cap = c->cap ? c->cap * 2 : 64;
	while (cap < need) {
		cap *= 2;
	}
	size_t *lens = realloc(c->lens, cap * sizeof(*lens));
	c->lens = lens ? lens : c->lens;
	long *lines = realloc(c->lines, cap * sizeof(*lines));
	c->lines = lines ? lines : c->lines;
	const char **cells = realloc(c->cells, cap * sizeof(*cells));
	c->cells = cells ? cells : c->cells;
	if (!lens || !lines || !cells) {
		c->oom = true;
		return false;
	}
	c->cap = cap;
	return true;
}

static void
record_error(struct csv_cursor *c, long line, size_t cell, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
record_error(struct csv_cursor *c, long line, size_t cell, const char *fmt, ...)
{
	if (c->broken) {
		return;	/* one message per record */
	}
	char where[160];
	if (cell == SIZE_MAX) {
		where[0] = '\0';
	} else if (cell < c->nheader) {
		char q[80];
		const char *name = c->header[cell];
		snprintf(where, sizeof(where), "column %s", quote_value(q, sizeof(q), name, strlen(name)));
	} else {
		snprintf(where, sizeof(where), "column %zu", cell + 1);
	}
	va_list ap;
	va_start(ap, fmt);
	if (diag_vadd(c->diags, VMAT_ERROR, c->name, line, 0, where[0] ? where : NULL, fmt, ap) !=
	    VMAT_OK) {
		c->oom = true;
	}
	va_end(ap);
	c->broken = true;
}

/* The physical line where each cell of a record across lines starts: the
 * record's bytes again, with quotes followed. split() may have turned its
 * commas into NULs already (a NUL of the input ends the cell it is in
 * here, but that cell is then invalid). Cells past cap are left out. */
static void
cell_lines(const char *s, size_t len, char delim, long line, long *lines, size_t cap)
{
	bool quoted = false;
	size_t cell = 0;
	if (cap) {
		lines[0] = line;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"') {
			quoted = !quoted;
		} else if ((s[i] == delim || s[i] == '\0') && !quoted && ++cell < cap) {
			lines[cell] = line;
		}
		line += s[i] == '\n';
	}
}

static long
count_lines(const char *s, size_t len)
{
	long n = 0;
	for (const char *p = s, *e = s + len; (p = memchr(p, '\n', (size_t)(e - p))); p++) {
		n++;
	}
	return n;
}

/* The line where cell i of the record being parsed starts. */
static long
cell_line(struct csv_cursor *c, size_t i)
{
	if (!c->span->multi) {
		return c->span->line;
	}
	cell_lines(c->text, c->span->end - c->span->start, c->delim, c->span->line, c->lines,
		   i + 1);
	return c->lines[i];
}

/* Adds a cell (data NULL: empty and unquoted), copied unless it is in place
 * already: NUL-terminated in the chunk. The record's bytes were reserved
 * before, so copies never move. */
static void
add_cell(struct csv_cursor *c, const char *data, size_t len, bool copy)
{
	size_t i = c->ncells;
	if (c->oom || (i == c->cap && !grow_cells(c, i + 1))) {
		return;
	}
	c->ncells++;
	if (len > MAX_CSV_CELL) {
		record_error(c, c->span->line, i, "cell longer than %u bytes", MAX_CSV_CELL);
	}
	if (c->broken) {
		return;	/* its cells are not needed */
	}
	if (copy) {
		char *cell = c->bytes + c->nbytes;
		memcpy(cell, data ? data : "", len);
		cell[len] = '\0';
		c->nbytes += len + 1;
		data = data ? cell : NULL;
	}
	c->cells[i] = data;
	c->lens[i] = len;
	if (c->check_cells) {
		size_t bad = data ? utf8_check(data, len) : len;
		if (bad < len) {
			record_error(c, cell_line(c, i), i,
				     data[bad] ? "invalid UTF-8" : "NUL byte in cell");
		}
	}
}

static void
on_cell(void *data, size_t len, void *ctx)
{
	add_cell(ctx, data, len, true);
}

static void
on_record(int term, void *ctx)
{
	(void)term;
	((struct csv_cursor *)ctx)->done = true;
}

/* Adds the quoted cell at p, in a well-formed record ending at end, through
 * libcsv, which undoes its quoting into a copy. Returns where the cell ends:
 * after its closing quote. The byte after a closing quote is looked at only
 * before end: a last record without a line end may fill its buffer. */
static char *
unquote(struct csv_cursor *c, char *p, const char *end)
{
	char *stop = p + 1;
	while (*stop != '"' || (stop + 1 < end && stop[1] == '"')) {
		stop += *stop == '"' ? 2 : 1;
	}
	stop++;
	size_t n = (size_t)(stop - p);
	if (csv_parse(&c->parser, p, n, on_cell, on_record, c) != n ||
	    csv_fini(&c->parser, on_cell, on_record, c) != 0) {
		c->oom = true;	/* libcsv took the whole record without an error */
	}
	return stop;
}

/* Bit j set where p[j] is the delimiter, for the n <= 64 bytes at p. */
static uint64_t
comma_bits(const char *p, size_t n, char delim)
{
	uint64_t bits = 0;
	size_t j = 0;
#ifdef __SSE2__
	const __m128i comma = _mm_set1_epi8(delim);
	for (; j + 16 <= n; j += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
		bits |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)) << j;
	}
#endif
	for (; j < n; j++) {
		bits |= (uint64_t)(p[j] == delim) << j;
	}
	return bits;
}

/* Splits a record whose quoting is right. Outside quoted cells, RFC 4180
 * needs no parser: the cells are what lies between commas, and an empty
 * one is empty and unquoted. They stay where they are, commas and the line
 * end turned into NULs; only a last record without a line end has no room
 * for its last NUL. A quoted cell goes through libcsv, which undoes its
 * quoting into a copy. */
static void
split(struct csv_cursor *c, char *s, size_t len)
{
	bool in_place = s[len - 1] == '\n' || s[len - 1] == '\r';
	char *end = s + len - in_place;
	if (in_place && !c->check_cells && len <= MAX_CSV_CELL && grow_cells(c, len + 1)) {
		/* Most records, and most of the time reading took: what add_cell()
		 * would do, with nothing to check or copy. Their commas as bits, 64
		 * bytes at a time, then the cells from bit to bit: a loop over the
		 * bytes of each cell mispredicted the end of nearly every one. The
		 * commas inside a quoted cell are passed over. */
		size_t n = 0, *lens = c->lens, from = 0, total = (size_t)(end - s);
		const char **cells = c->cells;
		for (size_t base = 0; base < total; base += 64) {
			uint64_t commas = comma_bits(s + base, total - base < 64 ? total - base : 64,
						     c->delim);
			for (; commas; commas &= commas - 1) {
				size_t at = base + (size_t)__builtin_ctzll(commas);
				if (at < from) {
					continue;
				}
				if (s[from] == '"') {
					c->ncells = n;
					from = (size_t)(unquote(c, s + from, s + len) - s) + 1;
					n = c->ncells;
					continue;
				}
				cells[n] = at > from ? s + from : NULL;
				lens[n++] = at - from;
				s[at] = '\0';
				from = at + 1;
			}
		}
		if (from > total) {
			/* the last cell was quoted, and is in */
		} else if (s[from] == '"') {
			c->ncells = n;
			unquote(c, s + from, s + len);
			n = c->ncells;
		} else {
			cells[n] = total > from ? s + from : NULL;
			lens[n++] = total - from;
			*end = '\0';
		}
		c->ncells = n;
		return;
	}
	for (char *p = s;;) {
		char *stop = p;
		if (p < end && *p == '"') {
			stop = unquote(c, p, end);
			if (stop == end) {
				break;
			}
			p = stop + 1;	/* after its comma */
			continue;
		}
		while (stop < end && *stop != c->delim) {
			stop++;	/* cells are short: a loop beats memchr() */
		}
		char *comma = stop < end ? stop : NULL;
		if (comma || in_place) {
			*stop = '\0';
		}
		add_cell(c, stop > p ? p : NULL, (size_t)(stop - p), !comma && !in_place);
		if (!comma) {
			break;
		}
		p = comma + 1;
	}
}

static void
restart(struct csv_cursor *c)
{
	csv_free(&c->parser);
	parser_init(&c->parser);
	csv_set_delim(&c->parser, c->delim);
}

int
csv_cursor_record(struct csv_cursor *c, struct csv_chunk *ch, size_t k, struct csv_record *rec,
		  struct vmat_diags *diags)
{
	const struct csv_span *sp = &ch->spans[k];
	char *s = ch->data + sp->start;
	size_t len = sp->end - sp->start;
	c->diags = diags;
	c->ncells = c->nbytes = 0;
	c->done = c->broken = false;
	c->span = sp;
	c->text = s;
	char delim = ch->delim ? ch->delim : ',';
	if (delim != c->delim) {
		c->delim = delim;
		csv_set_delim(&c->parser, delim);
	}
	if (sp->big) {
		record_error(c, sp->line, SIZE_MAX, "record longer than %u bytes", MAX_CSV_RECORD);
		return c->oom ? VMAT_ENOMEM : VMAT_EINVAL;
	}
	/* the cells take at most the record's bytes, plus a NUL each */
	if (2 * len + 2 > c->capbytes) {
		free(c->bytes);
		c->capbytes = 2 * len + 2 > 4096 ? 2 * len + 2 : 4096;
		if (!(c->bytes = malloc(c->capbytes))) {
			c->capbytes = 0;
			return VMAT_ENOMEM;
		}
	}
	c->check_cells = utf8_check(s, len) < len;
	size_t used = len;
	if (!sp->broken) {
		split(c, s, len);
	} else if ((used = csv_parse(&c->parser, s, len, on_cell, on_record, c)) < len) {
		/* strict mode: a quote inside an unquoted cell, or text after a
		 * closing quote. reference §3: a message names the line where
		 * its cell starts; a quoted cell that runs over lines to text
		 * after its quote most likely lacks its closing quote there
		 * (issue 18 §5), where the next quote of the file closed it. */
		long at = sp->line + count_lines(s, used);
		if (s[used] == '"') {
			record_error(c, at, c->ncells, "stray double quote (a cell with quotes must "
				     "be quoted whole, its inner quotes doubled)");
		} else if (sp->quote_line < at) {
			record_error(c, sp->quote_line, c->ncells,
				     "quoted cell from here to line %ld, with text after its "
				     "closing quote (is a closing quote missing on this line?)",
				     at);
		} else {
			record_error(c, at, c->ncells, "text after the closing quote");
		}
		restart(c);
	} else if (!c->done && csv_fini(&c->parser, on_cell, on_record, c) != 0) {
		record_error(c, sp->quote_line, c->ncells,
			     "unterminated quoted cell: the closing quote is missing");
		restart(c);
	}
	if (c->oom) {
		return VMAT_ENOMEM;
	}
	if (c->nheader && c->ncells != c->nheader) {
		record_error(c, sp->line, SIZE_MAX, "expected %zu cells as in the header, got %zu",
			     c->nheader, c->ncells);
	}
	if (c->broken) {
		return c->oom ? VMAT_ENOMEM : VMAT_EINVAL;
	}
	if (sp->multi) {
		cell_lines(s, len, c->delim, sp->line, c->lines, c->ncells);
	}
	*rec = (struct csv_record){ .n = c->ncells, .cells = c->cells, .lens = c->lens,
				    .lines = sp->multi ? c->lines : NULL, .line = sp->line };
	return 1;
}

/* csv_reader: the chunker and a cursor on one thread. */

struct csv_reader {
	const char *name;
	struct csv_chunker *chunker;
	struct csv_cursor *cursor;
	struct csv_chunk chunk;
	size_t next;		/* record of chunk */
	char **header;
	size_t nheader;
	bool finished;
};

int
csv_reader_create(struct csv_reader **out, FILE *fp, const char *name)
{
	struct csv_reader *r = calloc(1, sizeof(*r));
	if (!r || csv_chunker_create(&r->chunker, fp, name) != VMAT_OK ||
	    csv_cursor_create(&r->cursor) != VMAT_OK) {
		csv_reader_destroy(r);
		return VMAT_ENOMEM;
	}
	r->name = name;
	csv_cursor_set_file(r->cursor, name, NULL, 0);
	*out = r;
	return VMAT_OK;
}

void
csv_reader_destroy(struct csv_reader *r)
{
	if (!r) {
		return;
	}
	csv_chunker_destroy(r->chunker);
	csv_cursor_destroy(r->cursor);
	csv_chunk_free(&r->chunk);
	for (size_t i = 0; i < r->nheader; i++) {
		free(r->header[i]);
	}
	free(r->header);
	free(r);
}

/* Keeps the header's names, for messages about the records after it. */
static int
keep_header(struct csv_reader *r, const struct csv_record *h)
{
	if (!(r->header = calloc(h->n + 1, sizeof(*r->header)))) {
		return VMAT_ENOMEM;
	}
	for (; r->nheader < h->n; r->nheader++) {
		const char *cell = h->cells[r->nheader];
		if (!(r->header[r->nheader] = strdup(cell ? cell : ""))) {
			return VMAT_ENOMEM;
		}
	}
	csv_cursor_set_file(r->cursor, r->name, (const char *const *)r->header, r->nheader);
	return VMAT_OK;
}

void
csv_reader_set_delimiter(struct csv_reader *r, char delim)
{
	csv_chunker_set_delimiter(r->chunker, delim);
}

void
csv_reader_set_chunk_size(struct csv_reader *r, size_t bytes)
{
	csv_chunker_set_size(r->chunker, bytes);
}

int
csv_reader_next(struct csv_reader *r, struct csv_record *rec, struct vmat_diags *diags)
{
	while (!r->finished && r->next == r->chunk.n) {
		int rc = csv_chunker_next(r->chunker, &r->chunk, diags);
		r->next = 0;
		if (rc != 1) {
			r->finished = true;
			return rc;
		}
	}
	if (r->finished) {
		return 0;
	}
	int rc = csv_cursor_record(r->cursor, &r->chunk, r->next++, rec, diags);
	return rc == 1 && !r->header ? (keep_header(r, rec) == VMAT_OK ? 1 : VMAT_ENOMEM) : rc;
}
