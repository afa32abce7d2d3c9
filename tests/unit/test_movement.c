/* movement.c: what a finished history says of groups (reference §9), driven
 * through the history sink without a report: movement, transitions, the
 * customers due for a visit, the state at each quarter's end, the latest
 * interviews. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The survey of tests/data/mini.json: stage 1 needs compute 1, stage 2
 * compute 2 and availability 2; pct 80 and dr "tested" reach stage 2. */
static const char survey_json[] =
	"{\"format\": \"vmat-survey/1\", \"id\": \"mini\", \"version\": 1, \"title\": \"Mini\","
	" \"stages\": [{\"id\": \"one\", \"name\": \"One\", \"requires\": {\"compute\": 1}},"
	"  {\"id\": \"two\", \"name\": \"Two\", \"requires\": {\"compute\": 2, \"availability\": 2}}],"
	" \"dimensions\": [{\"id\": \"compute\", \"name\": \"Compute\"},"
	"  {\"id\": \"availability\", \"name\": \"Availability\"}],"
	" \"questions\": ["
	"  {\"id\": \"pct\", \"dimension\": \"compute\", \"type\": \"percent\", \"text\": \"P?\","
	"   \"thresholds\": [[0, 0], [30, 1], [70, 2]]},"
	"  {\"id\": \"dr\", \"dimension\": \"availability\", \"type\": \"choice\", \"text\": \"D?\","
	"   \"choices\": [{\"id\": \"none\", \"label\": \"None\", \"level\": 0},"
	"    {\"id\": \"tested\", \"label\": \"Tested\", \"level\": 2}]}]}";

struct fixture {
	struct vmat_survey *s;
	struct vmat_history *h;
	void *part;
	struct vmat_result res;
};

/* Adds an interview of customer on date, in group g ("A" or "B"), at
 * stage 0 (pct 10, dr none), 1 (pct 40, dr none) or 2 (pct 80, dr tested). */
static void
add(struct fixture *f, const char *id, const char *customer, const char *date,
    const char *group, int stage)
{
	static const char *const answers[] = {
		"\"pct\": 10, \"dr\": \"none\"",
		"\"pct\": 40, \"dr\": \"none\"",
		"\"pct\": 80, \"dr\": \"tested\"",
	};
	char json[512];
	snprintf(json, sizeof(json),
		 "{\"format\": \"vmat-response/1\", \"survey\": \"mini\", \"survey_version\": 1,"
		 " \"id\": \"%s\", \"customer\": \"%s\", \"region\": \"X\", \"date\": \"%s\","
		 " \"interviewer\": \"SE %s\", \"answers\": {%s}}",
		 id, customer, date, group, answers[stage]);
	const struct vmat_response *r = response_json(f->s, json, NULL);
	assert_non_null(r);
	vmat_score(f->s, r, &f->res);
	assert_int_equal(f->res.stage, stage);
	assert_int_equal(history_add(f->part, r, &f->res, group), VMAT_OK);
	response_done();
}

static size_t
group_of(void *ctx, const char *group)
{
	(void)ctx;
	return group && strcmp(group, "A") == 0 ? 0 : group && strcmp(group, "B") == 0 ? 1 : 2;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->s = survey_ok(survey_json);
	assert_int_equal(vmat_history_create(&f->h, f->s), VMAT_OK);
	f->part = vmat_history_sink.part_create(f->h);
	assert_non_null(f->part);
	assert_int_equal(vmat_result_init(&f->res, f->s), VMAT_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	vmat_history_sink.part_destroy(f->part);
	vmat_history_destroy(f->h);
	vmat_result_finish(&f->res);
	vmat_survey_destroy(f->s);
	free(f);
	return 0;
}

/* The interviews of the tests below, added in no particular order:
 * - Alto (A): stage 2 on 2010-01-31, 0 on 2011-02-28: moved down;
 * - BOSQUE S.A. / Bosque (A): 0, 2, 2 (2010-03-10, 2011-03-10, 2012-03-10):
 *   one customer by its key, unchanged at the last pair, 0 -> 2 then 2 -> 2;
 * - Cerro (A): stage 1 once, on 2009-06-01;
 * - Delta (B): 1 on 2010-05-05, 1 on 2012-05-05, its latest in B;
 * - Eco: an interview in A (2010-01-01) then its latest in B (2012-06-30). */
static void
add_all(struct fixture *f)
{
	add(f, "e2", "Eco", "2012-06-30", "B", 1);
	add(f, "a2", "Alto", "2011-02-28", "A", 0);
	add(f, "b3", "Bosque", "2012-03-10", "A", 2);
	add(f, "c1", "Cerro", "2009-06-01", "A", 1);
	add(f, "a1", "Alto", "2010-01-31", "A", 2);
	add(f, "b1", "BOSQUE S.A.", "2010-03-10", "A", 0);
	add(f, "d1", "Delta", "2010-05-05", "B", 1);
	add(f, "b2", "Bosque", "2011-03-10", "A", 2);
	add(f, "d2", "Delta", "2012-05-05", "B", 1);
	add(f, "e1", "Eco", "2010-01-01", "A", 0);
	assert_int_equal(vmat_history_sink.part_merge(f->h, f->part), VMAT_OK);
}

static void
test_movement(void **state)
{
	struct fixture *f = *state;
	add_all(f);
	struct movement *m = calloc(2, sizeof(*m));
	struct movement_options opt = { .as_of = NULL, .stale_after = 24 };
	assert_int_equal(history_movement(f->h, group_of, NULL, 2, 3, &opt, m), VMAT_OK);

	/* A: Alto, Bosque and Cerro (Eco's latest is in B) */
	assert_string_equal(m[0].as_of, "2012-06-30");
	assert_int_equal(m[0].reinterviewed, 2);
	assert_int_equal(m[0].up, 0);
	assert_int_equal(m[0].unchanged, 1);
	assert_int_equal(m[0].down, 1);
	/* the pairs ending in A: Alto 13 months, Bosque 12 and 12 */
	assert_near(m[0].median_months_between, 12);
	/* since: Alto 2011-02-28 (16.1), Bosque 2011-03-10 (15.7), Cerro
	 * 2009-06-01 (37): the median */
	assert_near(m[0].median_months_at_stage, 16.1);
	assert_int_equal(m[0].moved_down.n, 1);
	assert_string_equal(m[0].moved_down.items[0].customer, "Alto");
	assert_int_equal(m[0].moved_down.items[0].from, 2);
	assert_int_equal(m[0].moved_down.items[0].stage, 0);
	/* transitions in A, customers: 2 -> 0 (Alto), 0 -> 2 and 2 -> 2 (Bosque) */
	assert_int_equal(m[0].transitions[2 * 3 + 0], 1);
	assert_int_equal(m[0].transitions[0 * 3 + 2], 1);
	assert_int_equal(m[0].transitions[2 * 3 + 2], 1);
	assert_int_equal(m[0].transitions[1 * 3 + 1], 0);
	/* longest at their stage first: Cerro, Alto, Bosque */
	assert_int_equal(m[0].stuck.n, 3);
	assert_string_equal(m[0].stuck.items[0].customer, "Cerro");
	assert_near(m[0].stuck.items[0].months, 37);
	assert_string_equal(m[0].stuck.items[2].customer, "Bosque");
	assert_string_equal(m[0].stuck.items[2].date, "2011-03-10");
	/* not interviewed for more than 24 months: Cerro only */
	assert_int_equal(m[0].stale.n, 1);
	assert_string_equal(m[0].stale.items[0].customer, "Cerro");
	assert_string_equal(m[0].stale.items[0].interviewer, "SE A");

	/* B: Delta unchanged, and Eco, whose pair A -> B ends in B */
	assert_int_equal(m[1].reinterviewed, 2);
	assert_int_equal(m[1].up, 1);
	assert_int_equal(m[1].unchanged, 1);
	assert_int_equal(m[1].transitions[0 * 3 + 1], 1);
	assert_int_equal(m[1].transitions[1 * 3 + 1], 1);
	assert_int_equal(m[1].stale.n, 0);
	movement_free(m, 2);
}

/* The state at each quarter's end: a customer counts in every quarter from
 * its interview to its next one, in the group of the interview. */
static void
test_snapshots(void **state)
{
	struct fixture *f = *state;
	add_all(f);
	struct movement *m = calloc(2, sizeof(*m));
	struct movement_options opt = { .stale_after = INFINITY };
	assert_int_equal(history_movement(f->h, group_of, NULL, 2, 3, &opt, m), VMAT_OK);
	movement_free(m, 2);
	struct snapshots s;
	assert_int_equal(history_snapshots(f->h, group_of, NULL, 2, &s), VMAT_OK);
	/* 2009-Q2 .. 2012-Q2: 13 quarters */
	assert_int_equal(s.first, 2009 * 4 + 1);
	assert_int_equal(s.n, 13);
	/* A in 2009-Q2: Cerro alone (index of stage 1: pct 40 -> compute 1, dr
	 * none -> availability 0: mean level 0.5 of 2 -> 25) */
	assert_int_equal(s.customers[0 * 13 + 0], 1);
	assert_near(s.mean[0 * 13 + 0], 25);
	/* A in 2010-Q1: Cerro, Alto (stage 2: 100), Bosque (stage 0: 0), Eco (0) */
	assert_int_equal(s.customers[0 * 13 + 3], 4);
	assert_near(s.mean[0 * 13 + 3], (25 + 100 + 0 + 0) / 4.0);
	/* A in 2012-Q2: Eco has moved to B; Cerro, Alto, Bosque stay */
	assert_int_equal(s.customers[0 * 13 + 12], 3);
	/* B before its first interview (2010-Q2): nobody, no mean */
	assert_int_equal(s.customers[1 * 13 + 3], 0);
	assert_true(isnan(s.mean[1 * 13 + 3]));
	assert_int_equal(s.customers[1 * 13 + 12], 2);
	snapshots_free(&s);

	struct customer_latest *latest;
	size_t n;
	assert_int_equal(history_latest(f->h, &latest, &n), VMAT_OK);
	assert_int_equal(n, 5);	/* Alto, Bosque, Cerro, Delta, Eco */
	assert_string_equal(latest[1].customer, "Bosque");
	assert_string_equal(latest[1].date, "2012-03-10");
	assert_string_equal(latest[4].group, "B");
	free(latest);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_movement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshots, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
