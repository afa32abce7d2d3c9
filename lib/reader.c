/* Inputs in reference §8's order: arguments, files of a directory in byte order of
 * their paths, rows of a CSV file. One input is open at a time. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
path_order(const void *a, const void *b)
{
	return strcmp(((const struct file_entry *)a)->path, ((const struct file_entry *)b)->path);
}

/* Collects the *.json files below dir. Names starting with "." (drafts,
 * editors' files) are skipped, and so are links to directories, which could
 * make a loop. */
static int
list_dir(struct file_list *l, const char *dir, struct vmat_diags *diags)
{
	DIR *d = opendir(dir);
	if (!d) {
		diag_add(diags, VMAT_ERROR, dir, 0, 0, NULL, "%s", strerror(errno));
		return VMAT_EIO;
	}
	int rc = VMAT_OK;
	struct dirent *e;
	while (rc == VMAT_OK && (e = readdir(d))) {
		if (e->d_name[0] == '.') {
			continue;
		}
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(n);
		if (!path) {
			rc = VMAT_ENOMEM;
			break;
		}
		snprintf(path, n, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name);
		struct stat st, lst;
		if (lstat(path, &lst) != 0 || stat(path, &st) != 0) {
			free(path);
			continue;	/* a dangling link */
		}
		if (S_ISDIR(st.st_mode) && !S_ISLNK(lst.st_mode)) {
			rc = list_dir(l, path, diags);
			free(path);
		} else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".json")) {
			if (l->n == l->cap) {
				size_t cap = l->cap ? l->cap * 2 : 64;
				struct file_entry *files = realloc(l->files, cap * sizeof(*files));
				if (!files) {
					free(path);
					rc = VMAT_ENOMEM;
					break;
				}
				l->files = files;
				l->cap = cap;
			}
			l->files[l->n++] = (struct file_entry){ path, st.st_dev, st.st_ino };
		} else {
			free(path);
		}
	}
	closedir(d);
	return rc;
}

int
file_list_dir(struct file_list *l, const char *dir, struct vmat_diags *diags)
{
	size_t first = l->n;
	int rc = list_dir(l, dir, diags);
	if (l->n > first) {	/* an empty directory: l->files may be NULL (UBSan) */
		qsort(l->files + first, l->n - first, sizeof(*l->files), path_order);
	}
	return rc;
}

void
file_list_free(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->files[i].path);
	}
	free(l->files);
	*l = (struct file_list){ 0 };
}

/* Inputs in order: reference §8. */

/* 1 the first time the file (dev, ino) comes as an input ("-": standard
 * input), 0 after, VMAT_ENOMEM. */
static int
first_time(struct inputs *in, const char *path, const struct stat *st)
{
	char buf[48];
	int n = strcmp(path, "-") == 0
			? snprintf(buf, sizeof(buf), "-")
			: snprintf(buf, sizeof(buf), "%jx:%jx", (uintmax_t)st->st_dev,
				   (uintmax_t)st->st_ino);
	char *key = arena_strndup(&in->keys, buf, (size_t)n);
	bool added;
	if (!key || !strmap_put(&in->seen, key, (size_t)n, 0, &added)) {
		return VMAT_ENOMEM;
	}
	in->repeated += !added;
	return added;
}

int
inputs_next(struct inputs *in, const char **path, struct vmat_diags *diags)
{
	for (;;) {
		struct stat st = { 0 };
		int kind = INPUT_JSON;
		if (in->next_file < in->files.n) {
			const struct file_entry *f = &in->files.files[in->next_file++];
			*path = f->path;
			st.st_dev = f->dev;
			st.st_ino = f->ino;
		} else {
			file_list_free(&in->files);
			in->next_file = 0;
			if (in->next_path == in->npaths) {
				return 0;
			}
			const char *p = in->paths[in->next_path++];
			*path = p;
			if (strcmp(p, "-") == 0 ||
			    (ends_with(p, ".csv") && stat(p, &st) == 0 && !S_ISDIR(st.st_mode))) {
				kind = INPUT_CSV;
			} else if (stat(p, &st) != 0) {
				diag_add(diags, VMAT_ERROR, p, 0, 0, NULL, "%s", strerror(errno));
				return VMAT_EINVAL;
			} else if (S_ISDIR(st.st_mode)) {
				int rc = file_list_dir(&in->files, p, diags);
				if (rc != VMAT_OK) {
					return rc == VMAT_ENOMEM ? rc : VMAT_EINVAL;
				}
				continue;
			} else if (!ends_with(p, ".json")) {
				diag_add(diags, VMAT_ERROR, p, 0, 0, NULL,
					 "not a response file: expected a .json or .csv file, a "
					 "directory, or - for standard input");
				return VMAT_EINVAL;
			}
		}
		int first = first_time(in, *path, &st);
		if (first != 0) {
			return first == 1 ? kind : first;
		}
	}
}

void
inputs_free(struct inputs *in)
{
	file_list_free(&in->files);
	strmap_free(&in->seen);
	arena_free(&in->keys);
}

int
read_json_response(struct response_builder *b, const char *path,
		   const struct vmat_response **out, struct vmat_diags *diags)
{
	struct file_text ft;
	int rc = file_read(&ft, path, MAX_JSON_FILE, diags);
	if (rc != VMAT_OK) {
		return rc == VMAT_ENOMEM ? rc : VMAT_EINVAL;
	}
	rc = response_from_json(b, out, path, ft.data, ft.len, diags);
	free(ft.data);
	return rc;
}

/* A bulk CSV input, once its header is read. */
struct csv_input {
	const char *name;
	FILE *fp;
	bool own_fp;
	struct csv_chunker *chunker;
	char **names;		/* the header's, for messages */
	size_t nnames;
	struct response_builder *builder;	/* its columns are shared */
	char delimiter;		/* given; 0: found from the header */
};

void
csv_input_close(struct csv_input *in)
{
	if (!in) {
		return;
	}
	csv_chunker_destroy(in->chunker);
	if (in->own_fp) {
		fclose(in->fp);
	}
	for (size_t i = 0; i < in->nnames; i++) {
		free(in->names[i]);
	}
	free(in->names);
	response_builder_destroy(in->builder);
	free(in);
}

static int
read_header(struct csv_input *in, struct csv_cursor *cur, struct vmat_diags *diags)
{
	struct csv_chunk ch = { 0 };
	struct csv_record h;
	int rc = csv_chunker_next(in->chunker, &ch, diags);
	char delim = csv_chunker_delimiter(in->chunker);
	if (rc == 1 && !in->delimiter && delim != ',') {
		diag_add(diags, VMAT_NOTE, in->name, 0, 0, NULL,
			 "reading '%c'-separated CSV (detected from the header)", delim);
	}
	/* reference §3: where ";" separates cells, "," is the decimal point */
	response_builder_decimal_comma(in->builder, delim == ';');
	if (rc == 0) {
		diag_add(diags, VMAT_ERROR, in->name, 0, 0, NULL, "empty file: expected a header row");
		rc = VMAT_EINVAL;
	}
	if (rc == 1) {
		csv_cursor_set_file(cur, in->name, NULL, 0);
		rc = csv_cursor_record(cur, &ch, 0, &h, diags);
	}
	if (rc == 1) {
		rc = response_csv_header(in->builder, &h, in->name, diags);
		in->names = calloc(h.n + 1, sizeof(*in->names));
		for (; rc == VMAT_OK && in->names && in->nnames < h.n; in->nnames++) {
			const char *cell = h.cells[in->nnames];
			if (!(in->names[in->nnames] = strdup(cell ? cell : ""))) {
				break;
			}
		}
		if (rc == VMAT_OK && (!in->names || in->nnames < h.n)) {
			rc = VMAT_ENOMEM;
		}
	}
	csv_chunk_free(&ch);
	return rc == VMAT_EIO ? VMAT_EINVAL : rc;
}

int
csv_input_open(struct csv_input **out, const struct vmat_survey *survey, const char *path,
	       const struct vmat_read_options *opt, struct csv_cursor *cur,
	       struct vmat_diags *diags)
{
	struct csv_input *in = calloc(1, sizeof(*in));
	if (!in) {
		return VMAT_ENOMEM;
	}
	in->name = path;
	in->own_fp = strcmp(path, "-") != 0;
	in->fp = in->own_fp ? fopen(path, "rb") : opt && opt->stdin_fp ? opt->stdin_fp : stdin;
	if (!in->fp) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "%s", strerror(errno));
		in->own_fp = false;
		csv_input_close(in);
		return VMAT_EINVAL;
	}
	int rc = csv_chunker_create(&in->chunker, in->fp, path);
	in->delimiter = opt ? opt->delimiter : ',';
	if (rc == VMAT_OK) {
		csv_chunker_set_delimiter(in->chunker, in->delimiter);
		rc = response_builder_create(&in->builder, survey, opt && opt->strict);
	}
	if (rc == VMAT_OK) {
		rc = read_header(in, cur, diags);	/* rows cannot be read without it */
	}
	if (rc != VMAT_OK) {
		csv_input_close(in);
		return rc;
	}
	*out = in;
	return VMAT_OK;
}

int
csv_input_chunk(struct csv_input *in, struct csv_chunk *ch, struct vmat_diags *diags)
{
	return csv_chunker_next(in->chunker, ch, diags);
}

bool
csv_input_id_first(const struct csv_input *in)
{
	return in->nnames && strcmp(in->names[0], "id") == 0;
}

uint64_t
csv_input_size(const struct csv_input *in)
{
	struct stat st;
	return fstat(fileno(in->fp), &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

int
csv_input_response(const struct csv_input *in, struct csv_cursor *cur, struct response_builder *b,
		   struct csv_chunk *ch, size_t k, const struct vmat_response **out,
		   struct vmat_diags *diags)
{
	struct csv_record rec;
	csv_cursor_set_file(cur, in->name, (const char *const *)in->names, in->nnames);
	int rc = csv_cursor_record(cur, ch, k, &rec, diags);
	if (rc != 1) {
		return rc;
	}
	response_builder_share_columns(b, in->builder);
	return response_from_csv(b, out, in->name, &rec, diags);
}

/* The reader: all of it on the caller's thread. */

struct vmat_reader {
	const struct vmat_survey *survey;
	struct vmat_read_options opt;
	struct inputs in;
	struct response_builder *builder;
	struct csv_cursor *cursor;
	struct csv_input *csv;	/* the current bulk CSV input */
	struct csv_chunk chunk;
	size_t next;		/* record of chunk */
};

int
vmat_reader_create(struct vmat_reader **out, const struct vmat_survey *survey,
		   const char *const *paths, size_t npaths, const struct vmat_read_options *opt)
{
	struct vmat_reader *r = calloc(1, sizeof(*r));
	if (!r) {
		return VMAT_ENOMEM;
	}
	r->survey = survey;
	r->in = (struct inputs){ .paths = paths, .npaths = npaths };
	if (opt) {
		r->opt = *opt;
	}
	if (response_builder_create(&r->builder, survey, r->opt.strict) != VMAT_OK ||
	    csv_cursor_create(&r->cursor) != VMAT_OK) {
		vmat_reader_destroy(r);
		return VMAT_ENOMEM;
	}
	*out = r;
	return VMAT_OK;
}

void
vmat_reader_destroy(struct vmat_reader *r)
{
	if (!r) {
		return;
	}
	csv_input_close(r->csv);
	csv_chunk_free(&r->chunk);
	csv_cursor_destroy(r->cursor);
	inputs_free(&r->in);
	response_builder_destroy(r->builder);
	free(r);
}

int
vmat_reader_next(struct vmat_reader *r, const struct vmat_response **out,
		 struct vmat_diags *diags)
{
	*out = NULL;
	for (;;) {
		int rc;
		if (r->csv && r->next < r->chunk.n) {
			rc = csv_input_response(r->csv, r->cursor, r->builder, &r->chunk, r->next++,
						out, diags);
			return rc == VMAT_OK ? 1 : rc;
		}
		if (r->csv) {
			r->next = 0;
			if ((rc = csv_input_chunk(r->csv, &r->chunk, diags)) == 1) {
				continue;
			}
			csv_input_close(r->csv);
			r->csv = NULL;
			if (rc != 0) {
				return rc == VMAT_ENOMEM ? rc : VMAT_EINVAL;
			}
		}
		const char *path;
		rc = inputs_next(&r->in, &path, diags);
		if (rc == INPUT_JSON) {
			rc = read_json_response(r->builder, path, out, diags);
			return rc == VMAT_OK ? 1 : rc;
		}
		if (rc != INPUT_CSV) {
			return rc;
		}
		if ((rc = csv_input_open(&r->csv, r->survey, path, &r->opt, r->cursor, diags)) !=
		    VMAT_OK) {
			return rc;
		}
	}
}
