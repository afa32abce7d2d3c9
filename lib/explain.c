/* One customer's page: what an SE talks through with the customer. */
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
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7F) {
			putc(' ', d->fp);
			continue;
		}
		if (d->md && strchr("\\`*_[]<>|#&", c)) {
			putc('\\', d->fp);
		}
		putc(c, d->fp);
	}
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

int
vmat_explain_write(FILE *fp, const struct vmat_survey *s, const struct vmat_response *r,
		   const struct vmat_result *res, bool md)
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
			fprintf(fp, "  %-34.34s %6s", dims[i].name, num(b1, res->scores[i]));
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
	return ferror(fp) ? VMAT_EIO : VMAT_OK;
}
