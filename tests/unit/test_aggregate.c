/* Grouping and statistics (SPEC §5), through the public API. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* One capability dimension scored by a percent question whose level is
 * answer / 25 (thresholds every 25 points), two stages. */
static const char survey_json[] =
	"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":1,\"title\":\"T\","
	"\"stages\":[{\"id\":\"one\",\"name\":\"One\",\"requires\":{\"c\":1}},"
	"{\"id\":\"two\",\"name\":\"Two\",\"requires\":{\"c\":2}}],"
	"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"},{\"id\":\"i\",\"name\":\"I\","
	"\"kind\":\"intent\"}],"
	"\"questions\":[{\"id\":\"p\",\"type\":\"percent\",\"dimension\":\"c\",\"text\":\"P\","
	"\"thresholds\":[[0,0],[25,0.5],[50,1],[75,1.5],[100,2]]},"
	"{\"id\":\"g\",\"type\":\"scale\",\"min\":0,\"max\":2,\"dimension\":\"i\",\"text\":\"G\","
	"\"required\":false}]}";

struct fixture {
	struct vmat_survey *s;
	struct vmat_agg *agg;
	struct vmat_result res;
};

/* Adds a response: customer, region, date, percent answer (< 0: none), goal (< 0: none). */
static void
add(struct fixture *f, const char *customer, const char *region, const char *date, int pct,
    int goal)
{
	char json[512], answers[128] = "";
	size_t o = 0;
	if (pct >= 0) {
		o += (size_t)snprintf(answers + o, sizeof(answers) - o, "\"p\":%d", pct);
	}
	if (goal >= 0) {
		snprintf(answers + o, sizeof(answers) - o, "%s\"g\":%d", o ? "," : "", goal);
	}
	snprintf(json, sizeof(json),
		 "{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"%s\","
		 "\"region\":\"%s\",\"date\":\"%s\",\"answers\":{%s}}",
		 customer, region, date, answers);
	const struct vmat_response *r = response_json(f->s, json, NULL);
	assert_non_null(r);
	vmat_score(f->s, r, &f->res);
	assert_int_equal(vmat_agg_add(f->agg, r, &f->res), VMAT_OK);
}

static void
setup(struct fixture *f, const char *const *by, size_t nby, bool latest, size_t min_group)
{
	f->s = survey_ok(survey_json);
	struct vmat_report_options opt = { .by = by, .nby = nby, .latest = latest,
					   .min_group = min_group, .keep_rows = true };
	assert_int_equal(vmat_agg_create(&f->agg, f->s, &opt, NULL), VMAT_OK);
	assert_int_equal(vmat_result_init(&f->res, f->s), VMAT_OK);
}

static void
teardown(struct fixture *f)
{
	vmat_agg_destroy(f->agg);
	vmat_result_finish(&f->res);
	vmat_survey_destroy(f->s);
	response_done();
}

/* index = 100 * level / 2 = percent answer rounded down to a quarter; the
 * quantiles are R's type 7, numpy's default. */
static void
test_quantiles_type7(void **state)
{
	(void)state;
	struct fixture f;
	static const char *const by[] = { "region" };
	setup(&f, by, 1, false, 0);
	/* indexes 0, 25, 50, 100 (answers 10, 30, 60, 100) */
	add(&f, "a", "X", "2010-01-01", 10, -1);
	add(&f, "b", "X", "2010-01-01", 30, -1);
	add(&f, "c", "X", "2010-01-01", 60, -1);
	add(&f, "d", "X", "2010-01-01", 100, -1);
	add(&f, "e", "X", "2010-01-01", -1, -1);	/* no index: left out of the quantiles */
	assert_int_equal(vmat_agg_finish(f.agg), VMAT_OK);
	size_t n;
	const struct vmat_group *g = vmat_agg_groups(f.agg, &n);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].responses, 5);
	assert_near(g[0].index_mean, 43.75);
	assert_near(g[0].index_p25, 18.75);	/* h = 0.75: 0 + 0.75 * 25 */
	assert_near(g[0].index_median, 37.5);	/* h = 1.5: 25 + 0.5 * 25 */
	assert_near(g[0].index_p75, 62.5);	/* h = 2.25: 50 + 0.25 * 50 */
	assert_near(g[0].dim_median[0], 0.75);
	assert_true(isnan(g[0].aspiration_mean));
	assert_true(isnan(g[0].mindset_ahead_share));
	assert_int_equal(g[0].stages[0], 3);	/* a, b and e */
	assert_int_equal(g[0].stages[1], 1);
	assert_int_equal(g[0].stages[2], 1);
	teardown(&f);
}

static void
test_groups_sorted_and_other_last(void **state)
{
	(void)state;
	struct fixture f;
	static const char *const by[] = { "region", "year" };
	setup(&f, by, 2, false, 2);
	add(&f, "a", "b-region", "2011-05-01", 50, 2);
	add(&f, "b", "a-region", "2012-05-01", 50, 2);
	add(&f, "c", "b-region", "2011-06-01", 50, 0);
	add(&f, "d", "B-region", "2011-06-01", 50, 0);
	add(&f, "e", "a-region", "2012-01-01", 75, 2);
	assert_int_equal(vmat_agg_finish(f.agg), VMAT_OK);
	size_t n;
	const struct vmat_group *g = vmat_agg_groups(f.agg, &n);
	assert_int_equal(n, 3);
	/* byte order: "a-region" < "b-region"; the lone "B-region" folds */
	assert_string_equal(g[0].key[0], "a-region");
	assert_string_equal(g[0].key[1], "2012");
	assert_string_equal(g[1].key[0], "b-region");
	assert_string_equal(g[2].key[0], "(other)");
	assert_string_equal(g[2].key[1], "(other)");
	assert_string_equal(vmat_agg_group_label(f.agg, 1), "b-region / 2011");
	/* b-region: gaps 2 - 1 = 1 and 0 - 1 = -1: one of two ahead */
	assert_near(g[1].mindset_ahead_share, 0.5);
	assert_near(g[1].gap_mean, 0);
	teardown(&f);
}

static void
test_latest_by_date_then_input_order(void **state)
{
	(void)state;
	struct fixture f;
	static const char *const by[] = { "region" };
	setup(&f, by, 1, true, 0);
	add(&f, "acme", "X", "2012-01-01", 10, -1);
	add(&f, "acme", "X", "2010-01-01", 100, -1);	/* older: left out */
	add(&f, "acme", "X", "2012-01-01", 60, -1);	/* same day, later input: counts */
	add(&f, "zeta", "Y", "2011-01-01", 30, -1);
	assert_int_equal(vmat_agg_finish(f.agg), VMAT_OK);
	size_t n;
	const struct vmat_group *g = vmat_agg_groups(f.agg, &n);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].responses, 1);
	assert_near(g[0].index_mean, 50);

	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	assert_int_equal(vmat_agg_write_responses(f.agg, fp), VMAT_OK);
	fclose(fp);
	/* only the counted rows, each with its percentile in its group */
	assert_non_null(strstr(out, ",acme,X,2012-01-01,"));
	assert_null(strstr(out, "2010-01-01"));
	assert_non_null(strstr(out, "index_percentile\n"));
	assert_non_null(strstr(out, ",50,,,1,1,,c,100\n"));	/* index 50, blockers c, 100th */
	free(out);
	teardown(&f);
}

static void
test_unknown_by_field(void **state)
{
	(void)state;
	struct vmat_survey *s = survey_ok(survey_json);
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	static const char *const by[] = { "quarter", "colour", "quarter" };
	struct vmat_agg *agg;
	struct vmat_report_options opt = { .by = by, .nby = 3 };
	assert_int_equal(vmat_agg_create(&agg, s, &opt, d), VMAT_EINVAL);
	char *text = diags_text(d);
	assert_string_equal(text,
			    "error: --by: unknown field \"colour\" (expected one of: id, customer, "
			    "region, date, interviewer, country, segment, industry, year, quarter, "
			    "month)\n");
	free(text);
	vmat_diags_destroy(d);
	vmat_survey_destroy(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantiles_type7),
		cmocka_unit_test(test_groups_sorted_and_other_last),
		cmocka_unit_test(test_latest_by_date_then_input_order),
		cmocka_unit_test(test_unknown_by_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
