/* A response being recorded. Its cells are laid out as `vmat export`
 * writes bulk CSV (fields, answers, notes), and every check goes through the
 * bulk CSV reader's own (response.c), so that a draft accepts exactly what
 * a bulk CSV file would. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

struct vmat_draft {
	const struct vmat_survey *survey;
	size_t nfields, nquestions, ncells;
	char **cells;		/* fields, then answers, then notes */
	struct response_builder *builder;
	char **names;		/* the header, as vmat export writes it */
	size_t *lens;
};

/* A random UUID v4 (RFC 9562). */
static void
random_id(char out[37])
{
	unsigned char b[16] = { 0 };
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, b, sizeof(b)) != (ssize_t)sizeof(b)) {
			memset(b, 0, sizeof(b));
		}
		close(fd);
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
		 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
}

/* A text as the cell that reads back as it (reference §3): the bulk CSV
 * reader drops the formula guard's "'", so a text that starts with one
 * before "=", "+", "-", "@", a tab, CR, LF or "'" gets another, or the
 * note "'=SUM(A1)" typed at an interview would be saved as "=SUM(A1)".
 * malloc'd; NULL when out of memory. */
static char *
cell_of(const char *text)
{
	size_t len = strlen(text), guard = vmat_csv_unguard(text, len);
	char *c = malloc(len + guard + 1);
	if (c) {
		c[0] = '\'';
		memcpy(c + guard, text, len + 1);
	}
	return c;
}

/* The text a cell holds (the inverse of cell_of()). */
static const char *
text_of(const char *cell)
{
	return cell ? cell + vmat_csv_unguard(cell, strlen(cell)) : NULL;
}

static struct csv_record
record(const struct vmat_draft *d, char **cells)
{
	for (size_t i = 0; i < d->ncells; i++) {
		d->lens[i] = cells[i] ? strlen(cells[i]) : 0;
	}
	return (struct csv_record){ .n = d->ncells, .cells = (const char *const *)cells,
				    .lens = d->lens };
}

void
vmat_draft_destroy(struct vmat_draft *d)
{
	if (!d) {
		return;
	}
	for (size_t i = 0; i < d->ncells; i++) {
		if (d->cells) {
			free(d->cells[i]);
		}
		if (d->names) {
			free(d->names[i]);
		}
	}
	free(d->cells);
	free(d->names);
	free(d->lens);
	response_builder_destroy(d->builder);
	free(d);
}

static int
draft_new(struct vmat_draft **out, const struct vmat_survey *s)
{
	*out = NULL;
	struct vmat_draft *d = calloc(1, sizeof(*d));
	if (!d) {
		return VMAT_ENOMEM;
	}
	d->survey = s;
	const struct vmat_field *fields = vmat_survey_fields(s, &d->nfields);
	const struct vmat_question *qs = vmat_survey_questions(s, &d->nquestions);
	d->ncells = d->nfields + 2 * d->nquestions;
	d->cells = calloc(d->ncells, sizeof(*d->cells));
	d->names = calloc(d->ncells, sizeof(*d->names));
	d->lens = calloc(d->ncells, sizeof(*d->lens));
	bool ok = d->cells && d->names && d->lens &&
		  response_builder_create(&d->builder, s, false) == VMAT_OK;
	for (size_t i = 0; ok && i < d->ncells; i++) {
		char name[256];
		if (i < d->nfields) {
			snprintf(name, sizeof(name), "%s", fields[i].id);
		} else if (i < d->nfields + d->nquestions) {
			snprintf(name, sizeof(name), "%s", qs[i - d->nfields].id);
		} else {
			snprintf(name, sizeof(name), "note:%s", qs[i - d->nfields - d->nquestions].id);
		}
		d->names[i] = strdup(name);
		ok = d->names[i] != NULL;
	}
	if (ok) {
		struct csv_record header = record(d, d->names);
		ok = response_csv_header(d->builder, &header, "draft", NULL) == VMAT_OK;
		response_builder_partial(d->builder, true);
	}
	if (!ok) {
		vmat_draft_destroy(d);
		return VMAT_ENOMEM;
	}
	*out = d;
	return VMAT_OK;
}

int
vmat_draft_create(struct vmat_draft **out, const struct vmat_survey *s)
{
	int rc = draft_new(out, s);
	if (rc == VMAT_OK) {
		char id[37];
		random_id(id);
		(*out)->cells[0] = strdup(id);	/* built-in field 0 is id */
		if (!(*out)->cells[0]) {
			vmat_draft_destroy(*out);
			*out = NULL;
			return VMAT_ENOMEM;
		}
	}
	return rc;
}

/* Sets cell i to text if the draft is still valid with it. */
static int
set_cell(struct vmat_draft *d, size_t i, const char *text, struct vmat_diags *diags)
{
	char *copy = text && *text ? cell_of(text) : NULL;
	if (text && *text && !copy) {
		return VMAT_ENOMEM;
	}
	char *old = d->cells[i];
	d->cells[i] = copy;
	struct csv_record rec = record(d, d->cells);
	const struct vmat_response *r;
	struct vmat_diags *scratch;
	if (vmat_diags_create(&scratch) != VMAT_OK) {
		d->cells[i] = old;
		free(copy);
		return VMAT_ENOMEM;
	}
	int rc = response_from_csv(d->builder, &r, "", &rec, scratch);
	/* Only the problems of this cell: the others were there before. */
	for (size_t k = 0; k < vmat_diags_count(scratch); k++) {
		const struct vmat_diag *g = vmat_diags_get(scratch, k);
		char where[300];
		snprintf(where, sizeof(where), "column \"%s\"", d->names[i]);
		if (g->severity == VMAT_ERROR && strcmp(g->where, where) == 0) {
			diag_add(diags, VMAT_ERROR, "", 0, 0, "", "%s", g->msg);
		}
	}
	vmat_diags_destroy(scratch);
	if (rc != VMAT_OK) {
		d->cells[i] = old;
		free(copy);
		return rc;
	}
	free(old);
	return VMAT_OK;
}

int
vmat_draft_set_field(struct vmat_draft *d, size_t i, const char *value, struct vmat_diags *diags)
{
	return set_cell(d, i, value, diags);
}

int
vmat_draft_set_answer(struct vmat_draft *d, size_t i, const char *text, struct vmat_diags *diags)
{
	return set_cell(d, d->nfields + i, text, diags);
}

int
vmat_draft_set_note(struct vmat_draft *d, size_t i, const char *text)
{
	return set_cell(d, d->nfields + d->nquestions + i, text, NULL);
}

const char *
vmat_draft_field(const struct vmat_draft *d, size_t i)
{
	return text_of(d->cells[i]);
}

const char *
vmat_draft_answer(const struct vmat_draft *d, size_t i)
{
	return text_of(d->cells[d->nfields + i]);
}

const char *
vmat_draft_note(const struct vmat_draft *d, size_t i)
{
	return text_of(d->cells[d->nfields + d->nquestions + i]);
}

int
vmat_draft_response(struct vmat_draft *d, bool complete, const struct vmat_response **out,
		    struct vmat_diags *diags)
{
	struct csv_record rec = record(d, d->cells);
	response_builder_partial(d->builder, !complete);
	int rc = response_from_csv(d->builder, out, "draft", &rec, diags);
	response_builder_partial(d->builder, true);
	return rc;
}

int
vmat_draft_load(struct vmat_draft **out, const struct vmat_survey *s, const char *path,
		struct vmat_diags *diags)
{
	struct file_text ft;
	int rc = file_read(&ft, path, MAX_JSON_FILE, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	struct response_builder *b = NULL;
	rc = draft_new(out, s);
	if (rc == VMAT_OK) {
		rc = response_builder_create(&b, s, false);
	}
	const struct vmat_response *r = NULL;
	if (rc == VMAT_OK) {
		response_builder_partial(b, true);
		rc = response_from_json(b, &r, path, ft.data, ft.len, diags);
	}
	struct vmat_draft *d = *out;
	for (size_t i = 0; rc == VMAT_OK && i < d->nfields; i++) {
		if (r->fields[i] && !(d->cells[i] = cell_of(r->fields[i]))) {
			rc = VMAT_ENOMEM;
		}
	}
	const struct vmat_question *qs = vmat_survey_questions(s, &d->nquestions);
	for (size_t i = 0; rc == VMAT_OK && i < d->nquestions; i++) {
		char **answer = &d->cells[d->nfields + i], **note = answer + d->nquestions;
		char *text = answer_string(&qs[i], &r->answers[i]);
		*answer = text ? cell_of(text) : NULL;
		free(text);
		*note = r->notes[i] ? cell_of(r->notes[i]) : NULL;
		if ((r->answers[i].state != VMAT_UNANSWERED && !*answer) || (r->notes[i] && !*note)) {
			rc = VMAT_ENOMEM;
		}
	}
	response_builder_destroy(b);
	free(ft.data);
	if (rc != VMAT_OK) {
		vmat_draft_destroy(*out);
		*out = NULL;
	}
	return rc;
}
