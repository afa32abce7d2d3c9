/* A valid survey as the library hands it out (the validation rules, one
 * message each, are tests/cli/check-rules). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char *buf = calloc(1, 1 << 16);
	assert_true(fread(buf, 1, (1 << 16) - 1, fp) > 0);
	fclose(fp);
	return buf;
}

static void
test_accessors(void **state)
{
	(void)state;
	char *text = slurp("spec-survey.json");
	struct vmat_survey *s = survey_ok(text);
	free(text);
	assert_string_equal(vmat_survey_id(s), "journey");
	assert_int_equal(vmat_survey_version(s), 3);
	size_t ns, nd, nf, nq;
	const struct vmat_stage *st = vmat_survey_stages(s, &ns);
	const struct vmat_dimension *d = vmat_survey_dimensions(s, &nd);
	const struct vmat_field *f = vmat_survey_fields(s, &nf);
	const struct vmat_question *q = vmat_survey_questions(s, &nq);
	assert_int_equal(ns, 3);
	assert_string_equal(st[1].id, "business-production");
	assert_int_equal(st[1].nrequires, 2);
	assert_int_equal(st[1].requires[1].dimension, 1);	/* availability */
	assert_near(st[1].requires[1].min, 2);
	assert_string_equal(vmat_survey_stage_id(s, 0), "not-started");
	assert_string_equal(vmat_survey_stage_id(s, 3), "business-agility");
	assert_int_equal(nd, 4);
	assert_near(d[0].weight, 2);
	assert_near(d[1].weight, 1);	/* default */
	assert_true(d[3].intent);
	assert_int_equal(d[0].nadvice, 1);
	assert_int_equal(d[1].nquestions, 2);
	/* the eight built-in fields first, region restated with its values */
	assert_int_equal(nf, 8);
	static const char *const builtin[] = { "id", "customer", "region", "date", "interviewer",
					       "country", "segment", "industry" };
	for (size_t i = 0; i < 8; i++) {
		assert_string_equal(f[i].id, builtin[i]);
		assert_true(f[i].builtin);
	}
	assert_true(f[2].required);
	assert_int_equal(f[2].nvalues, 4);
	assert_int_equal(f[6].nvalues, 4);	/* segment restated */
	assert_false(f[4].required);
	assert_int_equal(nq, 5);
	assert_int_equal(q[0].type, VMAT_PERCENT);
	assert_near(q[0].min, 0);
	assert_near(q[0].max, 100);
	assert_near(q[0].weight, 1);
	assert_true(q[0].required);
	assert_true(isnan(q[1].choices[3].level));	/* "don't know" */
	assert_int_equal(q[2].dimension, -1);		/* recorded, not scored */
	assert_true(q[3].has_when);
	assert_int_equal(q[3].when_question, 2);
	assert_true(q[3].lower_is_better);
	assert_int_equal(vmat_survey_question_index(s, "dr_rto"), 3);
	assert_int_equal(vmat_survey_question_index(s, "nope"), -1);
	assert_int_equal(vmat_survey_field_index(s, "segment"), 6);
	vmat_survey_destroy(s);
}

/* Every problem of a file in one run, in document order, each at its value. */
static void
test_all_problems_reported(void **state)
{
	(void)state;
	char *p = survey_problems(
		"{\"format\": \"vmat-survey/1\", \"id\": \"x\", \"version\": 1, \"title\": \"X\",\n"
		" \"stages\": [{\"id\": \"a\", \"name\": \"A\", \"requires\": {\"c\": 9}}],\n"
		" \"dimensions\": [{\"id\": \"c\", \"name\": \"C\", \"weight\": 0}],\n"
		" \"questions\": [{\"id\": \"q\", \"type\": \"scale\", \"text\": \"Q\", \"min\": 3,\n"
		"   \"max\": 1, \"dimension\": \"c\", \"tone\": \"warm\"}]}");
	assert_string_equal(p,
			    "s.json:2:56: error: stages[0].requires.c: level 9 is outside 0..1\n"
			    "s.json:3:52: error: dimensions[0].weight: weight must be greater "
			    "than 0, got 0\n"
			    "s.json:4:65: error: questions[0].min: min (3) must be less than max (1)\n"
			    "s.json:5:40: warning: questions[0].tone: unknown key \"tone\"\n");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_all_problems_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
