/* One customer's page: what an SE talks through with the customer, and
 * what changed since the customer's previous interview (reference §6, §9). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

struct doc {
	FILE *fp;
	bool md;
};

static void
heading(const struct doc *d, const char *title)
{
	if (d->md) {
		fprintf(d->fp, "\n## %s\n\n", title);
	} else {
		fprintf(d->fp, "\n%s\n", title);
		for (size_t i = strlen(title); i > 0; i--) {
			putc('-', d->fp);
		}
		putc('\n', d->fp);
	}
}

/* User text: Markdown needs its specials escaped; a terminal needs control
 * characters kept out. */
static void
text(const struct doc *d, const char *s)
{
	put_text(d->fp, s, d->md ? MARKUP_MD : MARKUP_NONE);
}

/* A name in the text page's first column: escaped as text() does, then
 * padded and cut to 34 bytes as before, but between two characters. */
static void
name_column(const struct doc *d, const char *name)
{
	enum { WIDTH = 34 };
	char shown[4 * WIDTH + 1];
	size_t raw = strnlen(name, WIDTH);
	while (raw > 0 && ((unsigned char)name[raw] & 0xC0) == 0x80) {
		raw--;	/* back to a character's first byte */
	}
	size_t cut = escape_controls(shown, name, raw);
	if (cut > WIDTH) {
		for (cut = WIDTH; ((unsigned char)shown[cut] & 0xC0) == 0x80; cut--) {
		}
	}
	fprintf(d->fp, "  %-*.*s", WIDTH, (int)cut, shown);
}

static const char *
num(char buf[32], double v)
{
	return isnan(v) ? "n/a" : vmat_fmt_number(buf, round(v * 100) / 100);
}

/* An answer as the customer gave it. */
static void
answer(const struct doc *d, const struct vmat_question *q, const struct vmat_answer *a)
{
	char buf[32];
	switch (q->type) {
	case VMAT_CHOICE:
		text(d, q->choices[a->choice].label);
		break;
	case VMAT_MULTI:
		for (size_t i = 0; i < a->nchosen; i++) {
			fputs(i ? "; " : "", d->fp);
			text(d, q->choices[a->chosen[i]].label);
		}
		if (a->nchosen == 0) {
			fputs("none", d->fp);
		}
		break;
	case VMAT_YESNO:
		fputs(a->number != 0 ? "yes" : "no", d->fp);
		break;
	case VMAT_SCALE:
	case VMAT_NUMBER:
	case VMAT_PERCENT:
		fputs(vmat_fmt_number(buf, a->number), d->fp);
		if (q->type == VMAT_PERCENT) {
			putc('%', d->fp);
		} else if (q->unit) {
			putc(' ', d->fp);
			text(d, q->unit);
		}
		break;
	case VMAT_TEXT:
		text(d, a->text);
		break;
	}
}

static const struct vmat_requirement *
requirement(const struct vmat_stage *next, size_t dim)
{
	for (size_t i = 0; next && i < next->nrequires; i++) {
		if (next->requires[i].dimension == dim) {
			return &next->requires[i];
		}
	}
	return NULL;
}

/* The answers that hold a blocking dimension back most: the largest
 * weighted distance of their level below the requirement. */
static void
weakest_answers(const struct doc *d, const struct vmat_survey *s, const struct vmat_response *r,
		const struct vmat_result *res, size_t dim, double required)
{
	size_t nq;
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	size_t prev = nq;
	double prev_w = INFINITY;
	for (int k = 0; k < 3; k++) {
		size_t best = nq;
		double best_w = -INFINITY;
		for (size_t i = 0; i < nq; i++) {
			if (qs[i].dimension != (long)dim || isnan(res->levels[i]) ||
			    res->levels[i] >= required - TOLERANCE) {
				continue;
			}
			double w = qs[i].weight * (required - res->levels[i]);
			bool after_prev = w < prev_w || (w == prev_w && i > prev);
			if (after_prev && w > best_w) {
				best = i;
				best_w = w;
			}
		}
		if (best == nq) {
			break;
		}
		prev = best;
		prev_w = best_w;
		char buf[32];
		fputs(d->md ? "  - " : "      - ", d->fp);
		text(d, qs[best].text);
		fputs(d->md ? " *" : " ", d->fp);
		answer(d, &qs[best], &r->answers[best]);
		fprintf(d->fp, "%s (level %s)\n", d->md ? "*" : "", num(buf, res->levels[best]));
	}
}

/* An answer, or its absence, for a comparison. */
static void
answer_or_state(const struct doc *d, const struct vmat_question *q, const struct vmat_answer *a)
{
	if (a->state == VMAT_ANSWERED) {
		answer(d, q, a);
	} else if (a->state == VMAT_NOT_APPLICABLE) {
		fputs("n/a", d->fp);
		if (a->text) {
			fputs(" (", d->fp);
			text(d, a->text);
			putc(')', d->fp);
		}
	} else {
		fputs("unanswered", d->fp);
	}
}

static bool
same_answer(const struct vmat_question *q, const struct vmat_answer *a,
	    const struct vmat_answer *b)
{
	if (a->state != b->state) {
		return false;
	}
	if (a->state != VMAT_ANSWERED) {
		return a->state == VMAT_UNANSWERED || (!a->text && !b->text) ||
		       (a->text && b->text && strcmp(a->text, b->text) == 0);
	}
	switch (q->type) {
	case VMAT_CHOICE:
		return a->choice == b->choice;
	case VMAT_MULTI:
		if (a->nchosen != b->nchosen) {
			return false;
		}
		for (size_t i = 0; i < a->nchosen; i++) {
			bool there = false;
			for (size_t k = 0; k < b->nchosen; k++) {
				there = there || b->chosen[k] == a->chosen[i];
			}
			if (!there) {
				return false;
			}
		}
		return true;
	case VMAT_TEXT:
		return strcmp(a->text, b->text) == 0;
	default:
		return a->number == b->number;
	}
}

/* One line of the comparison: then, now and the change, rounded as the
 * page rounds. */
static void
compared(const struct doc *d, const char *name, double then, double now)
{
	char b1[32], b2[32], b3[32];
	double change = round(now * 100) / 100 - round(then * 100) / 100;
	const char *sign = change > 0 ? "+" : "";
	const char *c = isnan(change) ? "" : num(b3, change);
	if (d->md) {
		fputs("| ", d->fp);
		text(d, name);
		fprintf(d->fp, " | %s | %s | %s%s |\n", num(b1, then), num(b2, now), sign, c);
	} else {
		/* no line ends in blanks */
		name_column(d, name);
		fprintf(d->fp, " %6s -> %-*s%s%s\n", num(b1, then), c[0] ? 7 : 0, num(b2, now), sign,
			c);
	}
}

/* The dimensions of ids, by name, joined by ", "; "none" when there are none. */
static void
dimension_list(const struct doc *d, const struct vmat_dimension *dims, const size_t *ids,
	       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", d->fp);
		text(d, dims[ids[i]].name);
	}
	fputs(n ? ".\n" : "none.\n", d->fp);
}

/* reference §9: what changed since the customer's previous interview. */
static void
since(const struct doc *d, const struct vmat_survey *s, const struct vmat_response *r,
      const struct vmat_result *res, const struct vmat_response *p, const struct vmat_result *pres)
{
	size_t nd, nq;
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	char b1[32];
	heading(d, "Since the previous interview");
	fputs("Previous interview: ", d->fp);
	text(d, p->fields[3]);
	fprintf(d->fp, ", %s months earlier", num(b1, journey_months(p->fields[3], r->fields[3])));
	if (p->fields[4]) {
		fputs(", interviewed by ", d->fp);
		text(d, p->fields[4]);
	}
	fputs(".\n\n", d->fp);
	if (d->md) {
		fputs("| | Then | Now | Change |\n| --- | ---: | ---: | ---: |\n", d->fp);
	}
	compared(d, "Stage", pres->stage, res->stage);
	compared(d, "Maturity index", pres->index, res->index);
	for (size_t i = 0; i < nd; i++) {
		compared(d, dims[i].name, pres->scores[i], res->scores[i]);
	}
	size_t *before = calloc(2 * (pres->nblockers + res->nblockers) + 2, sizeof(*before));
	if (before) {
		size_t *now = before + pres->nblockers + 1, *resolved = now + res->nblockers + 1;
		size_t *added = resolved + pres->nblockers, nr, na;
		for (size_t i = 0; i < pres->nblockers; i++) {
			before[i] = pres->blockers[i].dimension;
		}
		for (size_t i = 0; i < res->nblockers; i++) {
			now[i] = res->blockers[i].dimension;
		}
		journey_blockers_diff(before, pres->nblockers, now, res->nblockers, resolved, &nr,
				      added, &na);
		fputs(d->md ? "\nBlockers resolved: " : "\n  Blockers resolved: ", d->fp);
		dimension_list(d, dims, resolved, nr);
		fputs(d->md ? "\nNew blockers: " : "  New blockers: ", d->fp);
		dimension_list(d, dims, added, na);
		free(before);
	}
	bool any = false;
	for (size_t i = 0; i < nq; i++) {
		if (same_answer(&qs[i], &p->answers[i], &r->answers[i])) {
			continue;
		}
		if (!any) {
			fputs(d->md ? "\nAnswers that changed:\n\n" : "\n  Answers that changed:\n",
			      d->fp);
			any = true;
		}
		fputs(d->md ? "- " : "    - ", d->fp);
		text(d, qs[i].text);
		putc(' ', d->fp);
		answer_or_state(d, &qs[i], &p->answers[i]);
		fputs(" -> ", d->fp);
		answer_or_state(d, &qs[i], &r->answers[i]);
		putc('\n', d->fp);
	}
	if (!any) {
		fputs(d->md ? "\nNo answer changed.\n" : "\n  No answer changed.\n", d->fp);
	}
}

static int
page(FILE *fp, const struct vmat_survey *s, const struct vmat_response *r,
     const struct vmat_result *res, const struct vmat_response *prev,
     const struct vmat_result *prev_res, bool md)
{
	const struct doc doc = { fp, md }, *d = &doc;
	size_t S, nd, nq;
	const struct vmat_stage *stages = vmat_survey_stages(s, &S);
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	const struct vmat_stage *next = (size_t)res->stage < S ? &stages[res->stage] : NULL;
	char b1[32], b2[32];

	fputs(md ? "# " : "", fp);
	text(d, r->fields[1] ? r->fields[1] : "");
	fputs(" (", fp);
	text(d, r->fields[2] ? r->fields[2] : "");
	fputs(", ", fp);
	text(d, r->fields[3] ? r->fields[3] : "");
	if (r->fields[4]) {
		fputs(", interviewed by ", fp);
		text(d, r->fields[4]);
	}
	fputs(")\n", fp);

	heading(d, "Stage reached");
	if (res->stage == 0) {
		fprintf(fp, "Not started: the requirements of stage 1 (");
		text(d, stages[0].name);
		fputs(") are not met yet.\n", fp);
	} else {
		fprintf(fp, "Stage %d of %zu: ", res->stage, S);
		text(d, stages[res->stage - 1].name);
		fputs(".", fp);
		if (stages[res->stage - 1].description) {
			putc(' ', fp);
			text(d, stages[res->stage - 1].description);
		}
		putc('\n', fp);
	}
	fprintf(fp, "%sMaturity index %s of 100; %s%% of the questions asked were answered.\n",
		md ? "\n" : "", num(b1, res->index), num(b2, 100 * res->completeness));

	heading(d, "Mindset");
	if (isnan(res->aspiration)) {
		fputs("No aspiration recorded.\n", fp);
	} else {
		fprintf(fp, "Aspiration: stage %s (", num(b1, res->aspiration));
		text(d, res->aspiration >= 1 ? stages[(size_t)res->aspiration - 1].name
					     : "not started");
		fprintf(fp, "); gap %s%s: %s\n", res->gap > 0 ? "+" : "", num(b2, res->gap),
			res->gap >= 1	? "the mindset is ahead of skills and platform."
			: res->gap == 0 ? "ambition and practice are level."
					: "practice is ahead of the stated ambition.");
	}

	heading(d, next ? "Dimensions against the next stage" : "Dimensions");
	if (next) {
		fputs("Next stage: ", fp);
		text(d, next->name);
		fputs(".\n\n", fp);
	}
	if (md) {
		fputs("| Dimension | Score | Required | Shortfall |\n| --- | ---: | ---: | ---: |\n", fp);
	}
	for (size_t i = 0; i < nd; i++) {
		const struct vmat_requirement *req = requirement(next, i);
		double shortfall = NAN;
		if (req) {
			shortfall = isnan(res->scores[i]) ? req->min
							  : fmax(0, req->min - res->scores[i]);
		}
		char b3[32];
		if (md) {
			fputs("| ", fp);
			text(d, dims[i].name);
			fprintf(fp, "%s | %s | %s | %s |\n", dims[i].intent ? " (intent)" : "",
				num(b1, res->scores[i]), req ? num(b2, req->min) : "",
				req ? num(b3, shortfall) : "");
		} else {
			name_column(d, dims[i].name);
			fprintf(fp, " %6s", num(b1, res->scores[i]));
			if (req) {
				fprintf(fp, "   needs %s", num(b2, req->min));
				if (shortfall > TOLERANCE) {
					fprintf(fp, ", short by %s", num(b3, shortfall));
				}
			}
			fputs(dims[i].intent ? "   (intent)\n" : "\n", fp);
		}
	}

	if (res->nblockers) {
		heading(d, "What blocks the next stage");
		for (size_t i = 0; i < res->nblockers; i++) {
			size_t dim = res->blockers[i].dimension;
			fputs(md ? "- **" : "  * ", fp);
			text(d, dims[dim].name);
			fprintf(fp, "%s: short by %s\n", md ? "**" : "",
				num(b1, res->blockers[i].shortfall));
			weakest_answers(d, s, r, res, dim, requirement(next, dim)->min);
		}
	}

	bool any = false;
	for (size_t i = 0; i < nq; i++) {
		if (!r->notes[i]) {
			continue;
		}
		if (!any) {
			heading(d, "Notes");
			any = true;
		}
		fputs(md ? "- " : "  * ", fp);
		text(d, qs[i].text);
		putc(' ', fp);
		answer_or_state(d, &qs[i], &r->answers[i]);
		fputs(md ? ": *" : ": ", fp);
		text(d, r->notes[i]);
		fputs(md ? "*\n" : "\n", fp);
	}

	any = false;
	for (size_t i = 0; i < nq; i++) {
		if (r->answers[i].state != VMAT_NOT_APPLICABLE) {
			continue;
		}
		if (!any) {
			heading(d, "Not applicable");
			any = true;
		}
		fputs(md ? "- " : "  * ", fp);
		text(d, qs[i].text);
		fputs(": ", fp);
		text(d, r->answers[i].text ? r->answers[i].text : "no reason given");
		putc('\n', fp);
	}

	any = false;
	for (size_t i = 0; i < nd; i++) {
		for (size_t k = 0; k < dims[i].nadvice; k++) {
			const struct vmat_advice *a = &dims[i].advice[k];
			/* A dimension without a score (not applicable, not asked)
			 * gets advice only when it blocks the next stage. */
			bool blocks = false;
			for (size_t b = 0; b < res->nblockers; b++) {
				blocks |= res->blockers[b].dimension == i;
			}
			if (isnan(res->scores[i]) ? !blocks : res->scores[i] >= a->below - TOLERANCE) {
				continue;
			}
			if (!any) {
				heading(d, "Advice");
				any = true;
			}
			fputs(md ? "- **" : "  * ", fp);
			text(d, dims[i].name);
			fputs(md ? "**: " : ": ", fp);
			text(d, a->text);
			putc('\n', fp);
		}
	}
	if (prev) {
		since(d, s, r, res, prev, prev_res);
	}
	return ferror(fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_explain_write(FILE *fp, const struct vmat_survey *s, const struct vmat_response *r,
		   const struct vmat_result *res, bool md)
{
	return page(fp, s, r, res, NULL, NULL, md);
}

/* vmat explain: every page, each with the customer's previous interview
 * when the inputs hold it. The responses are kept (copied, in input order)
 * until the end, when the history knows which interview comes before which. */
struct kept {
	const struct vmat_response *r;
	const struct vmat_result *res;
};

struct kept_list {
	struct arena arena;
	struct kept *items;
	size_t n, cap;
};

struct vmat_explain {
	const struct vmat_survey *survey;
	struct kept_list kept;
	struct vmat_history *history;
	void *history_part;
	struct strmap by_id;	/* id -> place in kept */
};

int
vmat_explain_create(struct vmat_explain **out, const struct vmat_survey *survey)
{
	struct vmat_explain *e = calloc(1, sizeof(*e));
	if (!e || vmat_history_create(&e->history, survey) != VMAT_OK ||
	    !(e->history_part = vmat_history_sink.part_create(e->history))) {
		vmat_explain_destroy(e);
		return VMAT_ENOMEM;
	}
	e->survey = survey;
	*out = e;
	return VMAT_OK;
}

static void
kept_free(struct kept_list *l)
{
	arena_free(&l->arena);
	free(l->items);
}

void
vmat_explain_destroy(struct vmat_explain *e)
{
	if (!e) {
		return;
	}
	if (e->history_part) {
		vmat_history_sink.part_destroy(e->history_part);
	}
	vmat_history_destroy(e->history);
	kept_free(&e->kept);
	strmap_free(&e->by_id);
	free(e);
}

struct explain_part {
	const struct vmat_survey *survey;
	struct kept_list kept;
};

static void *
explain_part_create(void *ctx)
{
	struct explain_part *p = calloc(1, sizeof(*p));
	if (p) {
		p->survey = ((struct vmat_explain *)ctx)->survey;
	}
	return p;
}

static void
explain_part_destroy(void *part)
{
	struct explain_part *p = part;
	if (p) {
		kept_free(&p->kept);
		free(p);
	}
}

static int
explain_part_add(void *part, const struct vmat_response *r, const struct vmat_result *res)
{
	struct explain_part *p = part;
	struct kept_list *l = &p->kept;
	struct kept k = { response_copy(&l->arena, p->survey, r),
			  result_copy(&l->arena, p->survey, res) };
	if (!k.r || !k.res || !array_reserve((void **)&l->items, &l->cap, l->n, sizeof(*l->items))) {
		return VMAT_ENOMEM;
	}
	l->items[l->n++] = k;
	return VMAT_OK;
}

/* In input order: the pages come in the order of their responses. */
static int
explain_part_merge(void *ctx, void *part)
{
	struct vmat_explain *e = ctx;
	struct kept_list *from = &((struct explain_part *)part)->kept, *to = &e->kept;
	for (size_t i = 0; i < from->n; i++) {
		int rc = vmat_history_sink.part_add(e->history_part, from->items[i].r,
						    from->items[i].res);
		if (rc != VMAT_OK ||
		    !array_reserve((void **)&to->items, &to->cap, to->n, sizeof(*to->items))) {
			return VMAT_ENOMEM;
		}
		to->items[to->n++] = from->items[i];
	}
	from->n = 0;
	arena_take(&to->arena, &from->arena);
	return VMAT_OK;
}

const struct vmat_sink vmat_explain_sink = {
	.part_create = explain_part_create,
	.part_add = explain_part_add,
	.part_merge = explain_part_merge,
	.part_destroy = explain_part_destroy,
};

int
vmat_explain_finish(struct vmat_explain *e, FILE *fp, bool md, struct vmat_diags *diags)
{
	int rc = vmat_history_sink.part_merge(e->history, e->history_part);
	rc = rc != VMAT_OK ? rc : vmat_history_finish(e->history);
	rc = rc != VMAT_OK ? rc : history_doubts(e->history, diags);
	for (size_t i = 0; i < e->kept.n && rc == VMAT_OK; i++) {
		bool added;
		const char *id = e->kept.items[i].r->id;
		rc = strmap_put(&e->by_id, id, strlen(id), i, &added) ? VMAT_OK : VMAT_ENOMEM;
	}
	for (size_t i = 0; i < e->kept.n && rc == VMAT_OK; i++) {
		const struct kept *k = &e->kept.items[i];
		const char *prev = history_previous(e->history, k->r->id);
		const size_t *at = prev ? strmap_get(&e->by_id, prev, strlen(prev)) : NULL;
		if (i) {
			fputs(md ? "\n---\n\n" : "\n\n", fp);
		}
		rc = page(fp, e->survey, k->r, k->res, at ? e->kept.items[*at].r : NULL,
			  at ? e->kept.items[*at].res : NULL, md);
	}
	return rc != VMAT_OK ? rc : fflush(fp) != 0 || ferror(fp) ? VMAT_EIO : VMAT_OK;
}
