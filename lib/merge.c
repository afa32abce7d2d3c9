/* Gathering several SEs' response files into one directory (reference §8).
 *
 * At a team's scale (issue 18): one input is open at a time, and each new
 * response is written at once to a temporary file in the directory, synced
 * and closed; what stays in memory is a small entry per response (its id,
 * where it came from, where its bytes are). The temporary files take their
 * names together at the end, or are all removed. The whole run holds a lock
 * on the directory, so that two merges into it never both pass the check for
 * an id already there. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

struct entry {
	char *src;		/* where it came from, for messages: FILE or FILE:LINE */
	const char *id;		/* in merge.keep */
	const char *file;	/* where its bytes are now: in the directory, or the
				 * temporary file of out; NULL: in text */
	char *text;		/* its bytes, when they could not be written */
	size_t len;
	struct vmat_out *out;	/* new: its temporary file, owned by the batch */
	bool existing;		/* already in the directory */
	bool written;		/* to be written */
};

struct merge {
	const char *dir;
	const struct vmat_merge_options *opt;
	struct arena keep;	/* ids and names, for the whole run */
	struct arena scratch;	/* one file's parse, reset after each */
	struct entry *entries;
	size_t n, cap;
	struct strmap ids;
	struct strmap taken;	/* names given to new files */
	struct vmat_batch *batch;
	int dirfd;		/* open and locked; -1: the directory cannot be used */
	bool created;		/* by this run */
	bool io_failed;		/* nothing more is written; texts stay in memory */
	bool bad;		/* a conflict or an invalid input */
	struct vmat_diags *diags;
	struct vmat_merge_counts *counts;
};

static int
cmp_member(const void *x, const void *y)
{
	return strcmp(((const struct jv *)x)->key, ((const struct jv *)y)->key);
}

/* The same JSON value, whatever the order of object members. Duplicate keys
 * were rejected by json_parse(), so sorted members line up. */
static bool
jv_equal(const struct jv *a, const struct jv *b)
{
	if (a->type != b->type || a->len != b->len) {
		return false;
	}
	switch (a->type) {
	case J_NUMBER:
		return a->num == b->num;
	case J_STRING:
		return memcmp(a->str, b->str, a->len) == 0;
	case J_ARRAY:
		for (size_t i = 0; i < a->len; i++) {
			if (!jv_equal(&a->kids[i], &b->kids[i])) {
				return false;
			}
		}
		return true;
	case J_OBJECT:
		qsort(a->kids, a->len, sizeof(*a->kids), cmp_member);
		qsort(b->kids, b->len, sizeof(*b->kids), cmp_member);
		for (size_t i = 0; i < a->len; i++) {
			if (strcmp(a->kids[i].key, b->kids[i].key) != 0 ||
			    !jv_equal(&a->kids[i], &b->kids[i])) {
				return false;
			}
		}
		return true;
	default:
		return true;
	}
}

static const char *
string_member(const struct jv *obj, const char *key)
{
	const struct jv *v = jv_get(obj, key);
	return v && v->type == J_STRING ? v->str : NULL;
}

/* Parses a response file's text into m->scratch: VMAT_OK with *root and *id
 * (in m->keep), VMAT_EINVAL (reported) or VMAT_ENOMEM. */
static int
parse_response(struct merge *m, const char *src, const char *text, size_t len,
	       struct vmat_diags *diags, struct jv **root, const char **id)
{
	int rc = json_parse(root, &m->scratch, text, len, src, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	const char *format = (*root)->type == J_OBJECT ? string_member(*root, "format") : NULL;
	if (!format || strcmp(format, "vmat-response/1") != 0) {
		diag_add(diags, VMAT_ERROR, src, (*root)->line, (*root)->col, NULL,
			 "not a response file (\"format\": \"vmat-response/1\" is missing)");
		return VMAT_EINVAL;
	}
	const char *given = string_member(*root, "id");
	char derived[37];
	if (!given) {
		/* the id every other command derives for this file (reference §3) */
		derive_id(derived, text, len);
		given = derived;
	}
	*id = arena_strdup(&m->keep, given);
	return *id ? VMAT_OK : VMAT_ENOMEM;
}

/* The earlier entry's content, parsed into a (which the caller resets). */
static int
parse_entry(struct merge *m, const struct entry *e, struct arena *a, struct jv **root)
{
	struct file_text ft = { 0 };
	const char *text = e->text;
	size_t len = e->len;
	if (e->file) {
		int rc = file_read(&ft, e->file, MAX_JSON_FILE, m->diags);
		if (rc != VMAT_OK) {
			return rc;
		}
		text = ft.data;
		len = ft.len;
	}
	int rc = json_parse(root, a, text, len, e->src, m->diags);
	free(ft.data);
	return rc;
}

/* YYYY-MM-DD-CUSTOMER-ID8.json, made from the response; -2, -3... when the
 * name is taken, in the directory or by this run. */
static int
file_name(struct merge *m, char *out, size_t size, const struct jv *root, const char *id)
{
	char base[128];
	response_name(base, sizeof(base), string_member(root, "date"),
		      string_member(root, "customer"), id);
	for (int n = 1;; n++) {
		char suffix[16] = "";
		if (n > 1) {
			snprintf(suffix, sizeof(suffix), "-%d", n);
		}
		snprintf(out, size, "%s%s.json", base, suffix);
		/* Any error but "exists" leaves the name to vmat_out_open(), which
		 * reports the real one (looping on EACCES would never end). */
		struct stat st;
		if (fstatat(m->dirfd, out, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
		    strmap_get(&m->taken, out, strlen(out))) {
			continue;
		}
		bool added;
		char *copy = arena_strdup(&m->keep, out);
		return copy && strmap_put(&m->taken, copy, strlen(copy), 0, &added) ? VMAT_OK
										     : VMAT_ENOMEM;
	}
}

/* Writes a new response to its temporary file, or keeps its text when
 * nothing more can be written. Takes text. */
static int
store(struct merge *m, struct entry *e, const struct jv *root, char *text, size_t len)
{
	if (!m->io_failed && m->dirfd >= 0) {
		char name[256];
		if (file_name(m, name, sizeof(name), root, e->id) != VMAT_OK) {
			free(text);
			return VMAT_ENOMEM;
		}
		e->out = vmat_batch_add(m->batch, m->dir, name, m->diags);
		if (e->out) {
			fwrite(text, 1, len, vmat_out_file(e->out));
		}
		if (e->out && out_park(e->out, m->diags) == VMAT_OK) {
			e->file = vmat_out_tmp_path(e->out);
			free(text);
			return VMAT_OK;
		}
		m->io_failed = true;	/* reported by vmat_batch_add() or out_park() */
	}
	e->text = text;
	e->len = len;
	return VMAT_OK;
}

/* One response: a file of the directory (existing) or an input; text is
 * taken. VMAT_OK (also for a conflict: reported, counted, m->bad set),
 * VMAT_EINVAL (not a response file, reported) or VMAT_ENOMEM. */
static int
add(struct merge *m, const char *src, char *text, size_t len, bool existing,
    struct vmat_diags *diags)
{
	struct jv *root;
	const char *id;
	arena_reset(&m->scratch);
	int rc = parse_response(m, src, text, len, diags, &root, &id);
	if (rc != VMAT_OK) {
		free(text);
		return rc;
	}
	bool added;
	size_t *first = strmap_put(&m->ids, id, strlen(id), m->n, &added);
	if (!first) {
		free(text);
		return VMAT_ENOMEM;
	}
	if (!added) {
		struct entry *f = &m->entries[*first];
		if (existing) {
			free(text);	/* the directory has it already */
			return VMAT_OK;
		}
		struct arena a = { 0 };
		struct jv *other;
		rc = parse_entry(m, f, &a, &other);
		bool same = rc == VMAT_OK && jv_equal(other, root);
		arena_free(&a);
		free(text);
		if (rc == VMAT_ENOMEM) {
			return rc;
		}
		if (same) {
			m->counts->duplicates++;
			return VMAT_OK;
		}
		if (rc == VMAT_OK) {
			diag_add(m->diags, VMAT_ERROR, src, 0, 0, NULL,
				 "response id \"%s\" is also in %s, with other answers; neither "
				 "is written", id, f->src);
		}
		if (f->written) {
			f->written = false;
			m->counts->added--;
		}
		m->counts->conflicts++;
		m->bad = true;
		return VMAT_OK;	/* counted as a conflict, not as an invalid input */
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct entry *e = realloc(m->entries, cap * sizeof(*e));
		if (!e) {
			free(text);
			return VMAT_ENOMEM;
		}
		m->entries = e;
		m->cap = cap;
	}
	struct entry *e = &m->entries[m->n++];
	*e = (struct entry){ .src = strdup(src), .existing = existing, .written = !existing,
			     .id = id };
	if (!e->src) {
		free(text);
		return VMAT_ENOMEM;
	}
	if (existing) {
		e->file = e->src;
		free(text);
		return VMAT_OK;
	}
	m->counts->added++;
	return store(m, e, root, text, len);
}

static int
add_file(struct merge *m, const char *path, bool existing, struct vmat_diags *diags)
{
	struct file_text ft;
	int rc = file_read(&ft, path, MAX_JSON_FILE, diags);
	return rc == VMAT_OK ? add(m, path, ft.data, ft.len, existing, diags)
			     : rc == VMAT_ENOMEM ? rc : VMAT_EINVAL;
}

/* Each row of a bulk CSV input ("-": standard input) becomes the response
 * file `vmat import` would write for it: vmat_response_write_json(). */
static int
add_csv(struct merge *m, const char *path, size_t *invalid)
{
	if (!m->opt || !m->opt->survey) {
		diag_add(m->diags, VMAT_ERROR, path, 0, 0, NULL,
			 "a bulk CSV input needs the survey (-s SURVEY)");
		++*invalid;
		return VMAT_EINVAL;
	}
	struct vmat_read_options ro = { .stdin_fp = m->opt->stdin_fp,
					.delimiter = m->opt->delimiter };
	struct vmat_reader *r;
	int rc = vmat_reader_create(&r, m->opt->survey, &path, 1, &ro);
	if (rc != VMAT_OK) {
		return rc;
	}
	int bad = VMAT_OK;
	const struct vmat_response *resp;
	while ((rc = vmat_reader_next(r, &resp, m->diags)) != 0) {
		if (rc == VMAT_ENOMEM) {
			break;
		}
		if (rc != 1) {
			++*invalid;	/* reported by the reader */
			bad = VMAT_EINVAL;
			continue;
		}
		char src[4200], *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		if (!mem) {
			rc = VMAT_ENOMEM;
			break;
		}
		vmat_response_write_json(mem, m->opt->survey, resp);
		if (fclose(mem) != 0 || !text) {
			free(text);
			rc = VMAT_ENOMEM;
			break;
		}
		snprintf(src, sizeof(src), "%s:%ld", resp->source, resp->line);
		rc = add(m, src, text, len, false, m->diags);
		if (rc == VMAT_ENOMEM) {
			break;
		}
		if (rc == VMAT_EINVAL) {
			++*invalid;
			bad = rc;
		}
	}
	vmat_reader_destroy(r);
	return rc == VMAT_ENOMEM ? rc : bad;
}

/* Creates the directory if it is missing, and locks it for the run (flock
 * on the directory itself: released when the process ends, whatever way).
 * VMAT_OK or VMAT_EIO (reported). */
static int
lock_dir(struct merge *m)
{
	for (;;) {
		m->created = mkdir(m->dir, 0777) == 0;
		if (!m->created && errno != EEXIST) {
			diag_add(m->diags, VMAT_ERROR, m->dir, 0, 0, NULL, "cannot create: %s",
				 strerror(errno));
			return VMAT_EIO;
		}
		m->dirfd = open(m->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (m->dirfd < 0) {
			diag_add(m->diags, VMAT_ERROR, m->dir, 0, 0, NULL, "%s", strerror(errno));
			return VMAT_EIO;
		}
		int rc = flock(m->dirfd, LOCK_EX | LOCK_NB);
		if (rc != 0 && errno == EWOULDBLOCK) {
			if (m->opt && m->opt->on_wait) {
				m->opt->on_wait(m->opt->ctx, m->dir);
			}
			while ((rc = flock(m->dirfd, LOCK_EX)) != 0 && errno == EINTR) {
			}
		}
		if (rc != 0) {
			diag_add(m->diags, VMAT_ERROR, m->dir, 0, 0, NULL, "cannot lock: %s",
				 strerror(errno));
			return VMAT_EIO;
		}
		/* A merge that created the directory and failed removes it: the
		 * lock we waited for may be on a directory that is gone. */
		struct stat held, now;
		if (fstat(m->dirfd, &held) == 0 && stat(m->dir, &now) == 0 &&
		    held.st_dev == now.st_dev && held.st_ino == now.st_ino) {
			break;
		}
		close(m->dirfd);
		m->dirfd = -1;
	}
	if (m->opt && m->opt->on_lock) {
		m->opt->on_lock(m->opt->ctx, m->dir);
	}
	return VMAT_OK;
}

static void
merge_finish(struct merge *m, bool committed)
{
	if (!committed) {
		vmat_batch_abort(m->batch);
		if (m->created) {
			rmdir(m->dir);	/* a failed merge leaves no new directory behind */
		}
	}
	if (m->dirfd >= 0) {
		close(m->dirfd);	/* releases the lock */
	}
	for (size_t i = 0; i < m->n; i++) {
		free(m->entries[i].src);
		free(m->entries[i].text);
	}
	free(m->entries);
	strmap_free(&m->ids);
	strmap_free(&m->taken);
	arena_free(&m->scratch);
	arena_free(&m->keep);
}

int
vmat_merge(const char *dir, const char *const *inputs, size_t ninputs,
	   const struct vmat_merge_options *opt, struct vmat_merge_counts *counts,
	   struct vmat_diags *diags)
{
	*counts = (struct vmat_merge_counts){ 0 };
	struct merge m = { .dir = dir, .opt = opt, .diags = diags, .counts = counts,
			   .dirfd = -1 };
	int rc = vmat_batch_create(&m.batch);
	if (rc != VMAT_OK) {
		return rc;
	}
	/* Inputs are still read when the directory cannot be used: every
	 * problem is reported. */
	m.io_failed = lock_dir(&m) != VMAT_OK;
	if (m.dirfd >= 0) {
		/* What a killed merge left (issue 18), before we make our own; an
		 * import or interview writing there now keeps its files: they
		 * are told apart by pid, not by the lock, which they do not take. */
		out_clean(dir);
	}
	if (m.dirfd >= 0 && !m.created) {
		/* A file already there that is not a response is left alone,
		 * with a warning: it is not this run's input. */
		struct file_list files = { 0 };
		struct vmat_diags *quiet = NULL;
		rc = file_list_dir(&files, dir, diags);
		m.io_failed |= rc == VMAT_EIO;
		rc = rc == VMAT_ENOMEM ? rc : vmat_diags_create(&quiet);
		for (size_t i = 0; i < files.n && rc == VMAT_OK; i++) {
			rc = add_file(&m, files.files[i].path, true, quiet);
			if (rc == VMAT_EINVAL) {
				diag_add(diags, VMAT_WARNING, files.files[i].path, 0, 0, NULL,
					 "not a response file; left alone");
				rc = VMAT_OK;
			}
		}
		vmat_diags_destroy(quiet);
		file_list_free(&files);
	}
	struct inputs in = { .paths = inputs, .npaths = ninputs };
	while (rc == VMAT_OK) {
		const char *path;
		int kind = inputs_next(&in, &path, diags);
		if (kind == 0 || kind == VMAT_ENOMEM) {
			rc = kind;
			break;
		}
		if (kind == INPUT_JSON) {
			kind = add_file(&m, path, false, diags);
			counts->invalid += kind == VMAT_EINVAL;
		} else if (kind == INPUT_CSV) {
			kind = add_csv(&m, path, &counts->invalid);
		} else {
			counts->invalid++;
		}
		if (kind == VMAT_ENOMEM) {
			rc = kind;
		}
		m.bad |= kind == VMAT_EINVAL;
	}
	inputs_free(&in);
	if (rc == VMAT_OK && !m.bad && !m.io_failed) {
		rc = vmat_batch_commit(m.batch, diags);	/* frees the batch */
		m.batch = NULL;
		merge_finish(&m, rc == VMAT_OK);
		return rc;
	}
	merge_finish(&m, false);
	return rc == VMAT_ENOMEM ? rc : m.io_failed ? VMAT_EIO : VMAT_EINVAL;
}
