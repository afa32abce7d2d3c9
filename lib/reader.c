/* Inputs in SPEC §8's order: arguments, files of a directory in byte order of
 * their paths, rows of a CSV file. One input is open at a time. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

struct vmat_reader {
	const struct vmat_survey *survey;
	struct response_builder *builder;
	const char *const *paths;
	size_t npaths, next_path;
	FILE *stdin_fp;

	struct file_list files;	/* the *.json files of the current directory */
	size_t next_file;

	struct csv_reader *csv;	/* the current bulk CSV input */
	FILE *csv_fp;
	const char *csv_name;
	bool csv_header_done;
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
	r->paths = paths;
	r->npaths = npaths;
	r->stdin_fp = opt && opt->stdin_fp ? opt->stdin_fp : stdin;
	if (response_builder_create(&r->builder, survey, opt && opt->strict) != VMAT_OK) {
		free(r);
		return VMAT_ENOMEM;
	}
	*out = r;
	return VMAT_OK;
}

static void
free_files(struct vmat_reader *r)
{
	file_list_free(&r->files);
	r->next_file = 0;
}

static void
close_csv(struct vmat_reader *r)
{
	csv_reader_destroy(r->csv);
	r->csv = NULL;
	if (r->csv_fp && r->csv_fp != r->stdin_fp) {
		fclose(r->csv_fp);
	}
	r->csv_fp = NULL;
}

void
vmat_reader_destroy(struct vmat_reader *r)
{
	if (!r) {
		return;
	}
	close_csv(r);
	free_files(r);
	response_builder_destroy(r->builder);
	free(r);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
path_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
				char **files = realloc(l->files, cap * sizeof(*files));
				if (!files) {
					free(path);
					rc = VMAT_ENOMEM;
					break;
				}
				l->files = files;
				l->cap = cap;
			}
			l->files[l->n++] = path;
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
	qsort(l->files + first, l->n - first, sizeof(*l->files), path_order);
	return rc;
}

void
file_list_free(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->files[i]);
	}
	free(l->files);
	*l = (struct file_list){ 0 };
}

static int
next_json(struct vmat_reader *r, const char *path, const struct vmat_response **out,
	  struct vmat_diags *diags)
{
	struct file_text ft;
	int rc = file_read(&ft, path, MAX_JSON_FILE, diags);
	if (rc == VMAT_ENOMEM) {
		return rc;
	}
	if (rc != VMAT_OK) {
		return VMAT_EINVAL;
	}
	rc = response_from_json(r->builder, out, path, ft.data, ft.len, diags);
	free(ft.data);
	return rc == VMAT_OK ? 1 : rc;
}

static int
next_csv(struct vmat_reader *r, const struct vmat_response **out, struct vmat_diags *diags)
{
	struct csv_record rec;
	for (;;) {
		int rc = csv_reader_next(r->csv, &rec, diags);
		if (rc == 1 && !r->csv_header_done) {
			r->csv_header_done = true;
			rc = response_csv_header(r->builder, &rec, r->csv_name, diags);
			if (rc == VMAT_OK) {
				continue;
			}
			close_csv(r);	/* rows cannot be read without their header */
			return rc;
		}
		if (rc == 1) {
			rc = response_from_csv(r->builder, out, r->csv_name, &rec, diags);
			return rc == VMAT_OK ? 1 : rc;
		}
		if (rc == 0 && !r->csv_header_done) {
			diag_add(diags, VMAT_ERROR, r->csv_name, 0, 0, NULL,
				 "empty file: expected a header row");
			rc = VMAT_EINVAL;
		}
		if (rc == VMAT_EINVAL && r->csv_header_done) {
			return rc;	/* a broken row: go on with the next one */
		}
		close_csv(r);
		return rc == VMAT_EIO ? VMAT_EINVAL : rc;
	}
}

static int
open_csv(struct vmat_reader *r, const char *path, struct vmat_diags *diags)
{
	r->csv_name = path;
	r->csv_header_done = false;
	r->csv_fp = strcmp(path, "-") == 0 ? r->stdin_fp : fopen(path, "rb");
	if (!r->csv_fp) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "%s", strerror(errno));
		return VMAT_EINVAL;
	}
	if (csv_reader_create(&r->csv, r->csv_fp, path) != VMAT_OK) {
		close_csv(r);
		return VMAT_ENOMEM;
	}
	return VMAT_OK;
}

int
vmat_reader_next(struct vmat_reader *r, const struct vmat_response **out,
		 struct vmat_diags *diags)
{
	*out = NULL;
	for (;;) {
		if (r->csv) {
			int rc = next_csv(r, out, diags);
			if (rc != 0) {
				return rc;
			}
			continue;
		}
		if (r->next_file < r->files.n) {
			return next_json(r, r->files.files[r->next_file++], out, diags);
		}
		free_files(r);
		if (r->next_path == r->npaths) {
			return 0;
		}
		const char *path = r->paths[r->next_path++];
		struct stat st;
		if (strcmp(path, "-") == 0 || (ends_with(path, ".csv") && stat(path, &st) == 0 &&
					       !S_ISDIR(st.st_mode))) {
			int rc = open_csv(r, path, diags);
			if (rc != VMAT_OK) {
				return rc;
			}
		} else if (stat(path, &st) != 0) {
			diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "%s", strerror(errno));
			return VMAT_EINVAL;
		} else if (S_ISDIR(st.st_mode)) {
			int rc = file_list_dir(&r->files, path, diags);
			if (rc == VMAT_ENOMEM) {
				return rc;
			}
			if (rc != VMAT_OK) {
				return VMAT_EINVAL;
			}
		} else if (ends_with(path, ".json")) {
			return next_json(r, path, out, diags);
		} else {
			diag_add(diags, VMAT_ERROR, path, 0, 0, NULL,
				 "not a response file: expected a .json or .csv file, a directory, "
				 "or - for standard input");
			return VMAT_EINVAL;
		}
	}
}
