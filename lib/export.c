/* Responses written back out: as response files (JSON) and as bulk CSV.
 * Both go through answer_cell(), so that they say the same thing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void
add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->len + n + 1) {
			cap *= 2;
		}
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
adds(struct buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* An answer in its bulk CSV form (reference §3): choice id, choice ids joined by
 * ";", yes/no, a number that reads back the same, the text, "n/a[:REASON]";
 * empty when unanswered. */
static void
answer_cell(struct buf *b, const struct vmat_question *q, const struct vmat_answer *a)
{
	char num[40];
	b->len = 0;
	adds(b, "");
	if (a->state == VMAT_NOT_APPLICABLE) {
		adds(b, "n/a");
		if (a->text) {
			adds(b, ":");
			adds(b, a->text);
		}
		return;
	}
	if (a->state != VMAT_ANSWERED) {
		return;
	}
	switch (q->type) {
	case VMAT_CHOICE:
		adds(b, q->choices[a->choice].id);
		break;
	case VMAT_MULTI:
		for (size_t i = 0; i < a->nchosen; i++) {
			adds(b, i ? ";" : "");
			adds(b, q->choices[a->chosen[i]].id);
		}
		if (a->nchosen == 0) {
			adds(b, ";");	/* answered, nothing chosen (doc/formats.md) */
		}
		break;
	case VMAT_YESNO:
		adds(b, a->number != 0 ? "yes" : "no");
		break;
	case VMAT_SCALE:
	case VMAT_NUMBER:
	case VMAT_PERCENT:
		adds(b, fmt_exact(num, a->number));
		break;
	case VMAT_TEXT:
		adds(b, a->text);
		break;
	}
}

char *
answer_string(const struct vmat_question *q, const struct vmat_answer *a)
{
	struct buf b = { 0 };
	if (a->state == VMAT_UNANSWERED) {
		return NULL;
	}
	answer_cell(&b, q, a);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

char *
vmat_response_name(char *buf, size_t size, const struct vmat_response *r)
{
	response_name(buf, size, r->fields[3], r->fields[1], r->id);	/* date, customer */
	return buf;
}

struct vmat_export {
	FILE *fp;
	const struct vmat_survey *survey;
	bool guard;
	struct buf cell;
};

static int
export_create(struct vmat_export **out, FILE *fp, const struct vmat_survey *survey,
	      bool csv_guard, bool header)
{
	struct vmat_export *e = calloc(1, sizeof(*e));
	if (!e) {
		return VMAT_ENOMEM;
	}
	e->fp = fp;
	e->survey = survey;
	e->guard = csv_guard;
	size_t nf, nq;
	const struct vmat_field *fields = vmat_survey_fields(survey, &nf);
	const struct vmat_question *qs = vmat_survey_questions(survey, &nq);
	for (size_t i = 0; i < nf && header; i++) {
		fprintf(fp, "%s%s", i ? "," : "", fields[i].id);
	}
	for (size_t i = 0; i < nq && header; i++) {
		fprintf(fp, ",%s", qs[i].id);
	}
	for (size_t i = 0; i < nq && header; i++) {
		fprintf(fp, ",note:%s", qs[i].id);
	}
	if (header) {
		putc('\n', fp);
	}
	*out = e;
	return VMAT_OK;
}

int
vmat_export_create(struct vmat_export **out, FILE *fp, const struct vmat_survey *survey,
		   bool csv_guard)
{
	return export_create(out, fp, survey, csv_guard, true);
}

void
vmat_export_destroy(struct vmat_export *e)
{
	if (e) {
		free(e->cell.s);
		free(e);
	}
}

static void
cell(struct vmat_export *e, const char *s, bool first)
{
	if (!first) {
		putc(',', e->fp);
	}
	if (s) {
		vmat_csv_cell(e->fp, s, strlen(s), e->guard);
	}
}

int
vmat_export_write(struct vmat_export *e, const struct vmat_response *r)
{
	size_t nf, nq;
	vmat_survey_fields(e->survey, &nf);
	const struct vmat_question *qs = vmat_survey_questions(e->survey, &nq);
	for (size_t i = 0; i < nf; i++) {
		cell(e, r->fields[i], i == 0);
	}
	for (size_t i = 0; i < nq; i++) {
		answer_cell(&e->cell, &qs[i], &r->answers[i]);
		cell(e, e->cell.s, false);
	}
	for (size_t i = 0; i < nq; i++) {
		cell(e, r->notes[i], false);
	}
	putc('\n', e->fp);
	if (e->cell.oom) {
		return VMAT_ENOMEM;
	}
	return ferror(e->fp) ? VMAT_EIO : VMAT_OK;
}

static void
json_key(FILE *fp, const char *key, bool *first, int indent)
{
	fprintf(fp, "%s\n%*s", *first ? "" : ",", indent, "");
	json_string(fp, key, strlen(key));
	fputs(": ", fp);
	*first = false;
}

static void
json_answer(FILE *fp, const struct vmat_question *q, const struct vmat_answer *a)
{
	char num[40];
	if (a->state == VMAT_NOT_APPLICABLE) {
		fputs("{\"na\": ", fp);
		if (a->text) {
			json_string(fp, a->text, strlen(a->text));
		} else {
			fputs("null", fp);
		}
		putc('}', fp);
		return;
	}
	switch (q->type) {
	case VMAT_MULTI:
		putc('[', fp);
		for (size_t i = 0; i < a->nchosen; i++) {
			const char *id = q->choices[a->chosen[i]].id;
			fputs(i ? ", " : "", fp);
			json_string(fp, id, strlen(id));
		}
		putc(']', fp);
		break;
	case VMAT_SCALE:
	case VMAT_NUMBER:
	case VMAT_PERCENT:
		fputs(fmt_exact(num, a->number), fp);
		break;
	default: {
		struct buf b = { 0 };
		answer_cell(&b, q, a);
		json_string(fp, b.s ? b.s : "", b.len);
		free(b.s);
		break;
	}
	}
}

int
vmat_response_write_json(FILE *fp, const struct vmat_survey *s, const struct vmat_response *r)
{
	size_t nf, nq;
	const struct vmat_field *fields = vmat_survey_fields(s, &nf);
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	bool first = true;
	putc('{', fp);
	json_key(fp, "format", &first, 2);
	fputs("\"vmat-response/1\"", fp);
	json_key(fp, "survey", &first, 2);
	json_string(fp, vmat_survey_id(s), strlen(vmat_survey_id(s)));
	json_key(fp, "survey_version", &first, 2);
	fprintf(fp, "%ld", vmat_survey_version(s));
	for (size_t i = 0; i < nf; i++) {
		if (r->fields[i]) {
			json_key(fp, fields[i].id, &first, 2);
			json_string(fp, r->fields[i], strlen(r->fields[i]));
		}
	}
	json_key(fp, "answers", &first, 2);
	bool inner = true;
	putc('{', fp);
	for (size_t i = 0; i < nq; i++) {
		if (r->answers[i].state != VMAT_UNANSWERED) {
			json_key(fp, qs[i].id, &inner, 4);
			json_answer(fp, &qs[i], &r->answers[i]);
		}
	}
	fputs(inner ? "}" : "\n  }", fp);
	inner = true;
	for (size_t i = 0; i < nq; i++) {
		if (r->notes[i]) {
			if (inner) {
				json_key(fp, "notes", &first, 2);
				putc('{', fp);
			}
			json_key(fp, qs[i].id, &inner, 4);
			json_string(fp, r->notes[i], strlen(r->notes[i]));
		}
	}
	fputs(inner ? "" : "\n  }", fp);
	fputs("\n}\n", fp);
	return ferror(fp) ? VMAT_EIO : VMAT_OK;
}

/* vmat_export_sink: as vmat_rows_sink, each part writes to memory first. */
struct export_part {
	struct mem_out out;
	struct vmat_export *export;
};

static void
export_part_destroy(void *part)
{
	struct export_part *p = part;
	vmat_export_destroy(p->export);
	mem_out_close(&p->out);
	free(p);
}

static void *
export_part_create(void *ctx)
{
	const struct vmat_export *e = ctx;
	struct export_part *p = calloc(1, sizeof(*p));
	if (!p) {
		return NULL;
	}
	if (mem_out_open(&p->out) != VMAT_OK ||
	    export_create(&p->export, p->out.fp, e->survey, e->guard, false) != VMAT_OK) {
		export_part_destroy(p);
		return NULL;
	}
	return p;
}

static int
export_part_add(void *part, const struct vmat_response *resp, const struct vmat_result *res)
{
	(void)res;
	return vmat_export_write(((struct export_part *)part)->export, resp);
}

static int
export_part_merge(void *ctx, void *part)
{
	return mem_out_move(&((struct export_part *)part)->out, ((struct vmat_export *)ctx)->fp);
}

const struct vmat_sink vmat_export_sink = {
	.part_create = export_part_create,
	.part_add = export_part_add,
	.part_merge = export_part_merge,
	.part_destroy = export_part_destroy,
};
