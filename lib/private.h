/* Internal declarations shared by the files of libvmat. Not installed. */
#ifndef VMAT_PRIVATE_H
#define VMAT_PRIVATE_H

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>

#include "vmat.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Grows *items (of size bytes each, *cap of them) to hold n + 1, doubling
 * from first; false when out of memory. Inline: the hot paths call it on
 * every add. */
static inline bool
array_grow(void **items, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap) {
		return true;
	}
	size_t c = *cap ? *cap : first;
	while (c <= n) {
		c *= 2;
	}
	void *p = realloc(*items, c * size);
	if (!p) {
		return false;
	}
	*items = p;
	*cap = c;
	return true;
}

static inline bool
array_reserve(void **items, size_t *cap, size_t n, size_t size)
{
	return array_grow(items, cap, n, size, 16);
}
/* The hash tables of tally.c, idset.c and names.c (open addressing, linear
 * probing, a power of two slots). */
/* The capacity a hash table of len entries grows to before it takes one
 * more: at most 3/4 full. Or cap, when it need not grow. Tables start small:
 * grouped by customer, most groups hold one or two responses (issue 17). */
static inline size_t
grown(size_t len, size_t cap)
{
	return (len + 1) * 4 > cap * 3 ? (cap ? cap * 2 : 4) : cap;
}

/* calloc() for a hash table, which is read before it is written: its pages
 * are written now. Otherwise a first read maps the shared zero page, and
 * the write after it costs a fault and a TLB flush on every CPU the process
 * runs on (a tenth of the time with two threads). */
static inline void *
table_calloc(size_t n, size_t size)
{
	char *p = calloc(n, size);
	for (size_t at = 0; p && at < n * size; at += 4096) {
		((volatile char *)p)[at] = 0;
	}
	return p;
}

#define TOLERANCE 1e-9	/* reference §4: level comparisons */

/* Caps on what one input may hold, so that a hostile file cannot make us
 * allocate without bound. Documented in doc/decisions.md, "Limits". */
#define MAX_JSON_FILE (16u << 20)	/* bytes of one survey or response file */
#define MAX_JSON_DEPTH 64		/* nesting of arrays and objects */
#define MAX_CSV_CELL (1u << 20)	/* bytes of one bulk CSV cell */

/* arena.c: a bump allocator; everything one object owns is freed at once. */
struct arena {
	struct arena_block *head;
};
void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_reset(struct arena *a);	/* keeps the first block for reuse */
/* Moves everything from holds into to (from is left empty): what was
 * allocated in either lives until to is freed. */
void arena_take(struct arena *to, struct arena *from);
void arena_free(struct arena *a);

/* strmap.c: strings to indices. Keys are borrowed and must outlive the map. */
struct strmap_slot {
	const char *key;
	size_t len;
	uint64_t hash;
	size_t value;
};
struct strmap {
	struct strmap_slot *slots;
	size_t n, cap;
};
/* Adds key -> value unless key is there already (*added tells which).
 * Returns the key's value, to read or change until the next put; NULL when
 * out of memory. */
size_t *strmap_put(struct strmap *m, const char *key, size_t len, size_t value, bool *added);
/* The key's value, or NULL. Only reads: safe on several threads at once. */
const size_t *strmap_get(const struct strmap *m, const char *key, size_t len);
void strmap_free(struct strmap *m);

/* diag.c */
int diag_add(struct vmat_diags *d, enum vmat_severity sev, const char *file, long line,
	     long col, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* The output of a tool (gnuplot) after head, its line breaks kept; every
 * other control character escaped, as diag_add() escapes them all. */
int diag_add_output(struct vmat_diags *d, enum vmat_severity sev, const char *file,
		    const char *head, const char *output);
/* Puts the diagnostics from index first on in document order (line, column). */
void diag_sort_from(struct vmat_diags *d, size_t first);
int diag_vadd(struct vmat_diags *d, enum vmat_severity sev, const char *file, long line,
	      long col, const char *where, const char *fmt, va_list ap)
	__attribute__((format(printf, 7, 0)));

/* text.c: checks and conversions of input text. */
/* Offset of the first invalid UTF-8 sequence (overlong, surrogate, above
 * U+10FFFF, truncated) or NUL byte in s, or len when there is none. */
size_t utf8_check(const char *s, size_t len);
/* Turns a byte offset into 1-based line and byte column. */
void text_position(const char *s, size_t off, long *line, long *col);
/* Strict decimal number ("-12", "3.5", "1e3"; no spaces, no hex, no inf/nan),
 * read with "." whatever the locale. Returns false when s is not one. */
bool parse_number(const char *s, size_t len, double *out);
bool is_id(const char *s, bool allow_hyphen);	/* reference §1 id patterns */
bool is_survey_id(const char *s);
bool is_date(const char *s);			/* YYYY-MM-DD, a real calendar date */
/* Returns s without leading and trailing spaces/tabs (reference §2: field values
 * are trimmed), storing its length in *len. */
const char *trim(const char *s, size_t *len);
/* reference §2 "Percent answers typed by a person": the length of s without
 * one trailing "%" and the spaces or tabs before it, as `import` and
 * `interview` read a percent; bulk CSV and JSON take the plain number only. */
size_t percent_len(const char *s, size_t len);
/* Describes a value for a message: a string quoted (" and \ after a
 * backslash), control characters escaped (control_escape()), cut after 60
 * bytes at a character boundary and then ending in ...". Into buf (at least
 * 80 bytes). */
const char *quote_value(char *buf, size_t size, const char *s, size_t len);
/* The bytes of the control character at s (C0, DEL, or C1 as UTF-8), 0 when
 * it is none (or the end): what must never reach a terminal from the data. */
size_t control_len(const char *s);
/* snprintf, but a text too long for buf is cut at a character boundary
 * and ends in "..." (snprintf cuts anywhere, inside a character too). */
void cut_vprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
void cut_printf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The one escape of what must not reach a person's terminal raw (issue 18
 * section 4; doc/decisions.md). Returns the bytes of the character at s
 * (len > 0 bytes), and writes into esc its escape when it is a control
 * character (C0 with NUL, DEL: \x1b; C1: \u009b) or a byte that is not
 * UTF-8 (\xff, one byte), else "" (shown as it is). */
size_t control_escape(char esc[8], const char *s, size_t len);
/* Whether s (len bytes of valid UTF-8) holds a character control_escape()
 * escapes (C0, DEL, C1; lines: but line breaks and tabs). Fast on printable
 * ASCII: every field of every row is checked (reference §6). */
bool has_controls(const char *s, size_t len, bool lines);
/* s with control_escape() applied throughout, into out (room for 4 * len + 1
 * bytes); returns the length written. */
size_t escape_controls(char *out, const char *s, size_t len);
/* Writes s for a person to read, every control character escaped: as is
 * (MARKUP_NONE), for Markdown (its specials after a backslash) or for HTML
 * (& < > " ' as entities). */
enum markup { MARKUP_NONE, MARKUP_MD, MARKUP_HTML };
void put_text(FILE *fp, const char *s, enum markup m);
void put_text_len(FILE *fp, const char *s, size_t len, enum markup m);	/* len bytes */
/* A file name part made from s: lower-case ASCII letters and digits, runs of
 * anything else as one "-", at most max bytes, "response" when nothing is left. */
void slug(char *out, size_t max, const char *s);
/* YYYY-MM-DD-CUSTOMER, "undated" for a date that is none: the start of a
 * response's file name, and an interview draft's whole name (issue 15). */
void dated_name(char *out, size_t size, const char *date, const char *customer);
/* YYYY-MM-DD-CUSTOMER-ID8 (see vmat_response_name()). */
void response_name(char *out, size_t size, const char *date, const char *customer,
		   const char *id);
/* A deterministic UUID-formatted id derived from bytes (reference §3). */
void derive_id(char out[37], const void *data, size_t len);

/* out.c: what one part of a run writes, kept in memory until it is merged
 * (moved to the real stream, in order). */
struct mem_out {
	FILE *fp;
	char *buf;
	size_t len;
};
int mem_out_open(struct mem_out *m);
/* Phase 1 of a commit, done early: o's temporary file is written, synced and
 * closed, and waits under its temporary name for vmat_batch_commit() (or
 * abort). A batch of thousands of files then holds no open file (issue 18).
 * VMAT_OK, or VMAT_EIO with the reason in diags. */
int out_park(struct vmat_out *o, struct vmat_diags *diags);
/* Leftovers of a dead run (issue 18). A run is dead when no process has its
 * pid (kill() says ESRCH), or the pid is ours: a name with our pid that we
 * have not made is a dead run's, whose pid came round again. A live run's
 * files are never taken for leftovers; a dead run's whose pid a new process
 * took stay until that process ends. */
bool run_dead(long pid);
/* name is `.NAME.tmp-PID-K` (vmat_out_open()'s temporary file) of a dead run. */
bool out_dead_leftover(const char *name);
/* Opens name (in dirfd, or AT_FDCWD) to read its entries; a link is not
 * followed. NULL with errno. */
DIR *dir_open_at(int dirfd, const char *name);
/* Removes the dead runs' temporary files from dir (not below it). Call it
 * before this run makes any. Problems are left to the writes that follow. */
void out_clean(const char *dir);
/* outdir.c, for the unit tests: the exchange fails with err, as it does on
 * a file system without it (EINVAL) or for a DIR that cannot be renamed
 * (EXDEV), and the swap goes the way it then goes. */
void outdir_swap_error(struct vmat_outdir *d, int err);
/* Writes what m holds to `to` and empties m: VMAT_OK, VMAT_EIO, VMAT_ENOMEM. */
int mem_out_move(struct mem_out *m, FILE *to);
void mem_out_close(struct mem_out *m);

/* child.c: runs argv[0], looked up in PATH, without a shell: standard input
 * /dev/null, its output (standard output and error) in msg, at most size - 1
 * bytes, killed after timeout seconds. what names it in messages. Returns 0,
 * ENOENT when the program is not installed, or -1 with the program's output
 * or the reason in msg. */
int child_run(char *const argv[], const char *what, int timeout, char *msg, size_t size);
/* Sets a PDF's /CreationDate and /ModDate to 1970-01-01 UTC, in place (same
 * length: the byte offsets stay right), so that the same page gives the same
 * file. */
void pdf_unstamp(const char *path);

/* export.c: an answer in its bulk CSV form (reference §3), malloc'd; NULL when
 * unanswered (or out of memory). */
char *answer_string(const struct vmat_question *q, const struct vmat_answer *a);

/* fmt.c: a JSON string literal; a number that reads back as the same double. */
void json_string(FILE *fp, const char *s, size_t len);
char *fmt_exact(char buf[40], double v);
/* snprintf of v as "%.*e", "%.*f" or "%.*g" (conversion 'e', 'f', other),
 * with "." whatever the locale. Returns what snprintf does, or -1 (buf "")
 * when the C locale cannot be made. */
int c_locale_format(char *buf, size_t size, char conversion, int precision, double v);

/* file.c: "UTF-16" or "UTF-32" when s starts with such a byte order mark. */
const char *wide_encoding(const unsigned char *s, size_t len);
/* A whole input file, checked before any parser sees it. */
struct file_text {
	char *data;		/* NUL-terminated, BOM stripped */
	size_t len;
};
/* Reads path (a regular file of at most cap bytes, valid UTF-8 without NUL
 * bytes; one UTF-8 BOM is dropped). On failure appends the reason to diags
 * and returns VMAT_EIO or VMAT_EINVAL. Free ft->data with free(). */
int file_read(struct file_text *ft, const char *path, size_t cap, struct vmat_diags *diags);
/* The same checks for text already in memory; data is copied. */
int text_check(struct file_text *ft, const char *buf, size_t len, const char *name,
	       struct vmat_diags *diags);

/* json.c: the only user of cJSON. A parsed document with our own nodes, each
 * carrying the position of its value, so that messages name line and column. */
enum jtype {
	J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT,
	J_BAD,		/* a number out of range, reported already (json_parse_partial()) */
};
struct jv {
	enum jtype type;
	const char *key;	/* member name inside an object, else NULL */
	const char *str;	/* J_STRING */
	size_t len;		/* J_STRING: bytes; J_ARRAY, J_OBJECT: number of kids */
	double num;		/* J_NUMBER, always finite */
	struct jv *kids;
	long line, col;
};
/* Parses text into *out with nodes allocated in a. Syntax errors, duplicate
 * keys, non-finite numbers, \u0000 and nesting deeper than MAX_JSON_DEPTH
 * are appended to diags (naming file and position); returns VMAT_EINVAL. */
int json_parse(struct jv **out, struct arena *a, const char *text, size_t len,
	       const char *file, struct vmat_diags *diags);
/* The same, but when the only problems are numbers out of range (each
 * reported with its JSON path), returns VMAT_EINVAL with *out set: those
 * numbers are J_BAD, so that the caller checks the rest (issue 18 §5) and
 * says nothing more of them. */
int json_parse_partial(struct jv **out, struct arena *a, const char *text, size_t len,
		       const char *file, struct vmat_diags *diags);
struct jv *jv_get(const struct jv *obj, const char *key);	/* case-sensitive */
const char *jv_type_name(enum jtype t);	/* "a string", "an object", ... */
/* Describes v for "got ..." in messages. */
const char *jv_describe(char *buf, size_t size, const struct jv *v);

/* csvread.c: the only user of libcsv. Bulk CSV, cut into chunks of whole
 * records on one thread, parsed record by record on any. */
#define MAX_CSV_RECORD (64u << 20)	/* bytes of one record */
struct csv_record {
	size_t n;		/* number of cells */
	const char *const *cells;	/* NUL-terminated; NULL: empty unquoted cell */
	const size_t *lens;
	const long *lines;	/* physical line where each cell starts; NULL: every
				 * cell starts on line */
	long line;		/* physical line where the record starts */
};

/* The physical line where cell i of rec starts. */
static inline long
csv_cell_line(const struct csv_record *rec, size_t i)
{
	return rec->lines ? rec->lines[i] : rec->line;
}
struct csv_span {		/* one record of a chunk */
	size_t start, end;	/* its bytes, line end included */
	long line, quote_line;	/* where it starts; where its last quoted cell does */
	bool multi;		/* it spans several lines */
	bool big;		/* longer than MAX_CSV_RECORD: its bytes are dropped */
	bool broken;		/* its quoting is wrong: a stray or unclosed quote */
};
struct csv_chunk {
	char *data;
	size_t len, cap;
	struct csv_span *spans;
	size_t n, capspans;
	char delim;		/* ',' or ';'; 0: ',' */
};
void csv_chunk_free(struct csv_chunk *ch);

struct csv_chunker;
int csv_chunker_create(struct csv_chunker **out, FILE *fp, const char *name);
/* Fills *ch with the next records (the header comes alone, first); the
 * buffers *ch held are reused. Returns 1, 0 at the end, VMAT_EINVAL (a wide
 * encoding) or VMAT_EIO, reported in diags, or VMAT_ENOMEM; errors are final. */
int csv_chunker_next(struct csv_chunker *c, struct csv_chunk *ch, struct vmat_diags *diags);
void csv_chunker_destroy(struct csv_chunker *c);
/* The cell delimiter, ',' (the default) or ';'; 0: found from the header
 * (reference §3). Call before the first csv_chunker_next(). */
void csv_chunker_set_delimiter(struct csv_chunker *c, char delim);
/* The delimiter, once the header is read: the one given, or found. */
char csv_chunker_delimiter(const struct csv_chunker *c);
/* For tests: other chunk sizes must give the same records and messages. */
void csv_chunker_set_size(struct csv_chunker *c, size_t bytes);

struct csv_cursor;
int csv_cursor_create(struct csv_cursor **out);
/* The file of the records to come, and its header's names (borrowed), which
 * name columns in messages and make other cell counts errors; header NULL
 * for the header itself. */
void csv_cursor_set_file(struct csv_cursor *c, const char *name, const char *const *header,
			 size_t nheader);
/* Parses record k of ch (whose bytes it may change): 1 with *rec set
 * (borrowed until the next call),
 * VMAT_EINVAL for a malformed record (reported in diags), or VMAT_ENOMEM. */
int csv_cursor_record(struct csv_cursor *c, struct csv_chunk *ch, size_t k,
		      struct csv_record *rec, struct vmat_diags *diags);
void csv_cursor_destroy(struct csv_cursor *c);

/* Both on one thread. Returns 1 with *rec set (borrowed until the next
 * call), 0 at the end, or VMAT_EINVAL for a malformed record (reported in
 * diags; call again to go on), VMAT_EIO for a read error (final). Ragged
 * rows (a cell count other than the first record's) are malformed. */
struct csv_reader;
int csv_reader_create(struct csv_reader **out, FILE *fp, const char *name);
int csv_reader_next(struct csv_reader *r, struct csv_record *rec, struct vmat_diags *diags);
void csv_reader_destroy(struct csv_reader *r);
void csv_reader_set_chunk_size(struct csv_reader *r, size_t bytes);
/* As csv_chunker_set_delimiter(); the default is ','. */
void csv_reader_set_delimiter(struct csv_reader *r, char delim);

/* reader.c: the *.json files below a directory, in byte order of their
 * paths (reference §8); names starting with "." and links to directories skipped. */
struct file_list {
	struct file_entry {
		char *path;
		dev_t dev;
		ino_t ino;
	} *files;
	size_t n, cap;
};
int file_list_dir(struct file_list *l, const char *dir, struct vmat_diags *diags);
void file_list_free(struct file_list *l);

/* The inputs in reference §8 order. */
struct inputs {
	const char *const *paths;
	size_t npaths, next_path;
	struct file_list files;	/* of the current directory */
	size_t next_file;
	struct strmap seen;	/* "dev:ino" of the files read, "-" */
	struct arena keys;
	size_t repeated;	/* inputs skipped: read already */
};
enum { INPUT_JSON = 1, INPUT_CSV = 2 };
/* The next input: INPUT_JSON or INPUT_CSV with *path set (valid until the
 * next call), 0 at the end, VMAT_EINVAL for a path that is neither (reported;
 * call again to go on), or VMAT_ENOMEM. */
int inputs_next(struct inputs *in, const char **path, struct vmat_diags *diags);
void inputs_free(struct inputs *in);

struct response_builder;
/* One response .json file: VMAT_OK with *out set, VMAT_EINVAL, VMAT_ENOMEM. */
int read_json_response(struct response_builder *b, const char *path,
		       const struct vmat_response **out, struct vmat_diags *diags);

/* A bulk CSV input ("-": opt->stdin_fp), opened with its header read through
 * cur: VMAT_OK, VMAT_EINVAL (reported: unreadable, empty, a bad header) or
 * VMAT_ENOMEM. Its chunks may then be read on any thread, each by its own
 * cursor and builder. */
struct csv_input;
int csv_input_open(struct csv_input **out, const struct vmat_survey *survey, const char *path,
		   const struct vmat_read_options *opt, struct csv_cursor *cur,
		   struct vmat_diags *diags);
int csv_input_chunk(struct csv_input *in, struct csv_chunk *ch, struct vmat_diags *diags);
/* Its size in bytes; 0 when unknown (a pipe). */
uint64_t csv_input_size(const struct csv_input *in);
/* Whether its first column is the id. */
bool csv_input_id_first(const struct csv_input *in);
int csv_input_response(const struct csv_input *in, struct csv_cursor *cur,
		       struct response_builder *b, struct csv_chunk *ch, size_t k,
		       const struct vmat_response **out, struct vmat_diags *diags);
void csv_input_close(struct csv_input *in);

/* response.c: one response from its JSON or bulk CSV form. */
int response_builder_create(struct response_builder **out, const struct vmat_survey *s,
			    bool strict);
void response_builder_destroy(struct response_builder *b);
/* Drafts: responses whose required fields may be missing yet. */
void response_builder_partial(struct response_builder *b, bool partial);
int response_from_json(struct response_builder *b, const struct vmat_response **out,
		       const char *file, const char *text, size_t len, struct vmat_diags *diags);
/* Maps a bulk CSV header to fields and questions; reports unknown columns. */
int response_csv_header(struct response_builder *b, const struct csv_record *header,
			const char *file, struct vmat_diags *diags);
/* Reads rows with the columns of the header that from read (borrowed: from
 * must outlive their use). */
void response_builder_share_columns(struct response_builder *b,
				    const struct response_builder *from);
/* reference §3: numbers of a ";"-separated file may have a decimal comma. */
void response_builder_decimal_comma(struct response_builder *b, bool on);
int response_from_csv(struct response_builder *b, const struct vmat_response **out,
		      const char *file, const struct csv_record *rec, struct vmat_diags *diags);

/* Deep copies into a (NULL when out of memory), for responses kept past
 * their reader's next call. A result's copy cannot score. */
struct vmat_response *response_copy(struct arena *a, const struct vmat_survey *s,
				    const struct vmat_response *r);
struct vmat_result *result_copy(struct arena *a, const struct vmat_survey *s,
				const struct vmat_result *r);

/* history.c: adds an interview to a part of the history sink, with the
 * report's group key of the response (NULL: none). */
int history_add(void *part, const struct vmat_response *r, const struct vmat_result *res,
		const char *group);
/* movement.c: movement in a report's group (reference §9), from a history
 * (history.h has its records): its customers are those whose
 * latest interview is in the group. */
struct movement_customer {
	const char *customer, *interviewer;	/* of the latest interview */
	const char *date;	/* moved down: of the latest interview; stuck: of the
				 * first of the last run of interviews at its stage */
	int from, stage;	/* moved down: from -> stage */
	double months;		/* stuck: months at the stage, as of the newest date */
	long top_blocker;	/* a dimension, or -1 */
	/* latest: of the latest interview (reference §9 "Who needs what") */
	double aspiration, gap, skills;	/* skills: the dimension skills, NAN: none */
	int partner;		/* partner_access: a choice index, -1: none */
};
struct movement_customers {
	struct movement_customer *items;
	size_t n, cap;
};
struct movement {
	size_t reinterviewed, up, unchanged, down;
	double median_months_between;	/* of consecutive interviews; NAN: none */
	double median_months_at_stage;	/* as of as_of */
	const char *as_of;		/* the newest interview date of the inputs */
	size_t *transitions;		/* stages x stages: customers from -> to */
	struct movement_customers moved_down;	/* by name */
	struct movement_customers stuck;	/* longest first */
	struct movement_customers stale;	/* --stale-after: by interviewer, then
						 * the longest without a visit */
	struct movement_customers latest;	/* every customer, date: its latest
						 * interview; by stage (highest first),
						 * top blocker, name */
};
struct movement_options {
	const char *as_of;	/* YYYY-MM-DD; NULL: the newest interview date */
	double stale_after;	/* months; INFINITY: no list */
	long skills;		/* the dimension skills, or -1 */
};
/* Finishes h and fills out[0..ngroups): group_of() maps an interview's group
 * key to its group, ngroups or more for none; nstages: S + 1. Free with
 * movement_free(). */
int history_movement(struct vmat_history *h, size_t (*group_of)(void *ctx, const char *group),
		     void *ctx, size_t ngroups, size_t nstages, const struct movement_options *opt,
		     struct movement *out);
void movement_free(struct movement *m, size_t ngroups);
/* The trend as of each quarter's end (reference §9), after history_movement():
 * for the quarters first .. first + n - 1 (every one from the first interview's
 * to the last's) and each group, the customers whose latest interview up to
 * the quarter's end is in the group and has an index, and their mean index
 * (NAN: none); ngroups x n, group-major. */
struct snapshots {
	long first;		/* year * 4 + quarter - 1 */
	size_t n;
	size_t *customers;
	double *mean;
};
int history_snapshots(const struct vmat_history *h,
		      size_t (*group_of)(void *ctx, const char *group), void *ctx, size_t ngroups,
		      struct snapshots *out);
void snapshots_free(struct snapshots *s);
/* After vmat_history_finish(): each customer's latest interview, in
 * customer key order; free(*out). */
struct customer_latest {
	const char *customer, *interviewer, *date, *group;
	int stage;
	long top_blocker;	/* a dimension, or -1 */
	const size_t *blockers;
	size_t nblockers;
	const double *scores;	/* per dimension, NAN: none */
};
int history_latest(const struct vmat_history *h, struct customer_latest **out, size_t *count);
/* After vmat_history_finish(): the interviews, the customers (by key), the
 * first and last dates (NULL when none). */
void history_span(const struct vmat_history *h, size_t *interviews, size_t *customers,
		  const char **first, const char **last);
/* aggregate.c: group g's movement, NULL without opt.movement. */
const struct movement *agg_movement(const struct vmat_agg *a, size_t g);
/* With opt.movement, after vmat_agg_finish(): the history, and the group of
 * an interview's group key (ngroups or more: none). */
const struct vmat_history *agg_history(const struct vmat_agg *a);
const struct vmat_report_options *agg_options(const struct vmat_agg *a);
size_t agg_group_of(struct vmat_agg *a, const char *key);

/* history.c: after vmat_history_finish(), the warnings of every customer
 * (reference §9: names joined by a legal form, a name with several ids). */
int history_doubts(const struct vmat_history *h, struct vmat_diags *diags);
/* history.c: after vmat_history_finish(), the id of the interview before
 * id's of the same customer; NULL for a first interview or an unknown id.
 * Not thread-safe (it builds an index on its first call). */
const char *history_previous(struct vmat_history *h, const char *id);

/* survey.c: the index of the dimension with this id, or -1. */
long survey_dimension_id(const struct vmat_survey *s, const char *id);
/* survey.c: the most immediate advice for dimension d at score v: the one
 * with the lowest `below` that v is under (reference §6); NULL when none. */
const char *survey_advice(const struct vmat_dimension *d, double v);
/* The question with that id if it has that type, or -1: the questions whose
 * ids mean something to vmat (the release lag of reference §5). */
long survey_question_typed(const struct vmat_survey *s, const char *id,
			   enum vmat_question_type type);

/* rows.c: rows of cells written as CSV, JSON Lines or an aligned table
 * (reference §6), for `vmat score` and `vmat history`. */
enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_LIST };
struct rows_cell {
	enum cell_kind kind;
	const char *s;		/* NULL: null */
	size_t len;
	bool cut;		/* table: shortened, shown with an ellipsis */
};
struct rows_column {
	const char *name;
	bool right;		/* table: aligned right (numbers) */
	bool id;		/* table: cut to its first 8 characters */
};
/* A writer of rows with these columns (names copied); the CSV header first
 * when header is true. Free it with vmat_rows_destroy(). */
int rows_open(struct vmat_rows **out, FILE *fp, enum vmat_format format, bool csv_guard,
	      const struct rows_column *cols, size_t ncols, bool header);
/* The next row's cells, all null, to fill; the strings set through
 * rows_number() and rows_ids() live until rows_put(). */
struct rows_cell *rows_begin(struct vmat_rows *w);
void rows_text(struct rows_cell *c, enum cell_kind kind, const char *s);	/* s borrowed */
bool rows_number(struct vmat_rows *w, struct rows_cell *c, double v);	/* false: no memory */
char *rows_scratch(struct vmat_rows *w, size_t size);	/* lives until rows_put() */
/* The ids of dimensions which[0..n-1], joined by ";" (an empty list: null). */
bool rows_ids(struct vmat_rows *w, struct rows_cell *c, const struct vmat_dimension *dims,
	      const size_t *which, size_t n);
/* Writes the row (a table keeps it until vmat_rows_finish()). Returns
 * VMAT_OK, VMAT_ENOMEM or VMAT_EIO. */
int rows_put(struct vmat_rows *w);

/* score.c: whether question i's `when` holds (reference §1), whatever its own
 * answer: visible[] as vmat_score() left it for the earlier questions. The
 * interview asks a question answered N/A again, which scoring hides. */
bool question_shown(const struct vmat_survey *s, const struct vmat_answer *answers,
		    const bool *visible, size_t i);

/* interview.c: whether a file name is BASE followed by ext, or a name
 * vmat_interview_save_draft() gives when that one is taken: BASE-N followed
 * by ext. */
bool named_for(const char *name, const char *base, const char *ext);
/* interview.c: what a person (or a web form) wrote for question q, as its
 * cell: the id of the choice whose label s is, "yes" for yes or true, "no"
 * for no or false, case aside; NULL when s is none of these. `import` and
 * `interview` read answers through it, so they take the same words. */
const char *typed_value(const struct vmat_question *q, const char *s, size_t len);

/* customer.c: the key that matches one customer's interviews (issue 17):
 * case, accents and punctuation folded, legal forms at the end dropped
 * (true when one was: the names it joins differ in more than spelling).
 * customer_fold() folds without dropping them. out: size bytes. */
bool customer_key(char *out, size_t size, const char *name);
/* lib/country.c: the ISO 3166-1 alpha-2 code of a country given as a code
 * (alpha-2 or alpha-3, any case) or a name (folded as customer names are),
 * or NULL. *known: the table could be read (iso-codes is installed). */
const char *country_code(const char *v, size_t len, bool *known);
/* The countries' names, for completion: *n of them (0 without the table). */
const char *const *country_names(size_t *n);
/* The country name nearest v, for "did you mean", and its code; NULL if none. */
const char *country_nearest(const char *v, size_t len, const char **code);

/* lib/stats.c: the 95% intervals of reference §5. Wilson's interval of the
 * share k/n; NAN for both when n is 0. */
void stats_wilson(size_t k, size_t n, double *lo, double *hi);
/* Student's t 0.975 quantile for df degrees of freedom (NAN for 0). */
double stats_t975(size_t df);
/* mean +- t975(n - 1) * sqrt(variance / n), variance the sample's (n - 1);
 * NAN for both when n < 2. */
void stats_mean_interval(double mean, double variance, size_t n, double *lo, double *hi);

/* The customer key an alias's key stands for (lib/aliases.c), or NULL when
 * it is no alias (or aliases is NULL). */
const char *aliases_find(const struct vmat_aliases *aliases, const char *key);
enum { CUSTOMER_KEY_MAX = 1024 };	/* bytes of a key with its NUL, enough for any */
void customer_fold(char *out, size_t size, const char *name);

/* journey.c: between two interviews of one customer (issue 17). Months
 * from one YYYY-MM-DD date to another, exact calendar months with one
 * decimal (negative when to comes first; NAN when a date is missing):
 * whole months from `from` (a month later is the same day, or the month's
 * last), then the share of the next month reached, in days. */
double journey_months(const char *from, const char *to);
/* The dimensions blocking before's next stage and not now's (resolved), and
 * the other way round (added), in the order each lists them; each array has
 * room for its side's blockers. */
void journey_blockers_diff(const size_t *before, size_t nbefore, const size_t *now, size_t nnow,
			   size_t *resolved, size_t *nresolved, size_t *added, size_t *nadded);

/* seen.c: the responses a run has read, to read each one once. */
struct seen_entry {
	uint64_t id;		/* seen_id() of the response's id */
	uint32_t content;	/* seen_content() */
	uint32_t ord;		/* its number in input order */
};
struct seen;
/* threads: puts and gets may come from several threads at once. */
int seen_create(struct seen **out, bool threads);
void seen_destroy(struct seen *s);
enum { SEEN_NEW = 1, SEEN_AFTER, SEEN_BEFORE };
/* Puts e unless the id is held by an earlier ordinal. Returns SEEN_NEW (the
 * id was not there), SEEN_AFTER (an earlier one holds it: *was, and e is
 * not put), SEEN_BEFORE (a later one held it: *was, replaced by e), or
 * VMAT_ENOMEM. */
int seen_put(struct seen *s, struct seen_entry *e, struct seen_entry *was);
/* Makes room for n responses in all, when it is more than there is. */
void seen_reserve(struct seen *s, size_t n);
/* Asks the cache for the id's slot, to be put a little later. */
void seen_prefetch(struct seen *s, uint64_t id);
/* The entry of the id: its earliest ordinal put so far. */
bool seen_get(struct seen *s, uint64_t id, struct seen_entry *out);
uint64_t seen_id(const char *id);
uint64_t seen_id_bytes(const char *id, size_t len);
/* The same for the same fields, answers (a multi's choices in any order),
 * N/A reasons and notes, whether read from JSON or bulk CSV. */
uint32_t seen_content(const struct vmat_survey *survey, const struct vmat_response *r);

#endif
