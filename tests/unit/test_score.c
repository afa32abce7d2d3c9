/* Scoring one response: reference §1's level rules and §4 step by step, with small
 * surveys built for each rule. Each expected value is worked out by hand in
 * the comment beside it.
 *
 * Surveys and answers are written with ' in place of " so that they stay
 * readable; unquote() turns them into JSON. No test text needs an apostrophe,
 * except the reference's example, which is kept verbatim with escaped quotes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The default survey: two stages (S = 2), capability dimensions c and d.
 * Stage 1 needs c >= 1; stage 2 needs c >= 2 and d >= 1. */
#define TWO_STAGES                                                                          \
	"[{'id':'one','name':'One','requires':{'c':1}},"                                    \
	"{'id':'two','name':'Two','requires':{'c':2,'d':1}}]"
#define CD "[{'id':'c','name':'C'},{'id':'d','name':'D'}]"
#define SURVEY(stages, dims, questions)                                                     \
	"{'format':'vmat-survey/1','id':'t','version':1,'title':'T','stages':" stages       \
	",'dimensions':" dims ",'questions':" questions "}"

#define DIM_C 0
#define DIM_D 1

struct scored {
	struct vmat_survey *s;
	struct vmat_result r;
	bool scored;		/* r holds arrays to finish */
};

static void
release(struct scored *x)
{
	if (x->scored) {
		vmat_result_finish(&x->r);
		x->scored = false;
	}
	vmat_survey_destroy(x->s);
	x->s = NULL;
	response_done();
}

static int
setup(void **state)
{
	*state = calloc(1, sizeof(struct scored));
	return *state ? 0 : -1;
}

/* Also runs after a failed assertion, so nothing leaks then either. */
static int
teardown(void **state)
{
	release(*state);
	free(*state);
	return 0;
}

/* Copies in to out with every ' turned into ". */
static void
unquote(char *out, size_t size, const char *in)
{
	size_t n = strlen(in);
	assert_true(n < size);
	for (size_t i = 0; i <= n; i++) {
		out[i] = in[i] == '\'' ? '"' : in[i];
	}
}

/* Scores a response with the given answers (the body of the answers object,
 * ' for ") against survey (JSON text, ' for " unless verbatim). */
static const struct vmat_result *
score_with(struct scored *x, const char *survey, bool verbatim, const char *answers)
{
	static char json[16384], tmp[16384];
	release(x);
	if (verbatim) {
		x->s = survey_ok(survey);
	} else {
		unquote(json, sizeof(json), survey);
		x->s = survey_ok(json);
	}
	snprintf(tmp, sizeof(tmp),
		 "{'format':'vmat-response/1','survey':'%s','customer':'C','region':'R',"
		 "'date':'2010-01-01','answers':{%s}}",
		 vmat_survey_id(x->s), answers);
	unquote(json, sizeof(json), tmp);
	const struct vmat_response *r = response_json(x->s, json, NULL);
	assert_non_null(r);
	assert_int_equal(vmat_result_init(&x->r, x->s), VMAT_OK);
	x->scored = true;
	vmat_score(x->s, r, &x->r);
	return &x->r;
}

static const struct vmat_result *
score_survey(struct scored *x, const char *survey, const char *answers)
{
	return score_with(x, survey, false, answers);
}

/* The default survey (two stages, dimensions c and d) with these questions. */
static const struct vmat_result *
score(struct scored *x, const char *questions, const char *answers)
{
	char survey[8192];
	snprintf(survey, sizeof(survey), SURVEY(TWO_STAGES, CD, "%s"), questions);
	return score_survey(x, survey, answers);
}

static void
assert_blocker(const struct vmat_result *r, size_t i, size_t dimension, double shortfall)
{
	assert_true(i < r->nblockers);
	assert_int_equal(r->blockers[i].dimension, dimension);
	assert_near(r->blockers[i].shortfall, shortfall);
}

/* ## Levels, one question type at a time (reference §1 table) */

static const char choice_q[] =
	"{'id':'q','type':'choice','dimension':'c','text':'Q','choices':["
	"{'id':'a','label':'A','level':0.5},{'id':'b','label':'B','level':2},"
	"{'id':'dk','label':'Do not know','level':null}]}";

static void
test_choice_level(void **state)
{
	struct scored *x = *state;
	char qs[1024];
	snprintf(qs, sizeof(qs), "[%s]", choice_q);

	const struct vmat_result *r = score(x, qs, "'q':'b'");
	assert_near(r->levels[0], 2);
	assert_near(r->scores[DIM_C], 2);
	assert_near(r->scores[DIM_D], NAN);	/* d has no question */
	/* c = 2 meets stage 1 and stage 2's c; stage 2's d is null: stage 1 */
	assert_int_equal(r->stage, 1);

	r = score(x, qs, "'q':'a'");
	assert_near(r->levels[0], 0.5);
	assert_near(r->scores[DIM_C], 0.5);
	assert_int_equal(r->stage, 0);		/* 0.5 < 1 */
	assert_int_equal(r->nblockers, 1);
	assert_blocker(r, 0, DIM_C, 0.5);	/* 1 - 0.5 */
}

/* A null-level choice ("don't know") counts as answered but adds nothing:
 * it is not a 0 pulling the mean down. */
static void
test_null_choice_adds_nothing(void **state)
{
	struct scored *x = *state;
	char qs[1024];
	snprintf(qs, sizeof(qs),
		 "[%s,{'id':'s','type':'scale','min':0,'max':2,'dimension':'c','text':'S'}]",
		 choice_q);

	const struct vmat_result *r = score(x, qs, "'q':'dk','s':1");
	assert_near(r->levels[0], NAN);
	assert_near(r->levels[1], 1);		/* (1 - 0) / (2 - 0) * 2 */
	assert_near(r->scores[DIM_C], 1);	/* only s; a 0 for q would give 0.5 */
	assert_int_equal(r->stage, 1);		/* c = 1 >= 1 */
	assert_near(r->completeness, 1);	/* both answered: 2 / 2 */

	/* alone, it leaves the dimension null and the response stage 0 */
	r = score(x, qs, "'q':'dk'");
	assert_near(r->scores[DIM_C], NAN);
	assert_int_equal(r->stage, 0);
	assert_near(r->completeness, 0.5);	/* q answered, s not: 1 / 2 */
}

/* Choices a 1, b 1.5, n null, z 0; S = 2. */
static const char multi_fmt[] =
	"[{'id':'m','type':'multi','dimension':'c','text':'M',%s'choices':["
	"{'id':'a','label':'A','level':1},{'id':'b','label':'B','level':1.5},"
	"{'id':'n','label':'N','level':null},{'id':'z','label':'Z','level':0}]}]";

static double
multi_level(struct scored *x, const char *combine, const char *chosen)
{
	char qs[1024], answers[128];
	snprintf(qs, sizeof(qs), multi_fmt, combine);
	snprintf(answers, sizeof(answers), "'m':%s", chosen);
	return score(x, qs, answers)->levels[0];
}

static void
test_multi_max(void **state)
{
	struct scored *x = *state;
	/* "max" is the default */
	assert_near(multi_level(x, "", "['a','b']"), 1.5);
	assert_near(multi_level(x, "", "['b','a']"), 1.5);
	assert_near(multi_level(x, "'combine':'max',", "['z','a']"), 1);
	/* null levels are left out: max(1) and max(0) */
	assert_near(multi_level(x, "'combine':'max',", "['n','a']"), 1);
	assert_near(multi_level(x, "'combine':'max',", "['z','n']"), 0);
	assert_near(multi_level(x, "", "[]"), 0);		/* empty: level 0 */
	assert_near(multi_level(x, "", "['n']"), NAN);	/* all null: null */
}

static void
test_multi_mean(void **state)
{
	struct scored *x = *state;
	const char *mean = "'combine':'mean',";
	assert_near(multi_level(x, mean, "['a','b']"), 1.25);		/* (1 + 1.5) / 2 */
	assert_near(multi_level(x, mean, "['a','b','z']"), 2.5 / 3);	/* (1 + 1.5 + 0) / 3 */
	/* over the non-null levels only: (1 + 0) / 2, not (1 + 0) / 3 */
	assert_near(multi_level(x, mean, "['a','n','z']"), 0.5);
	assert_near(multi_level(x, mean, "[]"), 0);
	assert_near(multi_level(x, mean, "['n']"), NAN);
}

static void
test_multi_sum(void **state)
{
	struct scored *x = *state;
	const char *sum = "'combine':'sum',";
	assert_near(multi_level(x, sum, "['a','z']"), 1);	/* 1 + 0 */
	assert_near(multi_level(x, sum, "['a','n']"), 1);	/* 1, null left out */
	assert_near(multi_level(x, sum, "['a','b']"), 2);	/* 1 + 1.5 = 2.5, clamped to S */
	assert_near(multi_level(x, sum, "['a','b','z']"), 2);
	assert_near(multi_level(x, sum, "[]"), 0);
	assert_near(multi_level(x, sum, "['n']"), NAN);
}

/* A multi answer whose levels are all null is answered (completeness) but
 * gives no score; an empty one is answered with level 0. */
static void
test_multi_null_and_empty_answered(void **state)
{
	struct scored *x = *state;
	char qs[1024];
	snprintf(qs, sizeof(qs), multi_fmt, "");
	const struct vmat_result *r = score(x, qs, "'m':['n']");
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->completeness, 1);
	r = score(x, qs, "'m':[]");
	assert_near(r->scores[DIM_C], 0);
	assert_near(r->completeness, 1);
	assert_int_equal(r->stage, 0);
	assert_blocker(r, 0, DIM_C, 1);		/* 1 - 0 */
}

static void
test_yesno_scored(void **state)
{
	struct scored *x = *state;
	const char *qs = "[{'id':'y','type':'yesno','dimension':'c','text':'Y','yes':2,'no':0.5}]";
	assert_near(score(x, qs, "'y':'yes'")->levels[0], 2);
	assert_near(x->r.scores[DIM_C], 2);
	assert_near(score(x, qs, "'y':'no'")->levels[0], 0.5);
	assert_near(x->r.scores[DIM_C], 0.5);
	/* JSON true and false stand for yes and no */
	assert_near(score(x, qs, "'y':true")->levels[0], 2);
	assert_near(score(x, qs, "'y':false")->levels[0], 0.5);
}

static void
test_yesno_unscored(void **state)
{
	struct scored *x = *state;
	/* without yes/no levels: recorded and answered, not scored */
	const struct vmat_result *r =
		score(x, "[{'id':'y','type':'yesno','dimension':'c','text':'Y'}]", "'y':'yes'");
	assert_near(r->levels[0], NAN);
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->completeness, 1);
	assert_int_equal(r->stage, 0);
}

static double
scale_level(struct scored *x, int min, int max, const char *answer)
{
	char qs[256], answers[64];
	snprintf(qs, sizeof(qs),
		 "[{'id':'s','type':'scale','min':%d,'max':%d,'dimension':'c','text':'S'}]", min,
		 max);
	snprintf(answers, sizeof(answers), "'s':%s", answer);
	return score(x, qs, answers)->levels[0];
}

static void
test_scale(void **state)
{
	struct scored *x = *state;
	/* (answer - min) / (max - min) * S, S = 2 */
	assert_near(scale_level(x, 1, 5, "1"), 0);
	assert_near(scale_level(x, 1, 5, "2"), 0.5);	/* 1 / 4 * 2 */
	assert_near(scale_level(x, 1, 5, "4"), 1.5);	/* 3 / 4 * 2 */
	assert_near(scale_level(x, 1, 5, "5"), 2);
	assert_near(scale_level(x, -2, 2, "0"), 1);	/* 2 / 4 * 2 */
	assert_near(scale_level(x, 0, 10, "3"), 0.6);	/* 3 / 10 * 2 */

	/* with S = 3: 1 / 4 * 3 */
	const struct vmat_result *r = score_survey(
		x,
		SURVEY("[{'id':'s1','name':'1','requires':{'c':0.5}},"
		       "{'id':'s2','name':'2','requires':{'c':1}},"
		       "{'id':'s3','name':'3','requires':{'c':3}}]",
		       CD,
		       "[{'id':'s','type':'scale','min':0,'max':4,'dimension':'c',"
		       "'text':'S'}]"),
		"'s':1");
	assert_near(r->levels[0], 0.75);
	assert_int_equal(r->stage, 1);		/* 0.75 >= 0.5, < 1 */
}

/* Levels and scores to the last bit, in reference §1's order of operations:
 * (answer - min) / (max - min) * S. With spans 10 and 5, 1/10 and 3/5 are
 * inexact in binary, so another order can differ in the last bit (and then in
 * the output, which keeps 17 digits). Unanswered and N/A scales among them
 * have no level, and only N/A hides one. */
static void
test_scale_levels_exact(void **state)
{
	struct scored *x = *state;
	static const struct {
		int min, max;
	} span[] = { { 0, 4 }, { 0, 10 }, { 0, 5 }, { 1, 5 } };
	char qs[1024] = "[", *p = qs + 1;
	for (size_t k = 0; k < COUNT(span); k++) {
		p += sprintf(p, "{'id':'s%zu','type':'scale','min':%d,'max':%d,'dimension':'c',"
				"'text':'S'},", k, span[k].min, span[k].max);
	}
	strcpy(p, "{'id':'u','type':'scale','min':0,'max':4,'dimension':'c','text':'U'},"
		  "{'id':'n','type':'scale','min':0,'max':4,'dimension':'c','text':'N'}]");
	char survey[2048];
	snprintf(survey, sizeof(survey),
		 SURVEY("[{'id':'s1','name':'1','requires':{'c':1}},"
			"{'id':'s2','name':'2','requires':{'c':2}},"
			"{'id':'s3','name':'3','requires':{'c':3}}]",
			CD, "%s"),
		 qs);
	for (int v = 0; v <= 10; v++) {
		int given[COUNT(span)];
		char answers[256], *a = answers;
		for (size_t k = 0; k < COUNT(span); k++) {
			given[k] = span[k].min + v % (span[k].max - span[k].min + 1);
			a += sprintf(a, "'s%zu':%d,", k, given[k]);
		}
		strcpy(a, "'n':{'na':null}");
		const struct vmat_result *r = score_survey(x, survey, answers);
		double sum = 0;
		for (size_t k = 0; k < COUNT(span); k++) {
			double want = (double)(given[k] - span[k].min) /
				      (double)(span[k].max - span[k].min) * 3;
			if (r->levels[k] != want) {
				print_error("s%zu = %d: level %.17g, not %.17g\n", k, given[k],
					    r->levels[k], want);
			}
			assert_true(r->levels[k] == want);
			sum += want;
		}
		assert_true(r->scores[DIM_C] == sum / 4);
		assert_true(r->visible[4] && isnan(r->levels[4]));	/* unanswered */
		assert_true(!r->visible[5] && isnan(r->levels[5]));	/* N/A */
	}
}

/* Thresholds value -> level: 4 -> 0.5, 10 -> 1, 24 -> 2. */
static double
number_level(struct scored *x, const char *type, const char *direction, const char *thresholds,
	     const char *answer)
{
	char qs[512], answers[64];
	snprintf(qs, sizeof(qs),
		 "[{'id':'n','type':'%s','dimension':'c','text':'N',%s'thresholds':%s}]", type,
		 direction, thresholds);
	snprintf(answers, sizeof(answers), "'n':%s", answer);
	return score(x, qs, answers)->levels[0];
}

static void
test_number_higher_is_better(void **state)
{
	struct scored *x = *state;
	const char *t = "[[4,0.5],[10,1],[24,2]]";
	/* the level of the last threshold whose value is <= the answer; 0 below the first */
	assert_near(number_level(x, "number", "", t, "-5"), 0);
	assert_near(number_level(x, "number", "", t, "3.9"), 0);
	assert_near(number_level(x, "number", "", t, "4"), 0.5);	/* boundary: 4 <= 4 */
	assert_near(number_level(x, "number", "", t, "9.99"), 0.5);
	assert_near(number_level(x, "number", "", t, "10"), 1);
	assert_near(number_level(x, "number", "", t, "23.9"), 1);
	assert_near(number_level(x, "number", "", t, "24"), 2);
	assert_near(number_level(x, "number", "", t, "1000"), 2);
}

static void
test_number_lower_is_better(void **state)
{
	struct scored *x = *state;
	/* recovery time in hours: 1 -> 2, 4 -> 1.5, 24 -> 1 */
	const char *t = "[[1,2],[4,1.5],[24,1]]";
	const char *lower = "'direction':'lower-is-better',";
	/* the level of the first threshold whose value is >= the answer; 0 above the last */
	assert_near(number_level(x, "number", lower, t, "0"), 2);
	assert_near(number_level(x, "number", lower, t, "1"), 2);	/* boundary: 1 >= 1 */
	assert_near(number_level(x, "number", lower, t, "1.01"), 1.5);
	assert_near(number_level(x, "number", lower, t, "4"), 1.5);
	assert_near(number_level(x, "number", lower, t, "4.5"), 1);
	assert_near(number_level(x, "number", lower, t, "24"), 1);
	assert_near(number_level(x, "number", lower, t, "24.01"), 0);
	assert_near(number_level(x, "number", lower, t, "1000"), 0);
}

static void
test_percent_both_directions(void **state)
{
	struct scored *x = *state;
	const char *up = "[[0,0],[30,1],[70,2]]";
	assert_near(number_level(x, "percent", "", up, "0"), 0);
	assert_near(number_level(x, "percent", "", up, "29.99"), 0);
	assert_near(number_level(x, "percent", "", up, "30"), 1);
	assert_near(number_level(x, "percent", "", up, "69.9"), 1);
	assert_near(number_level(x, "percent", "", up, "70"), 2);
	assert_near(number_level(x, "percent", "", up, "100"), 2);
	/* a share of failed changes: at most 10% -> 2, at most 50% -> 1 */
	const char *down = "[[10,2],[50,1]]";
	const char *lower = "'direction':'lower-is-better',";
	assert_near(number_level(x, "percent", lower, down, "0"), 2);
	assert_near(number_level(x, "percent", lower, down, "10"), 2);
	assert_near(number_level(x, "percent", lower, down, "10.5"), 1);
	assert_near(number_level(x, "percent", lower, down, "50"), 1);
	assert_near(number_level(x, "percent", lower, down, "50.1"), 0);
	assert_near(number_level(x, "percent", lower, down, "100"), 0);
}

static void
test_numbers_without_thresholds(void **state)
{
	struct scored *x = *state;
	/* recorded and answered, not scored */
	const struct vmat_result *r =
		score(x,
		      "[{'id':'n','type':'number','dimension':'c','text':'N'},"
		      "{'id':'p','type':'percent','dimension':'c','text':'P'}]",
		      "'n':5,'p':50");
	assert_near(r->levels[0], NAN);
	assert_near(r->levels[1], NAN);
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->completeness, 1);
}

static void
test_text_never_scored(void **state)
{
	struct scored *x = *state;
	const char *qs = "[{'id':'t','type':'text','dimension':'c','text':'T'}]";
	const struct vmat_result *r = score(x, qs, "'t':'lots'");
	assert_near(r->levels[0], NAN);
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->completeness, 1);
	/* but a required text question counts in completeness */
	r = score(x, qs, "");
	assert_near(r->completeness, 0);
}

/* ## Dimension scores (reference §4.3) */

static void
test_question_weights(void **state)
{
	struct scored *x = *state;
	char qs[2048];
	snprintf(qs, sizeof(qs),
		 "[{'id':'a','type':'scale','min':0,'max':2,'dimension':'c','text':'A'},"
		 "{'id':'b','type':'scale','min':0,'max':2,'dimension':'c','weight':3,"
		 "'text':'B'},"
		 "{'id':'e','type':'scale','min':0,'max':2,'dimension':'d','weight':0.5,"
		 "'text':'E'},%s]",
		 choice_q);
	/* c: a = 2 (weight 1), b = 0 (weight 3), q null (left out):
	 * (1 * 2 + 3 * 0) / (1 + 3) = 0.5; the plain mean would be 1 */
	const struct vmat_result *r = score(x, qs, "'a':2,'b':0,'e':1,'q':'dk'");
	assert_near(r->scores[DIM_C], 0.5);
	/* d: one question, its weight does not matter: 1 */
	assert_near(r->scores[DIM_D], 1);
	/* c: a = 1 (w 1), b = 2 (w 3), q = 0.5 (w 1): (1 + 6 + 0.5) / 5 = 1.5 */
	r = score(x, qs, "'a':1,'b':2,'q':'a'");
	assert_near(r->scores[DIM_C], 1.5);
}

static void
test_dimension_null_without_scored_answers(void **state)
{
	struct scored *x = *state;
	const char *qs = "[{'id':'a','type':'scale','min':0,'max':2,'dimension':'c','text':'A'},"
			 "{'id':'y','type':'yesno','dimension':'d','text':'Y'}]";
	/* c's only question unanswered; d's only question unscored */
	const struct vmat_result *r = score(x, qs, "'y':'yes'");
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->scores[DIM_D], NAN);
	assert_near(r->index, NAN);
	/* an answer of level 0 is a score of 0, not null */
	r = score(x, qs, "'a':0");
	assert_near(r->scores[DIM_C], 0);
	assert_near(r->index, 0);
}

/* ## Visibility: `when` (reference §1) */

/* q1 (yesno) gates q2 (choice) gates q3 (number, dimension c) gates q4
 * (number in 5..10, dimension d). */
static const char chain[] =
	"[{'id':'q1','type':'yesno','text':'1'},"
	"{'id':'q2','type':'choice','text':'2','when':{'question':'q1','in':['yes']},"
	"'choices':[{'id':'x','label':'X'},{'id':'y','label':'Y'}]},"
	"{'id':'q3','type':'number','dimension':'c','text':'3',"
	"'when':{'question':'q2','in':['x']},'thresholds':[[0,1]]},"
	"{'id':'q4','type':'number','dimension':'d','text':'4',"
	"'when':{'question':'q3','min':5,'max':10},'thresholds':[[0,2]]}]";

static void
assert_visible(const struct vmat_result *r, bool q1, bool q2, bool q3, bool q4)
{
	assert_int_equal(r->visible[0], q1);
	assert_int_equal(r->visible[1], q2);
	assert_int_equal(r->visible[2], q3);
	assert_int_equal(r->visible[3], q4);
}

static void
test_when_chain_shown(void **state)
{
	struct scored *x = *state;
	const struct vmat_result *r = score(x, chain, "'q1':'yes','q2':'x','q3':5,'q4':1");
	assert_visible(r, true, true, true, true);
	assert_near(r->scores[DIM_C], 1);
	assert_near(r->scores[DIM_D], 2);
	assert_near(r->completeness, 1);	/* 4 / 4 */
	/* JSON true is "yes" for `in` too */
	r = score(x, chain, "'q1':true,'q2':'x','q3':7,'q4':1");
	assert_visible(r, true, true, true, true);
}

static void
test_when_in_choice_and_yesno(void **state)
{
	struct scored *x = *state;
	/* q2 = y is not in ['x']: q3 hidden, and q4 with it although q3 is answered */
	const struct vmat_result *r = score(x, chain, "'q1':'yes','q2':'y','q3':5,'q4':1");
	assert_visible(r, true, true, false, false);
	assert_near(r->scores[DIM_C], NAN);	/* q3's answer ignored */
	assert_near(r->scores[DIM_D], NAN);	/* q4's answer ignored */
	assert_near(r->completeness, 1);	/* 2 / 2: hidden ones count in neither */
	/* q1 = no (or false) is not in ['yes']: q2 hidden */
	r = score(x, chain, "'q1':false,'q2':'x'");
	assert_visible(r, true, false, false, false);
}

static void
test_when_in_multi(void **state)
{
	struct scored *x = *state;
	const char *qs = "[{'id':'m','type':'multi','text':'M','choices':[{'id':'a','label':'A'},"
			 "{'id':'b','label':'B'},{'id':'c','label':'C'}]},"
			 "{'id':'w','type':'number','dimension':'c','text':'W',"
			 "'when':{'question':'m','in':['b','c']},'thresholds':[[0,1]]}]";
	/* shown when any chosen choice is listed */
	const struct vmat_result *r = score(x, qs, "'m':['a','b'],'w':3");
	assert_true(r->visible[1]);
	assert_near(r->scores[DIM_C], 1);
	assert_true(score(x, qs, "'m':['c'],'w':3")->visible[1]);
	r = score(x, qs, "'m':['a'],'w':3");
	assert_false(r->visible[1]);
	assert_near(r->scores[DIM_C], NAN);
	assert_false(score(x, qs, "'m':[],'w':3")->visible[1]);
}

static void
test_when_min_max_inclusive(void **state)
{
	struct scored *x = *state;
	/* q4 shows for 5 <= q3 <= 10 */
	const char *base = "'q1':'yes','q2':'x','q4':1,";
	char answers[128];
	static const struct {
		const char *q3;
		bool shown;
	} cases[] = { { "4.99", false }, { "5", true },	    { "7.5", true },
		      { "10", true },	 { "10.01", false } };
	for (size_t i = 0; i < COUNT(cases); i++) {
		snprintf(answers, sizeof(answers), "%s'q3':%s", base, cases[i].q3);
		const struct vmat_result *r = score(x, chain, answers);
		if (r->visible[3] != cases[i].shown) {
			print_error("q3 = %s\n", cases[i].q3);
		}
		assert_int_equal(r->visible[3], cases[i].shown);
		assert_near(r->scores[DIM_D], cases[i].shown ? 2 : NAN);
	}

	/* min alone and max alone */
	const char *qs = "[{'id':'n','type':'number','text':'N'},"
			 "{'id':'lo','type':'number','dimension':'c','text':'L',"
			 "'when':{'question':'n','min':5},'thresholds':[[0,1]]},"
			 "{'id':'hi','type':'number','dimension':'d','text':'H',"
			 "'when':{'question':'n','max':3},'thresholds':[[0,1]]}]";
	const struct vmat_result *r = score(x, qs, "'n':5,'lo':1,'hi':1");
	assert_true(r->visible[1]);
	assert_false(r->visible[2]);
	r = score(x, qs, "'n':1e6");
	assert_true(r->visible[1]);
	r = score(x, qs, "'n':4.99");
	assert_false(r->visible[1]);
	r = score(x, qs, "'n':3");
	assert_false(r->visible[1]);
	assert_true(r->visible[2]);
	r = score(x, qs, "'n':-100");
	assert_true(r->visible[2]);
	r = score(x, qs, "'n':3.01");
	assert_false(r->visible[2]);
	/* n unanswered: both hidden */
	r = score(x, qs, "'lo':1,'hi':1");
	assert_false(r->visible[1] || r->visible[2]);
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->scores[DIM_D], NAN);
}

static void
test_when_chain_unanswered(void **state)
{
	struct scored *x = *state;
	/* q1 unanswered: q2 hidden, so q3 and q4, all answered, are hidden too */
	const struct vmat_result *r = score(x, chain, "'q2':'x','q3':5,'q4':1");
	assert_visible(r, true, false, false, false);
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->scores[DIM_D], NAN);
	assert_near(r->completeness, 0);	/* q1 asked, not answered: 0 / 1 */
	/* q3 unanswered: q4 hidden; q3 visible and unanswered: 2 / 3 */
	r = score(x, chain, "'q1':'yes','q2':'x','q4':1");
	assert_visible(r, true, true, true, false);
	assert_near(r->scores[DIM_D], NAN);
	assert_near(r->completeness, 2.0 / 3.0);
}

static void
test_when_chain_not_applicable(void **state)
{
	struct scored *x = *state;
	/* q1 not applicable: treated like a hidden question, so q2, q3, q4 are hidden */
	const struct vmat_result *r =
		score(x, chain, "'q1':{'na':'out-of-scope'},'q2':'x','q3':5,'q4':1");
	assert_visible(r, false, false, false, false);
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->scores[DIM_D], NAN);
	assert_near(r->completeness, 1);	/* no visible required question: 1 */
	/* q2 not applicable: q3 and q4 hidden */
	r = score(x, chain, "'q1':'yes','q2':{'na':'constraint: no budget'},'q3':5,'q4':1");
	assert_visible(r, true, false, false, false);
	assert_near(r->scores[DIM_C], NAN);
	assert_near(r->completeness, 1);	/* 1 / 1 */
}

/* ## Stages (reference §4.4) */

static const char three_stages[] =
	SURVEY("[{'id':'s1','name':'1','requires':{'c':1}},"
	       "{'id':'s2','name':'2','requires':{'d':2}},"
	       "{'id':'s3','name':'3','requires':{'c':2.5}}]",
	       CD,
	       "[{'id':'a','type':'scale','min':0,'max':3,'dimension':'c','text':'A'},"
	       "{'id':'b','type':'scale','min':0,'max':3,'dimension':'d','text':'B'}]");

static void
test_stages_cumulative(void **state)
{
	struct scored *x = *state;
	/* c = 3, d = 1: meets stages 1 and 3 but not 2: stage 1 */
	const struct vmat_result *r = score_survey(x, three_stages, "'a':3,'b':1");
	assert_int_equal(r->stage, 1);
	assert_string_equal(vmat_survey_stage_id(x->s, r->stage), "s1");
	assert_int_equal(r->nblockers, 1);	/* stage 2's d, not stage 3's */
	assert_blocker(r, 0, DIM_D, 1);		/* 2 - 1 */
	/* c = 2, d = 3: stages 1 and 2; stage 3 needs c >= 2.5 */
	r = score_survey(x, three_stages, "'a':2,'b':3");
	assert_int_equal(r->stage, 2);
	assert_int_equal(r->nblockers, 1);
	assert_blocker(r, 0, DIM_C, 0.5);
	/* c = 0: stage 0, whatever d is */
	r = score_survey(x, three_stages, "'a':0,'b':3");
	assert_int_equal(r->stage, 0);
	assert_string_equal(vmat_survey_stage_id(x->s, r->stage), "not-started");
	assert_int_equal(r->nblockers, 1);	/* stage 1's c only */
	assert_blocker(r, 0, DIM_C, 1);
	/* everything: stage 3 = S, no blockers */
	r = score_survey(x, three_stages, "'a':3,'b':2");
	assert_int_equal(r->stage, 3);
	assert_int_equal(r->nblockers, 0);
}

/* A requirement on a null-scored dimension is not met, even a requirement of 0. */
static void
test_stage_needs_a_score(void **state)
{
	struct scored *x = *state;
	const char *s = SURVEY("[{'id':'s1','name':'1','requires':{'c':0}},"
			       "{'id':'s2','name':'2','requires':{'d':1}}]",
			       CD,
			       "[{'id':'a','type':'scale','min':0,'max':2,'dimension':'c',"
			       "'text':'A','required':false},"
			       "{'id':'b','type':'scale','min':0,'max':2,'dimension':'d',"
			       "'text':'B','required':false}]");
	const struct vmat_result *r = score_survey(x, s, "'b':2");
	assert_int_equal(r->stage, 0);
	assert_int_equal(r->nblockers, 1);
	assert_blocker(r, 0, DIM_C, 0);	/* null: the whole requirement, 0 */
	r = score_survey(x, s, "'a':0,'b':2");	/* c = 0 meets 0 */
	assert_int_equal(r->stage, 2);
	r = score_survey(x, s, "'a':0");
	assert_int_equal(r->stage, 1);
	assert_blocker(r, 0, DIM_D, 1);		/* d null: shortfall 1 */
}

/* Scores are compared with a tolerance of 1e-9. */
static void
test_stage_tolerance(void **state)
{
	struct scored *x = *state;
	const char *s = SURVEY("[{'id':'s1','name':'1','requires':{'c':2}},"
			       "{'id':'s2','name':'2','requires':{'d':1}}]",
			       CD,
			       "[{'id':'q','type':'choice','dimension':'c','text':'Q','choices':["
			       "{'id':'near','label':'N','level':1.999999999999},"
			       "{'id':'far','label':'F','level':1.99999999}]}]");
	/* 2 - 1e-12 meets 2 */
	const struct vmat_result *r = score_survey(x, s, "'q':'near'");
	assert_int_equal(r->stage, 1);
	assert_int_equal(r->nblockers, 1);
	assert_int_equal(r->blockers[0].dimension, DIM_D);	/* c is not a blocker */
	/* 2 - 1e-8 does not */
	r = score_survey(x, s, "'q':'far'");
	assert_int_equal(r->stage, 0);
	assert_int_equal(r->nblockers, 1);
	assert_blocker(r, 0, DIM_C, 1e-8);

	/* Floating-point error of a mean: levels 0.3, 2.3 and 0.4 add up to
	 * 2.9999999999999996 in doubles, so their mean is 0.9999999999999999, not 1.
	 * It meets a requirement of 1 (S = 3 so that 2.3 is a level). */
	const char *three = SURVEY("[{'id':'s1','name':'1','requires':{'c':1}},"
				   "{'id':'s2','name':'2','requires':{'c':2}},"
				   "{'id':'s3','name':'3','requires':{'c':3}}]",
				   CD,
				   "[{'id':'a','type':'choice','dimension':'c','text':'A',"
				   "'choices':[{'id':'v','label':'V','level':0.3}]},"
				   "{'id':'b','type':'choice','dimension':'c','text':'B',"
				   "'choices':[{'id':'v','label':'V','level':2.3}]},"
				   "{'id':'e','type':'choice','dimension':'c','text':'E',"
				   "'choices':[{'id':'v','label':'V','level':0.4}]}]");
	r = score_survey(x, three, "'a':'v','b':'v','e':'v'");
	assert_near(r->scores[DIM_C], 1);
	assert_int_equal(r->stage, 1);
	assert_blocker(r, 0, DIM_C, 1);		/* stage 2: 2 - 1 */
}

/* ## Index, aspiration, gap (reference §4.5-7) */

/* S = 3. Capability c (weight 2), d, e; intent i and j (weight 3).
 * Stage 2 lists e, c, d in that order. */
static const char full_survey[] = SURVEY(
	"[{'id':'s1','name':'1','requires':{'c':1}},"
	"{'id':'s2','name':'2','requires':{'e':2,'c':2,'d':1}},"
	"{'id':'s3','name':'3','requires':{'c':3}}]",
	"[{'id':'c','name':'C','weight':2},{'id':'d','name':'D'},{'id':'e','name':'E'},"
	"{'id':'i','name':'I','kind':'intent'},{'id':'j','name':'J','kind':'intent','weight':3}]",
	"[{'id':'a','type':'scale','min':0,'max':3,'dimension':'c','text':'A'},"
	"{'id':'b','type':'scale','min':0,'max':3,'dimension':'d','text':'B'},"
	"{'id':'e1','type':'scale','min':0,'max':3,'dimension':'e','text':'E'},"
	"{'id':'g','type':'scale','min':0,'max':3,'dimension':'i','text':'G'},"
	"{'id':'h','type':'scale','min':0,'max':3,'dimension':'j','text':'H','required':false}]");

static void
test_index_aspiration_gap_blockers(void **state)
{
	struct scored *x = *state;
	const struct vmat_result *r = score_survey(x, full_survey, "'a':1,'b':0,'g':3,'h':2");
	/* c = 1, d = 0, e null; i = 3, j = 2 */
	assert_near(r->scores[0], 1);
	assert_near(r->scores[1], 0);
	assert_near(r->scores[2], NAN);
	assert_int_equal(r->stage, 1);	/* c >= 1; stage 2 needs e, which is null */
	/* capability only, e null left out: 100 * (2 * 1 + 1 * 0) / (3 * (2 + 1));
	 * counting the intent dimensions would give 100 * 11 / (3 * 7) */
	assert_near(r->index, 200.0 / 9.0);
	/* intent: (1 * 3 + 3 * 2) / (1 + 3) = 2.25, floor 2; gap 2 - 1 */
	assert_near(r->aspiration, 2);
	assert_near(r->gap, 1);
	/* stage 2 lists e, c, d: all three short, in that order */
	assert_int_equal(r->nblockers, 3);
	assert_blocker(r, 0, 2, 2);	/* e null: the whole requirement */
	assert_blocker(r, 1, 0, 1);	/* c: 2 - 1 */
	assert_blocker(r, 2, 1, 1);	/* d: 1 - 0 */
	/* a, b, e1, g required and visible (h is optional); e1 unanswered: 3 / 4 */
	assert_near(r->completeness, 0.75);

	/* c = 2, d = 3, e = 2: stage 2; stage 3 needs c >= 3. i = 0, j = 1:
	 * (0 + 3) / 4 = 0.75, floor 0; gap 0 - 2 */
	r = score_survey(x, full_survey, "'a':2,'b':3,'e1':2,'g':0,'h':1");
	assert_int_equal(r->stage, 2);
	assert_near(r->index, 100.0 * (2 * 2 + 3 + 2) / (3 * 4));	/* 75 */
	assert_near(r->aspiration, 0);
	assert_near(r->gap, -2);
	assert_int_equal(r->nblockers, 1);
	assert_blocker(r, 0, 0, 1);
	assert_near(r->completeness, 1);
}

static void
test_index_null_without_capability_scores(void **state)
{
	struct scored *x = *state;
	/* only intent answered: no index, an aspiration all the same (3 * 2 / 3 = 2) */
	const struct vmat_result *r = score_survey(x, full_survey, "'g':2");
	assert_near(r->index, NAN);
	assert_near(r->aspiration, 2);
	assert_int_equal(r->stage, 0);
	assert_near(r->gap, 2);
	/* nothing answered: no index, no aspiration, no gap */
	r = score_survey(x, full_survey, "");
	assert_near(r->index, NAN);
	assert_near(r->aspiration, NAN);
	assert_near(r->gap, NAN);
	assert_near(r->completeness, 0);	/* 0 / 4 */
}

/* S = 3, stages without requirements (every response is at stage 3). */
static const char intent_survey[] = SURVEY(
	"[{'id':'s1','name':'1','requires':{}},{'id':'s2','name':'2','requires':{}},"
	"{'id':'s3','name':'3','requires':{}}]",
	"[{'id':'c','name':'C'},{'id':'i','name':'I','kind':'intent'}]",
	"[{'id':'g','type':'choice','dimension':'i','text':'G','choices':["
	"{'id':'almost3','label':'A','level':2.9999999999},"
	"{'id':'under3','label':'U','level':2.999999},"
	"{'id':'one99','label':'O','level':1.99},{'id':'three','label':'T','level':3},"
	"{'id':'zero','label':'Z','level':0},{'id':'dk','label':'D','level':null}]},"
	"{'id':'a','type':'choice','dimension':'i','text':'A','required':false,"
	"'choices':[{'id':'v','label':'V','level':0.3}]},"
	"{'id':'b','type':'choice','dimension':'i','text':'B','required':false,"
	"'choices':[{'id':'v','label':'V','level':2.3}]},"
	"{'id':'e','type':'choice','dimension':'i','text':'E','required':false,"
	"'choices':[{'id':'v','label':'V','level':0.4}]}]");

static double
aspiration(struct scored *x, const char *answers)
{
	const struct vmat_result *r = score_survey(x, intent_survey, answers);
	assert_int_equal(r->stage, 3);	/* no requirements: every stage met */
	if (!isnan(r->aspiration)) {
		assert_near(r->gap, r->aspiration - 3);
	} else {
		assert_near(r->gap, NAN);
	}
	return r->aspiration;
}

static void
test_aspiration_floor(void **state)
{
	struct scored *x = *state;
	/* floor(score + 1e-9) */
	assert_near(aspiration(x, "'g':'almost3'"), 3);	/* 3 - 1e-10: 3 */
	assert_near(aspiration(x, "'g':'under3'"), 2);	/* 3 - 1e-6: 2 */
	assert_near(aspiration(x, "'g':'one99'"), 1);
	assert_near(aspiration(x, "'g':'three'"), 3);	/* S itself */
	assert_near(aspiration(x, "'g':'zero'"), 0);
	/* (0.3 + 2.3 + 0.4) / 3 is 0.9999999999999999 in doubles: 1 */
	assert_near(aspiration(x, "'a':'v','b':'v','e':'v'"), 1);
	/* (3 + 0.3) / 2 = 1.65: 1 */
	assert_near(aspiration(x, "'g':'three','a':'v'"), 1);
}

static void
test_aspiration_null(void **state)
{
	struct scored *x = *state;
	/* intent dimension without a score (a null level; nothing answered) */
	assert_near(aspiration(x, "'g':'dk'"), NAN);
	assert_near(aspiration(x, ""), NAN);
	/* no intent dimension at all */
	const struct vmat_result *r = score(
		x, "[{'id':'a','type':'scale','min':0,'max':2,'dimension':'c','text':'A'}]",
		"'a':2");
	assert_int_equal(r->stage, 1);
	assert_near(r->index, 100);	/* 100 * (1 * 2) / (2 * 1): d null, left out */
	assert_near(r->aspiration, NAN);
	assert_near(r->gap, NAN);
}

/* ## Blockers (reference §4.8) */

static void
test_blockers_none_at_the_last_stage(void **state)
{
	struct scored *x = *state;
	const char *qs = "[{'id':'a','type':'scale','min':0,'max':2,'dimension':'c','text':'A'},"
			 "{'id':'b','type':'scale','min':0,'max':2,'dimension':'d','text':'B'}]";
	const struct vmat_result *r = score(x, qs, "'a':2,'b':1");
	assert_int_equal(r->stage, 2);	/* = S */
	assert_int_equal(r->nblockers, 0);
	assert_near(r->index, 75);	/* 100 * (2 + 1) / (2 * 2) */
	/* stage 1: blockers are stage 2's unmet requirements, c then d */
	r = score(x, qs, "'a':1,'b':0");
	assert_int_equal(r->stage, 1);
	assert_int_equal(r->nblockers, 2);
	assert_blocker(r, 0, DIM_C, 1);
	assert_blocker(r, 1, DIM_D, 1);
	/* a met requirement is not a blocker */
	r = score(x, qs, "'a':1,'b':1");
	assert_int_equal(r->nblockers, 1);
	assert_blocker(r, 0, DIM_C, 1);
}

/* ## Completeness (reference §4.9) */

static void
test_completeness(void **state)
{
	struct scored *x = *state;
	const char *qs =
		"[{'id':'r1','type':'scale','min':0,'max':2,'dimension':'c','text':'R1'},"
		"{'id':'r2','type':'scale','min':0,'max':2,'dimension':'c','text':'R2'},"
		"{'id':'o1','type':'scale','min':0,'max':2,'dimension':'c','text':'O1',"
		"'required':false},"
		"{'id':'o2','type':'scale','min':0,'max':2,'dimension':'c','text':'O2',"
		"'required':false},"
		"{'id':'na','type':'scale','min':0,'max':2,'dimension':'c','text':'NA'},"
		"{'id':'y','type':'yesno','text':'Y','required':false},"
		"{'id':'hid','type':'text','text':'H','when':{'question':'y','in':['yes']}}]";
	/* required and visible: r1 (answered), r2 (not). o1, o2 optional; na not
	 * applicable; hid hidden (y unanswered): 1 / 2 */
	const struct vmat_result *r = score(x, qs, "'r1':2,'o2':0,'na':{'na':'other'}");
	assert_near(r->completeness, 0.5);
	/* na is not scored either: c = (2 + 0) / 2 from r1 and o2 */
	assert_near(r->scores[DIM_C], 1);
	assert_false(r->visible[4]);
	/* y = yes shows hid, unanswered: 1 / 3 */
	r = score(x, qs, "'r1':2,'na':{'na':'other'},'y':'yes'");
	assert_near(r->completeness, 1.0 / 3.0);
	/* na answered instead: 3 / 4 with hid shown and answered, r2 missing */
	r = score(x, qs, "'r1':2,'na':1,'y':'yes','hid':'t'");
	assert_near(r->completeness, 0.75);
	/* only optional questions: 1 */
	r = score(x, "[{'id':'o','type':'text','text':'O','required':false}]", "");
	assert_near(r->completeness, 1);
}

/* ## The example of reference §1 and §2, verbatim */

static const char spec_survey[] =
	"{\n"
	"  \"format\": \"vmat-survey/1\",\n"
	"  \"id\": \"journey\",\n"
	"  \"version\": 3,\n"
	"  \"title\": \"Virtualization journey interview\",\n"
	"  \"stages\": [\n"
	"    {\"id\": \"consolidation\", \"name\": \"Consolidation\", \"requires\": "
	"{\"compute\": 1}},\n"
	"    {\"id\": \"business-production\", \"name\": \"Business production\",\n"
	"     \"requires\": {\"compute\": 2, \"availability\": 2}},\n"
	"    {\"id\": \"business-agility\", \"name\": \"Business agility\",\n"
	"     \"requires\": {\"compute\": 3, \"availability\": 3, \"operations\": 3}}\n"
	"  ],\n"
	"  \"dimensions\": [\n"
	"    {\"id\": \"compute\", \"name\": \"Compute virtualization\", \"weight\": 2,\n"
	"     \"advice\": [{\"below\": 2, \"text\": \"Standardize on clusters with HA before "
	"adding critical apps.\"}]},\n"
	"    {\"id\": \"availability\", \"name\": \"Availability and BC/DR\"},\n"
	"    {\"id\": \"operations\", \"name\": \"Operations and automation\"},\n"
	"    {\"id\": \"ambition\", \"name\": \"Business ambition\", \"kind\": \"intent\"}\n"
	"  ],\n"
	"  \"fields\": [\n"
	"    {\"id\": \"region\", \"name\": \"Region\", \"required\": true, \"values\": "
	"[\"LATAM\", \"NA\", \"EMEA\", \"APJ\"]},\n"
	"    {\"id\": \"segment\", \"name\": \"Segment\", \"values\": [\"smb\", \"commercial\", "
	"\"enterprise\", \"public\"]}\n"
	"  ],\n"
	"  \"questions\": [\n"
	"    {\"id\": \"pct_virtual\", \"dimension\": \"compute\", \"type\": \"percent\",\n"
	"     \"text\": \"What share of x86 servers runs virtualized?\",\n"
	"     \"thresholds\": [[0, 0], [20, 1], [50, 2], [80, 3]]},\n"
	"    {\"id\": \"dr_plan\", \"dimension\": \"availability\", \"type\": \"choice\",\n"
	"     \"text\": \"Which statement describes disaster recovery best?\",\n"
	"     \"choices\": [\n"
	"       {\"id\": \"none\", \"label\": \"No DR plan\", \"level\": 0},\n"
	"       {\"id\": \"documented\", \"label\": \"Documented, never tested\", \"level\": 1},\n"
	"       {\"id\": \"tested\", \"label\": \"Tested at least yearly\", \"level\": 3},\n"
	"       {\"id\": \"unknown\", \"label\": \"Don't know\", \"level\": null}]},\n"
	"    {\"id\": \"second_site\", \"type\": \"yesno\", \"text\": \"Is there a second data "
	"center?\"},\n"
	"    {\"id\": \"dr_rto\", \"dimension\": \"availability\", \"type\": \"number\", "
	"\"unit\": \"hours\",\n"
	"     \"when\": {\"question\": \"second_site\", \"in\": [\"yes\"]},\n"
	"     \"text\": \"Recovery time objective for tier-1 apps?\",\n"
	"     \"thresholds\": [[1, 3], [4, 2], [24, 1]], \"direction\": \"lower-is-better\"},\n"
	"    {\"id\": \"notes\", \"type\": \"text\", \"text\": \"Anything else?\"}\n"
	"  ]\n"
	"}\n";

static const char spec_response[] =
	"{\n"
	"  \"format\": \"vmat-response/1\",\n"
	"  \"survey\": \"journey\", \"survey_version\": 3,\n"
	"  \"id\": \"6f1c2a9e-8d4b-4c1e-9a53-0b7d2e4f1a22\",\n"
	"  \"customer\": \"Solint\", \"region\": \"LATAM\", \"country\": \"CL\", \"segment\": "
	"\"enterprise\",\n"
	"  \"interviewer\": \"Gustavo\", \"date\": \"2010-05-12\",\n"
	"  \"answers\": {\"pct_virtual\": 45, \"dr_plan\": \"documented\", \"second_site\": "
	"\"yes\", \"dr_rto\": 12},\n"
	"  \"notes\": {\"dr_plan\": \"Reviewing DR after the February earthquake.\"}\n"
	"}\n";

static void
test_spec_example(void **state)
{
	struct scored *x = *state;
	release(x);
	x->s = survey_ok(spec_survey);
	const struct vmat_response *resp = response_json(x->s, spec_response, NULL);
	assert_non_null(resp);
	assert_int_equal(vmat_result_init(&x->r, x->s), VMAT_OK);
	x->scored = true;
	vmat_score(x->s, resp, &x->r);
	const struct vmat_result *r = &x->r;

	/* pct_virtual 45: 20 <= 45 < 50, level 1 */
	assert_near(r->levels[0], 1);
	/* dr_plan documented: level 1 */
	assert_near(r->levels[1], 1);
	/* second_site: no dimension, recorded only */
	assert_near(r->levels[2], NAN);
	/* dr_rto 12 h, shown because second_site is yes; lower is better: the
	 * first threshold >= 12 is 24, level 1 */
	assert_true(r->visible[3]);
	assert_near(r->levels[3], 1);
	assert_near(r->levels[4], NAN);	/* notes: text, unanswered */

	/* compute 1; availability (1 + 1) / 2 = 1; operations, ambition null */
	assert_near(r->scores[0], 1);
	assert_near(r->scores[1], 1);
	assert_near(r->scores[2], NAN);
	assert_near(r->scores[3], NAN);
	/* stage 1 needs compute >= 1: met; stage 2 needs compute 2: not */
	assert_int_equal(r->stage, 1);
	assert_string_equal(vmat_survey_stage_id(x->s, r->stage), "consolidation");
	/* 100 * (2 * 1 + 1 * 1) / (3 * (2 + 1)): operations null, ambition intent */
	assert_near(r->index, 100.0 / 3.0);
	/* ambition has no questions, so no score: no aspiration, no gap */
	assert_near(r->aspiration, NAN);
	assert_near(r->gap, NAN);
	/* five visible required questions, notes unanswered: 4 / 5 */
	assert_near(r->completeness, 0.8);
	/* stage 2 lists compute then availability: 2 - 1 each */
	assert_int_equal(r->nblockers, 2);
	assert_blocker(r, 0, 0, 1);
	assert_blocker(r, 1, 1, 1);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_choice_level),
		TEST(test_null_choice_adds_nothing),
		TEST(test_multi_max),
		TEST(test_multi_mean),
		TEST(test_multi_sum),
		TEST(test_multi_null_and_empty_answered),
		TEST(test_yesno_scored),
		TEST(test_yesno_unscored),
		TEST(test_scale),
		TEST(test_scale_levels_exact),
		TEST(test_number_higher_is_better),
		TEST(test_number_lower_is_better),
		TEST(test_percent_both_directions),
		TEST(test_numbers_without_thresholds),
		TEST(test_text_never_scored),
		TEST(test_question_weights),
		TEST(test_dimension_null_without_scored_answers),
		TEST(test_when_chain_shown),
		TEST(test_when_in_choice_and_yesno),
		TEST(test_when_in_multi),
		TEST(test_when_min_max_inclusive),
		TEST(test_when_chain_unanswered),
		TEST(test_when_chain_not_applicable),
		TEST(test_stages_cumulative),
		TEST(test_stage_needs_a_score),
		TEST(test_stage_tolerance),
		TEST(test_index_aspiration_gap_blockers),
		TEST(test_index_null_without_capability_scores),
		TEST(test_aspiration_floor),
		TEST(test_aspiration_null),
		TEST(test_blockers_none_at_the_last_stage),
		TEST(test_completeness),
		TEST(test_spec_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
