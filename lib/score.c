/* Scoring one response: reference §4, step by step. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

/* What the loop of vmat_score() reads of a question, packed. */
struct step {
	double weight, min;
	double times;		/* S / (max - min), which a run's levels are scaled by */
	long dimension;
	size_t run;		/* 0, or the questions of a run from here on: scored
				 * scales without `when` in one dimension, whose
				 * max - min is a power of two. Most questions are. */
	bool required;
};

struct vmat_score_plan {
	double *weights;	/* per dimension */
	struct step steps[];
};

static struct vmat_score_plan *
plan_create(const struct vmat_survey *s)
{
	size_t nd, nq, S;
	vmat_survey_dimensions(s, &nd);
	vmat_survey_stages(s, &S);
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	struct vmat_score_plan *p = calloc(1, sizeof(*p) + nq * sizeof(p->steps[0]));
	if (!p || !(p->weights = calloc(nd + 1, sizeof(*p->weights)))) {
		free(p);
		return NULL;
	}
	for (size_t i = nq; i-- > 0;) {
		const struct vmat_question *q = &qs[i];
		/* With a power of two, x / span is exact and so is S / span:
		 * x / span * S, as level() has it, is exactly x * (S / span). */
		double span = q->max - q->min;
		int e;
		bool run = q->type == VMAT_SCALE && !q->has_when && q->dimension >= 0 &&
			   frexp(span, &e) == 0.5;
		bool next = i + 1 < nq && p->steps[i + 1].run &&
			    q->dimension == qs[i + 1].dimension;
		p->steps[i] = (struct step){
			.weight = q->weight,
			.min = q->min,
			.times = (double)S / span,
			.dimension = q->dimension,
			.run = run ? (next ? p->steps[i + 1].run : 0) + 1 : 0,
			.required = q->required,
		};
	}
	return p;
}

int
vmat_result_init(struct vmat_result *r, const struct vmat_survey *s)
{
	size_t nd, nq;
	vmat_survey_dimensions(s, &nd);
	vmat_survey_questions(s, &nq);
	*r = (struct vmat_result){ 0 };
	r->scores = calloc(nd + 1, sizeof(*r->scores));
	r->blockers = calloc(nd + 1, sizeof(*r->blockers));
	r->visible = calloc(nq + 1, sizeof(*r->visible));
	r->levels = calloc(nq + 1, sizeof(*r->levels));
	r->plan = plan_create(s);
	if (!r->scores || !r->blockers || !r->visible || !r->levels || !r->plan) {
		vmat_result_finish(r);
		return VMAT_ENOMEM;
	}
	return VMAT_OK;
}

void
vmat_result_finish(struct vmat_result *r)
{
	free(r->scores);
	free(r->blockers);
	free(r->visible);
	free(r->levels);
	if (r->plan) {
		free(r->plan->weights);
		free(r->plan);
	}
	*r = (struct vmat_result){ 0 };
}

static bool
listed(const struct vmat_question *q, const char *id)
{
	for (size_t i = 0; i < q->nwhen_in; i++) {
		if (strcmp(q->when_in[i], id) == 0) {
			return true;
		}
	}
	return false;
}

/* reference §1 `when`: visible[] holds the earlier questions' visibility already
 * (a `when` refers only to an earlier question), with N/A ones hidden. */
static bool
shown(const struct vmat_question *qs, const struct vmat_answer *as, const bool *visible,
      const struct vmat_question *q)
{
	if (!q->has_when) {
		return true;
	}
	size_t t = q->when_question;
	const struct vmat_question *tq = &qs[t];
	const struct vmat_answer *a = &as[t];
	if (!visible[t] || a->state != VMAT_ANSWERED) {
		return false;
	}
	switch (tq->type) {
	case VMAT_CHOICE:
		return listed(q, tq->choices[a->choice].id);
	case VMAT_MULTI:
		for (size_t i = 0; i < a->nchosen; i++) {
			if (listed(q, tq->choices[a->chosen[i]].id)) {
				return true;
			}
		}
		return false;
	case VMAT_YESNO:
		return listed(q, a->number != 0 ? "yes" : "no");
	case VMAT_SCALE:
	case VMAT_NUMBER:
	case VMAT_PERCENT:
		return a->number >= q->when_min && a->number <= q->when_max;
	case VMAT_TEXT:
		return false;
	}
	return false;
}

bool
question_shown(const struct vmat_survey *s, const struct vmat_answer *answers,
	       const bool *visible, size_t i)
{
	size_t nq;
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	return shown(qs, answers, visible, &qs[i]);
}

/* The level of an answered question (reference §1 table); NAN: none. */
static double
level(const struct vmat_question *q, const struct vmat_answer *a, double S)
{
	switch (q->type) {
	case VMAT_CHOICE:
		return q->choices[a->choice].level;
	case VMAT_MULTI: {
		if (a->nchosen == 0) {
			return 0;
		}
		double acc = q->combine == VMAT_COMBINE_MAX ? -INFINITY : 0;
		size_t n = 0;
		for (size_t i = 0; i < a->nchosen; i++) {
			double l = q->choices[a->chosen[i]].level;
			if (isnan(l)) {
				continue;
			}
			acc = q->combine == VMAT_COMBINE_MAX ? fmax(acc, l) : acc + l;
			n++;
		}
		if (n == 0) {
			return NAN;
		}
		if (q->combine == VMAT_COMBINE_MEAN) {
			return acc / (double)n;
		}
		return fmin(acc, S);
	}
	case VMAT_YESNO:
		return a->number != 0 ? q->yes_level : q->no_level;
	case VMAT_SCALE:
		return (a->number - q->min) / (q->max - q->min) * S;
	case VMAT_NUMBER:
	case VMAT_PERCENT: {
		if (q->nthresholds == 0) {
			return NAN;
		}
		double l = 0;
		if (q->lower_is_better) {
			for (size_t i = q->nthresholds; i-- > 0;) {
				if (q->thresholds[i].value >= a->number) {
					l = q->thresholds[i].level;
				}
			}
		} else {
			for (size_t i = 0; i < q->nthresholds; i++) {
				if (q->thresholds[i].value <= a->number) {
					l = q->thresholds[i].level;
				}
			}
		}
		return l;
	}
	case VMAT_TEXT:
		return NAN;
	}
	return NAN;
}

static double
weighted_mean(const struct vmat_dimension *dims, size_t nd, const double *scores, bool intent)
{
	double sum = 0, weights = 0;
	for (size_t d = 0; d < nd; d++) {
		if (dims[d].intent == intent && !isnan(scores[d])) {
			sum += dims[d].weight * scores[d];
			weights += dims[d].weight;
		}
	}
	return weights > 0 ? sum / weights : NAN;
}

/* x, or +0 unless keep: with a mask, as compilers branch on keep ? x : 0 */
static double
or_zero(double x, bool keep)
{
	uint64_t u;
	memcpy(&u, &x, sizeof(u));
	u &= -(uint64_t)keep;
	memcpy(&x, &u, sizeof(x));
	return x;
}

static bool
meets(const struct vmat_requirement *req, const double *scores)
{
	double s = scores[req->dimension];
	return !isnan(s) && s >= req->min - TOLERANCE;
}

void
vmat_score(const struct vmat_survey *survey, const struct vmat_response *resp,
	   struct vmat_result *r)
{
	size_t nq, nd, S;
	const struct vmat_question *qs = vmat_survey_questions(survey, &nq);
	const struct vmat_dimension *dims = vmat_survey_dimensions(survey, &nd);
	const struct vmat_stage *stages = vmat_survey_stages(survey, &S);
	const struct vmat_answer *as = resp->answers;

	/* Steps 1-3 and 9: visibility, levels, dimension scores, completeness. */
	const struct step *steps = r->plan->steps;
	double *sum = r->scores, *weights = r->plan->weights;
	double *levels = r->levels;
	bool *visible = r->visible;
	memset(sum, 0, nd * sizeof(*sum));
	memset(weights, 0, nd * sizeof(*weights));
	size_t asked = 0, answered = 0;
	for (size_t i = 0; i < nq;) {
		const struct step *st = &steps[i];
		if (st->run) {
			/* The run's sums stay in registers: through memory, each
			 * question would wait for the last. No branch asks whether
			 * a question was answered, a coin toss in real data: one
			 * not taken adds +0, which leaves a sum of levels (never
			 * -0) as it is, and its level becomes NAN by a product. */
			static const double taken[2] = { NAN, 1 };
			size_t d = (size_t)st->dimension, end = i + st->run;
			double acc = sum[d], accw = weights[d];
			for (; i < end; i++) {
				st = &steps[i];
				bool vis = as[i].state != VMAT_NOT_APPLICABLE;
				bool ok = as[i].state == VMAT_ANSWERED;
				visible[i] = vis;
				asked += vis & st->required;
				answered += ok & st->required;
				double x = (as[i].number - st->min) * st->times;
				bool use = ok & !isnan(x);
				acc += or_zero(st->weight * x, use);
				accw += or_zero(st->weight, use);
				levels[i] = x * taken[use];
			}
			sum[d] = acc;
			weights[d] = accw;
			continue;
		}
		const struct vmat_answer *a = &as[i];
		bool vis = a->state != VMAT_NOT_APPLICABLE && shown(qs, as, visible, &qs[i]);
		bool ok = vis && a->state == VMAT_ANSWERED;
		visible[i] = vis;
		asked += vis & st->required;
		answered += ok & st->required;
		levels[i] = ok && st->dimension >= 0 ? level(&qs[i], a, (double)S) : NAN;
		if (!isnan(levels[i])) {
			sum[st->dimension] += st->weight * levels[i];
			weights[st->dimension] += st->weight;
		}
		i++;
	}
	for (size_t d = 0; d < nd; d++) {
		sum[d] = weights[d] > 0 ? sum[d] / weights[d] : NAN;	/* scores for sums */
	}
	r->completeness = asked ? (double)answered / (double)asked : 1;

	/* Step 4: stages are cumulative. */
	r->stage = 0;
	for (size_t k = 0; k < S; k++) {
		bool ok = true;
		for (size_t i = 0; i < stages[k].nrequires && ok; i++) {
			ok = meets(&stages[k].requires[i], r->scores);
		}
		if (!ok) {
			break;
		}
		r->stage = (int)k + 1;
	}

	/* Steps 5-7. */
	double capability = weighted_mean(dims, nd, r->scores, false);
	r->index = isnan(capability) ? NAN : 100 * capability / (double)S;
	double intent = weighted_mean(dims, nd, r->scores, true);
	r->aspiration = isnan(intent) ? NAN : fmin(fmax(floor(intent + TOLERANCE), 0), (double)S);
	r->gap = r->aspiration - r->stage;

	/* Step 8. */
	r->nblockers = 0;
	if ((size_t)r->stage < S) {
		const struct vmat_stage *next = &stages[r->stage];
		for (size_t i = 0; i < next->nrequires; i++) {
			const struct vmat_requirement *req = &next->requires[i];
			if (!meets(req, r->scores)) {
				double s = r->scores[req->dimension];
				r->blockers[r->nblockers++] = (struct vmat_blocker){
					.dimension = req->dimension,
					.shortfall = isnan(s) ? req->min : req->min - s,
				};
			}
		}
	}
}
