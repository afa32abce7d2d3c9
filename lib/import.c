/* Web form exports (Google Forms, Microsoft Forms, LimeSurvey) to response
 * files, through a map the user keeps (doc/formats.md). Each row becomes a
 * draft: the same checks as every other way in. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "private.h"

enum target { T_IGNORE, T_FIELD, T_QUESTION };

struct mapping {
	enum target target;
	size_t index;			/* field or question */
	const struct jv *labels;	/* object: label -> choice id (or field value) */
	const char *separator;		/* multi */
	const char *date;		/* date field: "M/D/YYYY" and the like */
};

struct import {
	const struct vmat_survey *s;
	const char *csv_path, *map_path;
	struct arena arena;
	struct vmat_diags *diags;
	const struct jv *columns;	/* the map's "columns" object */
	const char *separator;
	struct mapping *map;		/* per CSV column */
	size_t ncols;
};

static void
row_error(struct import *im, long line, const char *column, const char *msg)
{
	char where[100], q[80];
	snprintf(where, sizeof(where), "column %s", quote_value(q, sizeof(q), column, strlen(column)));
	diag_add(im->diags, VMAT_ERROR, im->csv_path, line, 0, where, "%s", msg);
}

static const char *
jstr(const struct jv *obj, const char *key)
{
	const struct jv *v = jv_get(obj, key);
	return v && v->type == J_STRING ? v->str : NULL;
}

/* A column's "labels", when it has some: an object whose values are
 * strings. label_to_id() walks it as one (a string or an array there
 * crashed it: fuzz_import_map, issue 18). */
static int
check_labels(struct import *im, const struct jv *labels, const char *column)
{
	char where[320], got[96];
	if (!labels) {
		return VMAT_OK;
	}
	if (labels->type != J_OBJECT) {
		snprintf(where, sizeof(where), "%s.labels", column);
		diag_add(im->diags, VMAT_ERROR, im->map_path, labels->line, labels->col, where,
			 "expected an object {\"LABEL\": ID, ...}, got %s",
			 jv_describe(got, sizeof(got), labels));
		return VMAT_EINVAL;
	}
	int rc = VMAT_OK;
	for (size_t i = 0; i < labels->len; i++) {
		const struct jv *l = &labels->kids[i];
		if (l->type != J_STRING) {
			snprintf(where, sizeof(where), "%s.labels.%s", column, l->key);
			diag_add(im->diags, VMAT_ERROR, im->map_path, l->line, l->col, where,
				 "expected a string, got %s", jv_describe(got, sizeof(got), l));
			rc = VMAT_EINVAL;
		}
	}
	return rc;
}

/* The map file: {"format": "vmat-import-map/1", "separator": ";",
 * "columns": {HEADER: {"field"|"question": ID, "labels": {...},
 * "separator": ..., "date": ...} | {"ignore": true}}}. */
static int
load_map(struct import *im)
{
	struct file_text ft;
	int rc = file_read(&ft, im->map_path, MAX_JSON_FILE, im->diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	struct jv *root;
	rc = json_parse(&root, &im->arena, ft.data, ft.len, im->map_path, im->diags);
	free(ft.data);
	if (rc != VMAT_OK) {
		return rc;
	}
	const char *format = root->type == J_OBJECT ? jstr(root, "format") : NULL;
	const struct jv *columns = jv_get(root, "columns");
	if (!format || strcmp(format, "vmat-import-map/1") != 0 || !columns ||
	    columns->type != J_OBJECT) {
		diag_add(im->diags, VMAT_ERROR, im->map_path, root->line, root->col, NULL,
			 "not an import map: expected {\"format\": \"vmat-import-map/1\", "
			 "\"columns\": {...}}");
		return VMAT_EINVAL;
	}
	im->columns = columns;
	im->separator = jstr(root, "separator") ? jstr(root, "separator") : ";";
	for (size_t i = 0; i < columns->len; i++) {
		const struct jv *c = &columns->kids[i];
		char where[300];
		snprintf(where, sizeof(where), "columns.%s", c->key);
		const char *field = c->type == J_OBJECT ? jstr(c, "field") : NULL;
		const char *question = c->type == J_OBJECT ? jstr(c, "question") : NULL;
		const struct jv *ignore = c->type == J_OBJECT ? jv_get(c, "ignore") : NULL;
		if (!!field + !!question + (ignore && ignore->type == J_TRUE) != 1) {
			diag_add(im->diags, VMAT_ERROR, im->map_path, c->line, c->col, where,
				 "expected {\"field\": ID}, {\"question\": ID} or {\"ignore\": true}");
			rc = VMAT_EINVAL;
		} else if (field && vmat_survey_field_index(im->s, field) < 0) {
			diag_add(im->diags, VMAT_ERROR, im->map_path, c->line, c->col, where,
				 "survey \"%s\" has no field \"%s\"", vmat_survey_id(im->s), field);
			rc = VMAT_EINVAL;
		} else if (question && vmat_survey_question_index(im->s, question) < 0) {
			diag_add(im->diags, VMAT_ERROR, im->map_path, c->line, c->col, where,
				 "survey \"%s\" has no question \"%s\"", vmat_survey_id(im->s),
				 question);
			rc = VMAT_EINVAL;
		}
		if (c->type == J_OBJECT &&
		    check_labels(im, jv_get(c, "labels"), where) != VMAT_OK) {
			rc = VMAT_EINVAL;
		}
	}
	return rc;
}

/* Maps the header's columns through the map; a column the map does not
 * name is an error (the user decides: map it or ignore it). */
static int
map_header(struct import *im, const struct csv_record *h)
{
	im->ncols = h->n;
	im->map = arena_calloc(&im->arena, h->n + 1, sizeof(*im->map));
	if (!im->map) {
		return VMAT_ENOMEM;
	}
	int rc = VMAT_OK;
	for (size_t i = 0; i < h->n; i++) {
		const char *name = h->cells[i] ? h->cells[i] : "";
		const struct jv *c = jv_get(im->columns, name);
		struct mapping *m = &im->map[i];
		if (!c) {
			char where[100], q[80];
			snprintf(where, sizeof(where), "column %s",
				 quote_value(q, sizeof(q), name, strlen(name)));
			diag_add(im->diags, VMAT_ERROR, im->csv_path, h->line, 0, where,
				 "not in the map %s (map it to a field or question, or "
				 "{\"ignore\": true})",
				 im->map_path);
			rc = VMAT_EINVAL;
			continue;
		}
		const char *field = jstr(c, "field"), *question = jstr(c, "question");
		m->labels = jv_get(c, "labels");
		m->separator = jstr(c, "separator") ? jstr(c, "separator") : im->separator;
		m->date = jstr(c, "date");
		if (field) {
			m->target = T_FIELD;
			m->index = (size_t)vmat_survey_field_index(im->s, field);
		} else if (question) {
			m->target = T_QUESTION;
			m->index = (size_t)vmat_survey_question_index(im->s, question);
		}
	}
	return rc;
}

/* A date as the form tool wrote it ("5/12/2010 14:03:22" with "M/D/YYYY"),
 * as YYYY-MM-DD; NULL when it does not fit. Anything after the pattern (the
 * time) is dropped. */
static const char *
convert_date(const char *in, const char *pattern, char out[16])
{
	int y = -1, m = -1, d = -1;
	const char *p = in;
	for (const char *f = pattern; *f; f++) {
		char c = *f;
		int *slot = c == 'Y' ? &y : c == 'M' ? &m : c == 'D' ? &d : NULL;
		if (!slot) {
			if (*p++ != c) {
				return NULL;
			}
			continue;
		}
		size_t width = strspn(f, (char[]){ c, 0 });
		f += width - 1;
		size_t digits = strspn(p, "0123456789");
		if (digits == 0 || digits > 4 || (width > 2 && digits != width)) {
			return NULL;
		}
		*slot = atoi(p);
		p += digits;
	}
	if (y >= 0 && y < 100) {
		y += 2000;	/* "YY": form exports are of this century */
	}
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	return is_date(out) ? out : NULL;
}

/* The label as the map or the survey names it; the cell itself otherwise. */
static const char *
label_to_id(const struct mapping *m, const struct vmat_question *q, const char *label, size_t len,
	    char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", (int)len, label);
	for (size_t i = 0; m->labels && i < m->labels->len; i++) {
		const struct jv *l = &m->labels->kids[i];
		if (l->type == J_STRING && strlen(l->key) == len &&
		    strncasecmp(l->key, label, len) == 0) {
			return l->str;
		}
	}
	const char *id = q ? typed_value(q, label, len) : NULL;
	return id ? id : buf;
}

/* One cell into the draft; problems reported against its line and column. */
static void
import_cell(struct import *im, struct vmat_draft *d, const struct mapping *m, const char *value,
	    long line, const char *column, bool *bad, bool *field_bad)
{
	size_t nq;
	const struct vmat_question *qs = vmat_survey_questions(im->s, &nq);
	char text[4096], one[1024], date[16];
	const char *v = value;
	struct vmat_diags *why;
	if (vmat_diags_create(&why) != VMAT_OK) {
		*bad = true;
		return;
	}
	int rc;
	if (m->target == T_FIELD) {
		if (m->date) {
			v = convert_date(value, m->date, date);
			if (!v) {
				char q[80];
				snprintf(text, sizeof(text), "%s is not a date written %s",
					 quote_value(q, sizeof(q), value, strlen(value)), m->date);
				row_error(im, line, column, text);
				*bad = true;
				field_bad[m->index] = true;
				vmat_diags_destroy(why);
				return;
			}
		} else if (m->labels) {
			v = label_to_id(m, NULL, value, strlen(value), one, sizeof(one));
		}
		rc = vmat_draft_set_field(d, m->index, v, why);
	} else {
		const struct vmat_question *q = &qs[m->index];
		if (q->type == VMAT_MULTI) {
			size_t o = 0, seplen = strlen(m->separator);
			text[0] = '\0';
			for (const char *p = value; *p && o < sizeof(text);) {
				const char *end = seplen ? strstr(p, m->separator) : NULL;
				size_t len = end ? (size_t)(end - p) : strlen(p);
				const char *item = trim(p, &len);
				if (len) {	/* Microsoft Forms ends the list with a separator */
					o += (size_t)snprintf(text + o, sizeof(text) - o, "%s%s",
							      o ? ";" : "",
							      label_to_id(m, q, item, len, one,
									  sizeof(one)));
				}
				p = end ? end + seplen : p + strlen(p);
			}
			v = text;
		} else if (q->type == VMAT_CHOICE || q->type == VMAT_YESNO || m->labels) {
			v = label_to_id(m, q, value, strlen(value), one, sizeof(one));
		} else if (q->type == VMAT_PERCENT) {
			/* "45%" and "45 %" as forms write them */
			snprintf(text, sizeof(text), "%.*s", (int)percent_len(value, strlen(value)),
				 value);
			v = text;
		}
		rc = vmat_draft_set_answer(d, m->index, v, why);
	}
	if (rc != VMAT_OK) {
		row_error(im, line, column,
			  vmat_diags_count(why) ? vmat_diags_get(why, 0)->msg : "not valid");
		*bad = true;
		if (m->target == T_FIELD) {
			field_bad[m->index] = true;
		}
	}
	vmat_diags_destroy(why);
}

struct pending {
	char *name;
	char *json;
	size_t len;
};

/* Reads the whole export; collects the response files to write. */
static int
read_rows(struct import *im, FILE *fp, struct pending **out, size_t *nout,
	  struct vmat_import_counts *counts, bool skip_invalid)
{
	struct csv_reader *r;
	if (csv_reader_create(&r, fp, im->csv_path) != VMAT_OK) {
		return VMAT_ENOMEM;
	}
	struct csv_record rec;
	bool header = false, any_bad = false;
	int rc;
	size_t cap = 0;
	char **names = NULL;
	while ((rc = csv_reader_next(r, &rec, im->diags)) != 0) {
		if (rc == VMAT_ENOMEM || rc == VMAT_EIO) {
			break;
		}
		if (rc == VMAT_EINVAL) {
			any_bad = true;
			counts->rows += header;
			counts->invalid += header;
			if (!header) {
				break;
			}
			continue;
		}
		if (!header) {
			header = true;
			int hrc = map_header(im, &rec);	/* unmapped columns: reported, rows read on */
			if (hrc == VMAT_ENOMEM) {
				rc = hrc;
				break;
			}
			any_bad |= hrc != VMAT_OK;
			names = calloc(rec.n + 1, sizeof(*names));
			for (size_t i = 0; names && i < rec.n; i++) {
				names[i] = strdup(rec.cells[i] ? rec.cells[i] : "");
			}
			continue;
		}
		counts->rows++;
		struct vmat_draft *d;
		if (vmat_draft_create(&d, im->s) != VMAT_OK) {
			rc = VMAT_ENOMEM;
			break;
		}
		/* reference §3: the id is derived from the row, so a second import of
		 * the same export finds the same files. */
		size_t total = strlen(vmat_survey_id(im->s)) + 2;
		for (size_t i = 0; i < rec.n; i++) {
			total += rec.lens[i] + 1;
		}
		char *raw = malloc(total), *p = raw, id[37];
		if (!raw) {
			vmat_draft_destroy(d);
			rc = VMAT_ENOMEM;
			break;
		}
		p += sprintf(p, "%s", vmat_survey_id(im->s)) + 1;
		for (size_t i = 0; i < rec.n; i++) {
			memcpy(p, rec.cells[i] ? rec.cells[i] : "", rec.lens[i]);
			p += rec.lens[i];
			*p++ = '\x1f';
		}
		derive_id(id, raw, (size_t)(p - raw));
		free(raw);
		vmat_draft_set_field(d, 0, id, NULL);
		bool bad = false;
		size_t nf;
		vmat_survey_fields(im->s, &nf);
		bool *field_bad = calloc(nf + 1, sizeof(*field_bad));
		if (!field_bad) {
			vmat_draft_destroy(d);
			rc = VMAT_ENOMEM;
			break;
		}
		for (size_t i = 0; i < rec.n && i < im->ncols; i++) {
			size_t len = rec.lens[i];
			const char *v = rec.cells[i] ? trim(rec.cells[i], &len) : NULL;
			if (im->map[i].target == T_IGNORE || !v || len == 0) {
				continue;
			}
			char cell[4096];
			snprintf(cell, sizeof(cell), "%.*s", (int)len, v);
			import_cell(im, d, &im->map[i], cell, csv_cell_line(&rec, i),
				    names ? names[i] : "", &bad, field_bad);
		}
		const struct vmat_response *resp = NULL;
		struct vmat_diags *why = NULL;
		if (vmat_diags_create(&why) == VMAT_OK &&
		    vmat_draft_response(d, true, &resp, why) != VMAT_OK) {
			/* missing required fields, but for those reported wrong above */
			for (size_t k = 0; k < vmat_diags_count(why); k++) {
				const struct vmat_diag *g = vmat_diags_get(why, k);
				bool reported = false;
				for (size_t f = 0; f < nf && !reported; f++) {
					char msg[300];
					snprintf(msg, sizeof(msg), "missing required field \"%s\"",
						 vmat_survey_fields(im->s, &nf)[f].id);
					reported = field_bad[f] && strcmp(g->msg, msg) == 0;
				}
				if (!reported) {
					diag_add(im->diags, VMAT_ERROR, im->csv_path, rec.line, 0,
						 NULL, "%s", g->msg);
				}
			}
			bad = true;
		}
		vmat_diags_destroy(why);
		free(field_bad);
		if (bad) {
			counts->invalid++;
			any_bad = true;
			if (skip_invalid) {
				diag_add(im->diags, VMAT_WARNING, im->csv_path, rec.line, 0, NULL,
					 "row left out");
			}
			vmat_draft_destroy(d);
			continue;
		}
		if (*nout == cap) {
			cap = cap ? cap * 2 : 64;
			struct pending *more = realloc(*out, cap * sizeof(*more));
			if (!more) {
				vmat_draft_destroy(d);
				rc = VMAT_ENOMEM;
				break;
			}
			*out = more;
		}
		struct pending *pd = &(*out)[(*nout)++];
		char base[128];
		vmat_response_name(base, sizeof(base), resp);
		pd->name = arena_printf(&im->arena, "%s.json", base);
		pd->json = NULL;
		FILE *mem = open_memstream(&pd->json, &pd->len);
		if (mem) {
			vmat_response_write_json(mem, im->s, resp);
			fclose(mem);
		}
		vmat_draft_destroy(d);
		if (!pd->name || !pd->json) {
			rc = VMAT_ENOMEM;
			break;
		}
	}
	for (size_t i = 0; names && i < im->ncols; i++) {
		free(names[i]);
	}
	free(names);
	if (rc == 0 && !header) {
		diag_add(im->diags, VMAT_ERROR, im->csv_path, 0, 0, NULL,
			 "empty file: expected a header row");
		rc = VMAT_EINVAL;
	}
	csv_reader_destroy(r);
	if (rc == 0 && any_bad && !skip_invalid) {
		rc = VMAT_EINVAL;
	}
	return rc == 1 ? VMAT_OK : rc;
}

/* Whether dir/name holds exactly json already. */
static int
already_there(const char *dir, const char *name, const char *json, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		return 0;
	}
	char *buf = malloc(len + 1);
	size_t got = buf ? fread(buf, 1, len + 1, fp) : 0;
	fclose(fp);
	int same = buf && got == len && memcmp(buf, json, len) == 0 ? 1 : -1;
	free(buf);
	return same;
}

int
vmat_import(const struct vmat_survey *survey, const char *csv_path, const char *map_path,
	    const char *dir, bool skip_invalid, struct vmat_import_counts *counts,
	    struct vmat_diags *diags)
{
	*counts = (struct vmat_import_counts){ 0 };
	struct import im = { .s = survey, .csv_path = csv_path, .map_path = map_path,
			     .diags = diags };
	struct pending *pending = NULL;
	size_t npending = 0;
	int rc = load_map(&im);
	FILE *fp = NULL;
	if (rc == VMAT_OK) {
		fp = fopen(csv_path, "rb");
		if (!fp) {
			diag_add(diags, VMAT_ERROR, csv_path, 0, 0, NULL, "%s", strerror(errno));
			rc = VMAT_EIO;
		}
	}
	if (rc == VMAT_OK) {
		rc = read_rows(&im, fp, &pending, &npending, counts, skip_invalid);
	}
	if (fp) {
		fclose(fp);
	}
	struct vmat_batch *batch = NULL;
	if (rc == VMAT_OK && mkdir(dir, 0777) != 0 && errno != EEXIST) {
		diag_add(diags, VMAT_ERROR, dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
		rc = VMAT_EIO;
	}
	if (rc == VMAT_OK) {
		out_clean(dir);	/* what a killed run left (issue 18), before ours */
		rc = vmat_batch_create(&batch);
	}
	for (size_t i = 0; rc == VMAT_OK && i < npending; i++) {
		int there = already_there(dir, pending[i].name, pending[i].json, pending[i].len);
		if (there > 0) {
			counts->unchanged++;
			continue;
		}
		/* the same row twice in one export: one file */
		bool twice = false;
		for (size_t k = 0; k < i && !twice; k++) {
			twice = strcmp(pending[k].name, pending[i].name) == 0;
		}
		if (twice) {
			counts->unchanged++;
			continue;
		}
		struct vmat_out *o = vmat_batch_add(batch, dir, pending[i].name, diags);
		if (!o) {
			rc = VMAT_EIO;
			break;
		}
		vmat_out_keep_existing(o);	/* a different file of that name is not replaced */
		fwrite(pending[i].json, 1, pending[i].len, vmat_out_file(o));
		counts->written++;
	}
	if (batch && rc == VMAT_OK) {
		rc = vmat_batch_commit(batch, diags);
	} else {
		vmat_batch_abort(batch);
	}
	if (rc != VMAT_OK) {
		counts->written = 0;
	}
	for (size_t i = 0; i < npending; i++) {
		free(pending[i].json);
	}
	free(pending);
	arena_free(&im.arena);
	return rc;
}

/* Case and runs of spaces aside. */
static bool
same_words(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' && (a[1] == ' ' || a[1] == '\0')) {
			a++;
		}
		while (*b == ' ' && (b[1] == ' ' || b[1] == '\0')) {
			b++;
		}
		if (!*a || !*b) {
			return !*a && !*b;
		}
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
		if (x != y) {
			return false;
		}
		a++;
		b++;
	}
}

int
vmat_import_template(FILE *out, const struct vmat_survey *s, const char *csv_path,
		     struct vmat_diags *diags)
{
	FILE *fp = fopen(csv_path, "rb");
	if (!fp) {
		diag_add(diags, VMAT_ERROR, csv_path, 0, 0, NULL, "%s", strerror(errno));
		return VMAT_EIO;
	}
	struct csv_reader *r;
	struct csv_record h;
	int rc = csv_reader_create(&r, fp, csv_path);
	if (rc == VMAT_OK) {
		rc = csv_reader_next(r, &h, diags);
		if (rc == 0) {
			diag_add(diags, VMAT_ERROR, csv_path, 0, 0, NULL,
				 "empty file: expected a header row");
			rc = VMAT_EINVAL;
		}
	}
	if (rc != 1) {
		csv_reader_destroy(r);
		fclose(fp);
		return rc;
	}
	/* the header's cells stay valid only until the next record: keep them */
	struct csv_record first = { 0 };
	char **names = calloc(h.n + 1, sizeof(*names));
	for (size_t i = 0; names && i < h.n; i++) {
		names[i] = strdup(h.cells[i] ? h.cells[i] : "");
	}
	if (!names || csv_reader_next(r, &first, diags) != 1) {
		first = (struct csv_record){ 0 };
	}
	size_t nf, nq;
	const struct vmat_field *fields = vmat_survey_fields(s, &nf);
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	fputs("{\n  \"format\": \"vmat-import-map/1\",\n  \"separator\": \";\",\n  \"columns\": {",
	      out);
	for (size_t i = 0; names && i < h.n; i++) {
		const char *name = names[i] ? names[i] : "";
		fprintf(out, "%s\n    ", i ? "," : "");
		json_string(out, name, strlen(name));
		fputs(": ", out);
		long q = -1, f = -1;
		for (size_t k = 0; k < nq && q < 0; k++) {
			if (same_words(name, qs[k].text) || same_words(name, qs[k].id)) {
				q = (long)k;
			}
		}
		/* not field 0, id: a form's own row numbers are no response ids (ids
		 * are derived from the rows) */
		for (size_t k = 1; k < nf && q < 0 && f < 0; k++) {
			if (same_words(name, fields[k].id) || same_words(name, fields[k].name)) {
				f = (long)k;
			}
		}
		if (q < 0 && f < 0 && (same_words(name, "timestamp") ||
				       same_words(name, "completion time"))) {
			/* Google Forms and Microsoft Forms: month/day/year, the year
			 * in two digits or four, as the first row shows */
			const char *v = first.n > i && first.cells[i] ? first.cells[i] : "";
			size_t date_len = strcspn(v, " ");
			const char *year = v;
			for (size_t k = 0; k < date_len; k++) {
				year = v[k] == '/' ? v + k + 1 : year;
			}
			bool two = strspn(year, "0123456789") == 2;
			fprintf(out, "{\"field\": \"date\", \"date\": \"M/D/%s\"}", two ? "YY" : "YYYY");
		} else if (f >= 0) {
			fprintf(out, "{\"field\": \"%s\"}", fields[f].id);
		} else if (q < 0) {
			fputs("{\"ignore\": true}", out);
		} else if (qs[q].nchoices) {
			fprintf(out, "{\"question\": \"%s\", \"labels\": {", qs[q].id);
			for (size_t c = 0; c < qs[q].nchoices; c++) {
				fputs(c ? ", " : "", out);
				json_string(out, qs[q].choices[c].label, strlen(qs[q].choices[c].label));
				fputs(": ", out);
				json_string(out, qs[q].choices[c].id, strlen(qs[q].choices[c].id));
			}
			fputs("}}", out);
		} else {
			fprintf(out, "{\"question\": \"%s\"}", qs[q].id);
		}
	}
	fputs("\n  }\n}\n", out);
	for (size_t i = 0; names && i < h.n; i++) {
		free(names[i]);
	}
	free(names);
	csv_reader_destroy(r);
	fclose(fp);
	return ferror(out) ? VMAT_EIO : VMAT_OK;
}
