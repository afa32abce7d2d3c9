/* Gathering several SEs' response files into one directory (reference §8). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

struct entry {
	char *path;
	struct file_text text;
	const struct jv *root;
	const char *id;
	bool existing;		/* already in the directory */
	bool written;		/* to be written */
};

struct merge {
	struct arena arena;
	struct entry *entries;
	size_t n, cap;
	struct strmap ids;
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

/* Reads one response file; returns VMAT_OK, VMAT_EINVAL (reported) or VMAT_ENOMEM. */
static int
add_file(struct merge *m, const char *path, bool existing)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct entry *e = realloc(m->entries, cap * sizeof(*e));
		if (!e) {
			return VMAT_ENOMEM;
		}
		m->entries = e;
		m->cap = cap;
	}
	struct entry *e = &m->entries[m->n];
	*e = (struct entry){ .path = strdup(path), .existing = existing };
	if (!e->path) {
		return VMAT_ENOMEM;
	}
	m->n++;
	int rc = file_read(&e->text, path, MAX_JSON_FILE, m->diags);
	struct jv *root = NULL;
	if (rc == VMAT_OK) {
		rc = json_parse(&root, &m->arena, e->text.data, e->text.len, path, m->diags);
	}
	if (rc == VMAT_ENOMEM) {
		return rc;
	}
	if (rc == VMAT_OK) {
		const char *format = root->type == J_OBJECT ? string_member(root, "format") : NULL;
		if (!format || strcmp(format, "vmat-response/1") != 0) {
			diag_add(m->diags, VMAT_ERROR, path, root->line, root->col, NULL,
				 "not a response file (\"format\": \"vmat-response/1\" is missing)");
			rc = VMAT_EINVAL;
		}
	}
	if (rc != VMAT_OK) {
		m->counts->invalid++;
		return VMAT_EINVAL;
	}
	e->root = root;
	e->id = string_member(root, "id");
	if (!e->id) {
		/* the id every other command derives for this file (reference §3) */
		char id[37];
		derive_id(id, e->text.data, e->text.len);
		e->id = arena_strdup(&m->arena, id);
		if (!e->id) {
			return VMAT_ENOMEM;
		}
	}
	bool added;
	size_t *first = strmap_put(&m->ids, e->id, strlen(e->id), m->n - 1, &added);
	if (!first) {
		return VMAT_ENOMEM;
	}
	if (added) {
		e->written = !existing;
		if (e->written) {
			m->counts->added++;
		}
		return VMAT_OK;
	}
	struct entry *f = &m->entries[*first];
	if (jv_equal(f->root, e->root)) {
		m->counts->duplicates++;
		return VMAT_OK;
	}
	diag_add(m->diags, VMAT_ERROR, path, 0, 0, NULL,
		 "response id \"%s\" is also in %s, with other answers; neither is written", e->id,
		 f->path);
	if (f->written) {
		f->written = false;
		m->counts->added--;
	}
	m->counts->conflicts++;
	return VMAT_EINVAL;
}

/* YYYY-MM-DD-CUSTOMER-ID8.json, made from the response; -2, -3... when the
 * name is taken. */
static void
file_name(char *out, size_t size, const char *dir, const struct entry *e, struct strmap *taken,
	  struct arena *a)
{
	char base[128];
	response_name(base, sizeof(base), string_member(e->root, "date"),
		      string_member(e->root, "customer"), e->id);
	for (int n = 1;; n++) {
		char suffix[16] = "";
		if (n > 1) {
			snprintf(suffix, sizeof(suffix), "-%d", n);
		}
		snprintf(out, size, "%s%s.json", base, suffix);
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, out);
		struct stat st;
		bool added = false;
		char *copy = arena_strdup(a, out);
		if (stat(path, &st) != 0 && copy && strmap_put(taken, copy, strlen(copy), 0, &added) &&
		    added) {
			return;
		}
	}
}

static void
merge_free(struct merge *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->entries[i].path);
		free(m->entries[i].text.data);
	}
	free(m->entries);
	strmap_free(&m->ids);
	arena_free(&m->arena);
}

int
vmat_merge(const char *dir, const char *const *inputs, size_t ninputs,
	   struct vmat_merge_counts *counts, struct vmat_diags *diags)
{
	*counts = (struct vmat_merge_counts){ 0 };
	struct merge m = { .diags = diags, .counts = counts };
	struct file_list files = { 0 };
	int rc = VMAT_OK, bad = VMAT_OK;
	struct stat st;
	if (stat(dir, &st) == 0) {
		rc = file_list_dir(&files, dir, diags);
		/* A file already there that is not a response is left alone,
		 * with a warning: it is not this run's input. */
		struct vmat_diags *quiet = NULL;
		rc = rc == VMAT_OK ? vmat_diags_create(&quiet) : rc;
		m.diags = quiet;
		for (size_t i = 0; i < files.n && rc == VMAT_OK; i++) {
			if (add_file(&m, files.files[i].path, true) == VMAT_EINVAL) {
				diag_add(diags, VMAT_WARNING, files.files[i].path, 0, 0, NULL,
					 "not a response file; left alone");
			}
		}
		vmat_diags_destroy(quiet);
		m.diags = diags;
		counts->invalid = 0;
		file_list_free(&files);
	}
	for (size_t i = 0; i < ninputs && rc != VMAT_ENOMEM; i++) {
		if (stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = file_list_dir(&files, inputs[i], diags);
			for (size_t k = 0; k < files.n && rc != VMAT_ENOMEM; k++) {
				rc = add_file(&m, files.files[k].path, false);
				bad = rc == VMAT_EINVAL ? rc : bad;
			}
			file_list_free(&files);
		} else {
			rc = add_file(&m, inputs[i], false);
			bad = rc == VMAT_EINVAL ? rc : bad;
		}
	}
	if (rc == VMAT_ENOMEM || bad != VMAT_OK) {
		merge_free(&m);
		return rc == VMAT_ENOMEM ? rc : VMAT_EINVAL;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		diag_add(diags, VMAT_ERROR, dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
		merge_free(&m);
		return VMAT_EIO;
	}
	struct vmat_batch *batch;
	struct strmap taken = { 0 };
	rc = vmat_batch_create(&batch);
	for (size_t i = 0; i < m.n && rc == VMAT_OK; i++) {
		const struct entry *e = &m.entries[i];
		if (!e->written) {
			continue;
		}
		char name[256];
		file_name(name, sizeof(name), dir, e, &taken, &m.arena);
		struct vmat_out *o = vmat_batch_add(batch, dir, name, diags);
		if (!o) {
			rc = VMAT_EIO;
			break;
		}
		vmat_out_keep_existing(o);
		fwrite(e->text.data, 1, e->text.len, vmat_out_file(o));
	}
	if (rc == VMAT_OK) {
		rc = vmat_batch_commit(batch, diags);
	} else {
		vmat_batch_abort(batch);
	}
	strmap_free(&taken);
	merge_free(&m);
	return rc;
}
