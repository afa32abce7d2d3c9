/* Scoring one response: SPEC §1's level rules and §4 step by step. Each
 * expected value is worked out in the comment beside it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Two stages, so S = 2 unless a test says otherwise. */
#define HEAD(stages, dims)                                                                      \
	"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":1,\"title\":\"T\",\"stages\":" stages \
	",\"dimensions\":" dims ",\"questions\":"
#define TWO_STAGES                                                                              \
	"[{\"id\":\"one\",\"name\":\"One\",\"requires\":{\"c\":1}},"                           \
	"{\"id\":\"two\",\"name\":\"Two\",\"requires\":{\"c\":2,\"d\":1}}]"
#define DIMS "[{\"id\":\"c\",\"name\":\"C\"},{\"id\":\"d\",\"name\":\"D\"}]"

struct scored {
	struct vmat_survey *s;
	struct vmat_result r;
};

/* Scores answers (a JSON object body) against the survey questions. */
static void
score(struct scored *x, const char *questions, const char *answers)
{
	char survey[8192], resp[4096];
	snprintf(survey, sizeof(survey), HEAD(TWO_STAGES, DIMS) "%s}", questions);
	x->s = survey_ok(survey);
	snprintf(resp, sizeof(resp),
		 "{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"C\","
		 "\"region\":\"R\",\"date\":\"2010-01-01\",\"answers\":{%s}}",
		 answers);
	const struct vmat_response *r = response_json(x->s, resp, NULL);
	assert_non_null(r);
	assert_int_equal(vmat_result_init(&x->r, x->s), VMAT_OK);
	vmat_score(x->s, r, &x->r);
}

static void
done(struct scored *x)
{
	vmat_result_finish(&x->r);
	vmat_survey_destroy(x->s);
	response_done();
}

static const char choice_q[] =
	"{\"id\":\"q\",\"type\":\"choice\",\"dimension\":\"c\",\"text\":\"Q\",\"choices\":["
	"{\"id\":\"a\",\"label\":\"A\",\"level\":0.5},{\"id\":\"b\",\"label\":\"B\",\"level\":2},"
	"{\"id\":\"dk\",\"label\":\"Don't know\",\"level\":null}]}";

static void
test_choice_level(void **state)
{
	(void)state;
	struct scored x;
	char qs[1024];
	snprintf(qs, sizeof(qs), "[%s]", choice_q);
	score(&x, qs, "\"q\":\"b\"");
	assert_near(x.r.levels[0], 2);
	assert_near(x.r.scores[0], 2);
	done(&x);
	/* "don't know": answered (completeness 1) but no score */
	score(&x, qs, "\"q\":\"dk\"");
	assert_true(isnan(x.r.levels[0]));
	assert_true(isnan(x.r.scores[0]));
	assert_near(x.r.completeness, 1);
	assert_int_equal(x.r.stage, 0);
	done(&x);
}

static const char multi_fmt[] =
	"[{\"id\":\"m\",\"type\":\"multi\",\"dimension\":\"c\",\"text\":\"M\",%s\"choices\":["
	"{\"id\":\"a\",\"label\":\"A\",\"level\":1},{\"id\":\"b\",\"label\":\"B\",\"level\":1.5},"
	"{\"id\":\"n\",\"label\":\"N\",\"level\":null},{\"id\":\"z\",\"label\":\"Z\",\"level\":0}]}]";

static double
multi_level(const char *combine, const char *answer)
{
	struct scored x;
	char qs[1024];
	snprintf(qs, sizeof(qs), multi_fmt, combine);
	score(&x, qs, answer);
	double l = x.r.levels[0];
	done(&x);
	return l;
}

static void
test_multi_combine(void **state)
{
	(void)state;
	assert_near(multi_level("", "\"m\":[\"a\",\"b\"]"), 1.5);		/* max, the default */
	assert_near(multi_level("\"combine\":\"max\",", "\"m\":[\"z\",\"a\"]"), 1);
	assert_near(multi_level("\"combine\":\"mean\",", "\"m\":[\"a\",\"b\"]"), 1.25);
	/* mean over the non-null levels only: (1 + 0) / 2 */
	assert_near(multi_level("\"combine\":\"mean\",", "\"m\":[\"a\",\"n\",\"z\"]"), 0.5);
	assert_near(multi_level("\"combine\":\"sum\",", "\"m\":[\"a\",\"z\"]"), 1);
	/* 1 + 1.5 = 2.5, clamped to S = 2 */
	assert_near(multi_level("\"combine\":\"sum\",", "\"m\":[\"a\",\"b\"]"), 2);
	assert_near(multi_level("", "\"m\":[]"), 0);			/* empty: level 0 */
	assert_true(isnan(multi_level("", "\"m\":[\"n\"]")));		/* all null: null */
	assert_true(isnan(multi_level("\"combine\":\"sum\",", "\"m\":[\"n\"]")));
}

static void
test_yesno(void **state)
{
	(void)state;
	struct scored x;
	const char *scored = "[{\"id\":\"y\",\"type\":\"yesno\",\"dimension\":\"c\",\"text\":\"Y\","
			     "\"yes\":2,\"no\":0.5}]";
	score(&x, scored, "\"y\":\"yes\"");
	assert_near(x.r.levels[0], 2);
	done(&x);
	score(&x, scored, "\"y\":false");	/* JSON false is "no" */
	assert_near(x.r.levels[0], 0.5);
	done(&x);
	/* without yes/no levels: recorded, unscored */
	score(&x, "[{\"id\":\"y\",\"type\":\"yesno\",\"dimension\":\"c\",\"text\":\"Y\"}]",
	      "\"y\":\"yes\"");
	assert_true(isnan(x.r.levels[0]));
	assert_true(isnan(x.r.scores[0]));
	done(&x);
}

static void
test_scale(void **state)
{
	(void)state;
	struct scored x;
	const char *qs = "[{\"id\":\"s\",\"type\":\"scale\",\"min\":1,\"max\":5,\"dimension\":\"c\","
			 "\"text\":\"S\"}]";
	score(&x, qs, "\"s\":4");
	assert_near(x.r.levels[0], 1.5);	/* (4 - 1) / (5 - 1) * 2 */
	done(&x);
	score(&x, qs, "\"s\":1");
	assert_near(x.r.levels[0], 0);
	done(&x);
	score(&x, qs, "\"s\":5");
	assert_near(x.r.levels[0], 2);
	done(&x);
}

static double
number_level(const char *direction, const char *answer)
{
	struct scored x;
	char qs[1024];
	snprintf(qs, sizeof(qs),
		 "[{\"id\":\"n\",\"type\":\"number\",\"dimension\":\"c\",\"text\":\"N\",%s"
		 "\"thresholds\":[[4,0.5],[10,1],[24,2]]}]",
		 direction);
	score(&x, qs, answer);
	double l = x.r.levels[0];
	done(&x);
	return l;
}

static void
test_thresholds_both_directions(void **state)
{
	(void)state;
	/* higher is better: the last threshold <= answer; 0 below the first */
	assert_near(number_level("", "\"n\":3.9"), 0);
	assert_near(number_level("", "\"n\":4"), 0.5);
	assert_near(number_level("", "\"n\":9.99"), 0.5);
	assert_near(number_level("", "\"n\":10"), 1);
	assert_near(number_level("", "\"n\":1000"), 2);
	/* lower is better: the first threshold >= answer; 0 above the last */
	const char *lower = "\"direction\":\"lower-is-better\",";
	assert_near(number_level(lower, "\"n\":1"), 0.5);
	assert_near(number_level(lower, "\"n\":4"), 0.5);
	assert_near(number_level(lower, "\"n\":4.1"), 1);
	assert_near(number_level(lower, "\"n\":24"), 2);
	assert_near(number_level(lower, "\"n\":24.5"), 0);
	/* percent: the same rule, 0..100 */
	struct scored x;
	score(&x, "[{\"id\":\"p\",\"type\":\"percent\",\"dimension\":\"c\",\"text\":\"P\","
		  "\"thresholds\":[[0,0],[30,1],[70,2]]}]",
	      "\"p\":69.9");
	assert_near(x.r.levels[0], 1);
	done(&x);
	/* without thresholds: unscored */
	score(&x, "[{\"id\":\"n\",\"type\":\"number\",\"dimension\":\"c\",\"text\":\"N\"}]",
	      "\"n\":5");
	assert_true(isnan(x.r.levels[0]));
	done(&x);
}

static void
test_text_never_scored(void **state)
{
	(void)state;
	struct scored x;
	score(&x, "[{\"id\":\"t\",\"type\":\"text\",\"dimension\":\"c\",\"text\":\"T\"}]",
	      "\"t\":\"lots\"");
	assert_true(isnan(x.r.levels[0]));
	assert_true(isnan(x.r.scores[0]));
	assert_near(x.r.completeness, 1);
	done(&x);
}

/* Three questions in dimension c: weights 1, 2, 1 and levels 2, 1, null. */
static void
test_weighted_dimension_score(void **state)
{
	(void)state;
	struct scored x;
	char qs[2048];
	snprintf(qs, sizeof(qs),
		 "[{\"id\":\"a\",\"type\":\"scale\",\"min\":0,\"max\":2,\"dimension\":\"c\","
		 "\"text\":\"A\"},"
		 "{\"id\":\"b\",\"type\":\"scale\",\"min\":0,\"max\":2,\"dimension\":\"c\","
		 "\"weight\":2,\"text\":\"B\"},%s]",
		 choice_q);
	score(&x, qs, "\"a\":2,\"b\":1,\"q\":\"dk\"");
	/* (1 * 2 + 2 * 1) / (1 + 2); the null level is left out */
	assert_near(x.r.scores[0], 4.0 / 3.0);
	done(&x);
}

/* q1 (yesno) gates q2 (choice) gates q3 (number >= 5). */
static const char chain[] =
	"[{\"id\":\"q1\",\"type\":\"yesno\",\"text\":\"1\"},"
	"{\"id\":\"q2\",\"type\":\"choice\",\"text\":\"2\",\"when\":{\"question\":\"q1\","
	"\"in\":[\"yes\"]},\"choices\":[{\"id\":\"x\",\"label\":\"X\"},{\"id\":\"y\",\"label\":"
	"\"Y\"}]},"
	"{\"id\":\"q3\",\"type\":\"number\",\"dimension\":\"c\",\"text\":\"3\",\"when\":"
	"{\"question\":\"q2\",\"in\":[\"x\"]},\"thresholds\":[[0,1]]},"
	"{\"id\":\"q4\",\"type\":\"number\",\"dimension\":\"d\",\"text\":\"4\",\"when\":"
	"{\"question\":\"q3\",\"min\":5,\"max\":10},\"thresholds\":[[0,2]]}]";

static void
test_when_chains(void **state)
{
	(void)state;
	struct scored x;
	score(&x, chain, "\"q1\":\"yes\",\"q2\":\"x\",\"q3\":5,\"q4\":1");
	assert_true(x.r.visible[1] && x.r.visible[2] && x.r.visible[3]);
	assert_near(x.r.completeness, 1);	/* 4 of 4 */
	done(&x);
	/* min and max are inclusive: 10 shows q4, 10.5 does not */
	score(&x, chain, "\"q1\":\"yes\",\"q2\":\"x\",\"q3\":10.5,\"q4\":1");
	assert_false(x.r.visible[3]);
	assert_true(isnan(x.r.scores[1]));	/* q4's answer is ignored */
	assert_near(x.r.completeness, 1);	/* 3 of 3: hidden ones count in neither */
	done(&x);
	/* q1 "no": q2 hidden, so q3 and q4 too, answered or not */
	score(&x, chain, "\"q1\":\"no\",\"q2\":\"x\",\"q3\":5,\"q4\":1");
	assert_false(x.r.visible[1] || x.r.visible[2] || x.r.visible[3]);
	assert_true(isnan(x.r.scores[0]) && isnan(x.r.scores[1]));
	done(&x);
	/* q1 unanswered: the chain below it is hidden */
	score(&x, chain, "\"q2\":\"x\",\"q3\":5");
	assert_false(x.r.visible[1] || x.r.visible[2]);
	assert_near(x.r.completeness, 0);	/* q1 asked, not answered: 0 of 1 */
	done(&x);
	/* q2 not applicable: hidden for scoring, and so is what depends on it */
	score(&x, chain, "\"q1\":\"yes\",\"q2\":{\"na\":\"out-of-scope\"},\"q3\":5,\"q4\":1");
	assert_false(x.r.visible[1] || x.r.visible[2] || x.r.visible[3]);
	assert_near(x.r.completeness, 1);	/* N/A in neither count: 1 of 1 */
	done(&x);
}

static void
test_stages_cumulative_and_tolerance(void **state)
{
	(void)state;
	struct scored x;
	const char *three = HEAD("[{\"id\":\"s1\",\"name\":\"1\",\"requires\":{\"c\":1}},"
				 "{\"id\":\"s2\",\"name\":\"2\",\"requires\":{\"d\":2}},"
				 "{\"id\":\"s3\",\"name\":\"3\",\"requires\":{\"c\":2.5}}]",
				 DIMS) "[{\"id\":\"a\",\"type\":\"scale\",\"min\":0,\"max\":3,"
				       "\"dimension\":\"c\",\"text\":\"A\"},"
				       "{\"id\":\"b\",\"type\":\"scale\",\"min\":0,\"max\":3,"
				       "\"dimension\":\"d\",\"text\":\"B\"}]}";
	x.s = survey_ok(three);
	assert_int_equal(vmat_result_init(&x.r, x.s), VMAT_OK);
	/* meets stage 3 (c = 3) but not stage 2 (d = 1): stage 1 */
	const struct vmat_response *r = response_json(
		x.s,
		"{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"C\","
		"\"region\":\"R\",\"date\":\"2010-01-01\",\"answers\":{\"a\":3,\"b\":1}}",
		NULL);
	vmat_score(x.s, r, &x.r);
	assert_int_equal(x.r.stage, 1);
	assert_string_equal(vmat_survey_stage_id(x.s, x.r.stage), "s1");
	assert_int_equal(x.r.nblockers, 1);	/* stage 2's d */
	assert_int_equal(x.r.blockers[0].dimension, 1);
	assert_near(x.r.blockers[0].shortfall, 1);
	done(&x);

}

/* The tolerance itself, on a score that misses 0.6 by 1e-12 in floating point:
 * levels 0.1 + 0.2 (weights 1, 1) give a mean of 0.15000000000000002. */
static void
test_tolerance_exact(void **state)
{
	(void)state;
	struct scored x;
	const char *qs =
		HEAD("[{\"id\":\"s1\",\"name\":\"1\",\"requires\":{\"c\":0.15}}]", DIMS)
		"[{\"id\":\"a\",\"type\":\"choice\",\"dimension\":\"c\",\"text\":\"A\",\"choices\":"
		"[{\"id\":\"x\",\"label\":\"X\",\"level\":0.1},{\"id\":\"y\",\"label\":\"Y\","
		"\"level\":0.2}]},"
		"{\"id\":\"b\",\"type\":\"choice\",\"dimension\":\"c\",\"text\":\"B\",\"choices\":"
		"[{\"id\":\"x\",\"label\":\"X\",\"level\":0.1},{\"id\":\"y\",\"label\":\"Y\","
		"\"level\":0.2}]}]}";
	x.s = survey_ok(qs);
	assert_int_equal(vmat_result_init(&x.r, x.s), VMAT_OK);
	const struct vmat_response *r = response_json(
		x.s,
		"{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"C\","
		"\"region\":\"R\",\"date\":\"2010-01-01\",\"answers\":{\"a\":\"x\",\"b\":\"y\"}}",
		NULL);
	vmat_score(x.s, r, &x.r);
	assert_true(x.r.scores[0] != 0.15);	/* the floating-point mean is not 0.15 ... */
	assert_int_equal(x.r.stage, 1);		/* ... and the requirement is met anyway */
	done(&x);
}

static void
test_index_aspiration_gap_blockers(void **state)
{
	(void)state;
	struct scored x;
	const char *qs =
		"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":1,\"title\":\"T\","
		"\"stages\":[{\"id\":\"s1\",\"name\":\"1\",\"requires\":{\"c\":1}},"
		"{\"id\":\"s2\",\"name\":\"2\",\"requires\":{\"e\":2,\"c\":2,\"d\":1}},"
		"{\"id\":\"s3\",\"name\":\"3\",\"requires\":{\"c\":3}}],"
		"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\",\"weight\":2},{\"id\":\"d\",\"name\":\"D\"},"
		"{\"id\":\"e\",\"name\":\"E\"},{\"id\":\"i\",\"name\":\"I\",\"kind\":\"intent\"},"
		"{\"id\":\"j\",\"name\":\"J\",\"kind\":\"intent\",\"weight\":3}],"
		"\"questions\":["
		"{\"id\":\"a\",\"type\":\"scale\",\"min\":0,\"max\":3,\"dimension\":\"c\",\"text\":\"A\"},"
		"{\"id\":\"b\",\"type\":\"scale\",\"min\":0,\"max\":3,\"dimension\":\"d\",\"text\":\"B\"},"
		"{\"id\":\"e1\",\"type\":\"scale\",\"min\":0,\"max\":3,\"dimension\":\"e\",\"text\":\"E\"},"
		"{\"id\":\"g\",\"type\":\"scale\",\"min\":0,\"max\":3,\"dimension\":\"i\",\"text\":\"G\"},"
		"{\"id\":\"h\",\"type\":\"scale\",\"min\":0,\"max\":3,\"dimension\":\"j\",\"text\":\"H\","
		"\"required\":false}]}";
	x.s = survey_ok(qs);
	assert_int_equal(vmat_result_init(&x.r, x.s), VMAT_OK);
	const struct vmat_response *r = response_json(
		x.s,
		"{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"C\","
		"\"region\":\"R\",\"date\":\"2010-01-01\",\"answers\":{\"a\":1.0,\"b\":0,\"g\":3,"
		"\"h\":2}}",
		NULL);
	vmat_score(x.s, r, &x.r);
	assert_int_equal(x.r.stage, 1);
	/* capability: c = 1 (w 2), d = 0 (w 1), e null: 100 * 2 / (3 * 3) */
	assert_near(x.r.index, 200.0 / 9.0);
	/* intent: (1 * 3 + 3 * 2) / 4 = 2.25, floor 2; gap 2 - 1 */
	assert_near(x.r.aspiration, 2);
	assert_near(x.r.gap, 1);
	/* stage 2 lists e, c, d: all three short, in that order */
	assert_int_equal(x.r.nblockers, 3);
	assert_int_equal(x.r.blockers[0].dimension, 2);
	assert_near(x.r.blockers[0].shortfall, 2);	/* null: the whole requirement */
	assert_int_equal(x.r.blockers[1].dimension, 0);
	assert_near(x.r.blockers[1].shortfall, 1);
	assert_int_equal(x.r.blockers[2].dimension, 1);
	assert_near(x.r.blockers[2].shortfall, 1);
	/* completeness: a, b, e1, g required and visible; e1 unanswered: 3 / 4 */
	assert_near(x.r.completeness, 0.75);
	done(&x);
}

static void
test_null_index_and_aspiration(void **state)
{
	(void)state;
	struct scored x;
	/* nothing scored: stage 0, no index, no aspiration, no gap */
	score(&x, "[{\"id\":\"t\",\"type\":\"text\",\"text\":\"T\",\"required\":false}]", "");
	assert_int_equal(x.r.stage, 0);
	assert_true(isnan(x.r.index));
	assert_true(isnan(x.r.aspiration));
	assert_true(isnan(x.r.gap));
	assert_near(x.r.completeness, 1);	/* no required question: 1 */
	assert_int_equal(x.r.nblockers, 1);	/* stage 1 needs c */
	done(&x);
}

/* Aspiration is floored with the tolerance (SPEC §4.6). */
static void
test_aspiration_floor(void **state)
{
	(void)state;
	struct scored x;
	const char *s = "{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":1,\"title\":\"T\","
			"\"stages\":[{\"id\":\"s1\",\"name\":\"1\",\"requires\":{}},"
			"{\"id\":\"s2\",\"name\":\"2\",\"requires\":{}},"
			"{\"id\":\"s3\",\"name\":\"3\",\"requires\":{}}],"
			"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"},{\"id\":\"i\",\"name\":\"I\","
			"\"kind\":\"intent\"}],"
			"\"questions\":[{\"id\":\"g\",\"type\":\"choice\",\"dimension\":\"i\","
			"\"text\":\"G\",\"choices\":[{\"id\":\"x\",\"label\":\"X\",\"level\":2.9999999999},"
			"{\"id\":\"y\",\"label\":\"Y\",\"level\":1.99}]}]}";
	x.s = survey_ok(s);
	assert_int_equal(vmat_result_init(&x.r, x.s), VMAT_OK);
	const struct vmat_response *r = response_json(
		x.s,
		"{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"C\","
		"\"region\":\"R\",\"date\":\"2010-01-01\",\"answers\":{\"g\":\"x\"}}",
		NULL);
	vmat_score(x.s, r, &x.r);
	assert_int_equal(x.r.stage, 3);		/* no requirements: every stage met */
	assert_near(x.r.aspiration, 3);		/* 1e-10 short of 3, within 1e-9: 3 */
	assert_near(x.r.gap, 0);
	done(&x);
	x.s = survey_ok(s);
	assert_int_equal(vmat_result_init(&x.r, x.s), VMAT_OK);
	r = response_json(x.s,
			  "{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"C\","
			  "\"region\":\"R\",\"date\":\"2010-01-01\",\"answers\":{\"g\":\"y\"}}",
			  NULL);
	vmat_score(x.s, r, &x.r);
	assert_near(x.r.aspiration, 1);		/* 1.99: floor 1 */
	assert_near(x.r.gap, -2);
	done(&x);
}

/* The example survey and response of SPEC §1 and §2. */
static void
test_spec_example(void **state)
{
	(void)state;
	FILE *fp = fopen("spec-survey.json", "r");
	assert_non_null(fp);
	char survey[8192], resp[2048];
	size_t n = fread(survey, 1, sizeof(survey) - 1, fp);
	survey[n] = '\0';
	fclose(fp);
	fp = fopen("spec-response.json", "r");
	assert_non_null(fp);
	n = fread(resp, 1, sizeof(resp) - 1, fp);
	resp[n] = '\0';
	fclose(fp);
	struct scored x;
	x.s = survey_ok(survey);
	assert_int_equal(vmat_result_init(&x.r, x.s), VMAT_OK);
	const struct vmat_response *r = response_json(x.s, resp, NULL);
	assert_non_null(r);
	vmat_score(x.s, r, &x.r);
	/* pct_virtual 45: level 1 (20 <= 45 < 50); dr_plan documented: 1;
	 * dr_rto 12 h, lower is better: first threshold >= 12 is 24: level 1 */
	assert_near(x.r.scores[0], 1);
	assert_near(x.r.scores[1], 1);
	assert_true(isnan(x.r.scores[2]));
	assert_int_equal(x.r.stage, 1);
	/* 100 * (2 * 1 + 1 * 1) / (3 * (2 + 1)) */
	assert_near(x.r.index, 100.0 / 3.0);
	assert_true(isnan(x.r.aspiration));
	/* five visible required questions, "notes" (text) unanswered: 4 / 5 */
	assert_near(x.r.completeness, 0.8);
	assert_int_equal(x.r.nblockers, 2);
	assert_int_equal(x.r.blockers[0].dimension, 0);
	assert_int_equal(x.r.blockers[1].dimension, 1);
	done(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choice_level),
		cmocka_unit_test(test_multi_combine),
		cmocka_unit_test(test_yesno),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_thresholds_both_directions),
		cmocka_unit_test(test_text_never_scored),
		cmocka_unit_test(test_weighted_dimension_score),
		cmocka_unit_test(test_when_chains),
		cmocka_unit_test(test_stages_cumulative_and_tolerance),
		cmocka_unit_test(test_tolerance_exact),
		cmocka_unit_test(test_index_aspiration_gap_blockers),
		cmocka_unit_test(test_null_index_and_aspiration),
		cmocka_unit_test(test_aspiration_floor),
		cmocka_unit_test(test_spec_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
