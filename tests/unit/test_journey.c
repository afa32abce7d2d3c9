/* journey.c: months between interviews (month ends, leap years, the same
 * day, backwards) and the blockers resolved and new. */
#include <math.h>

#include "helpers.h"

static void
test_months(void **state)
{
	(void)state;
	assert_near(journey_months("2010-05-12", "2011-05-12"), 12);
	/* Banco del Sur: 10 months to 2011-03-12, then 10 of March's 31 days */
	assert_near(journey_months("2010-05-12", "2011-03-22"), 10.3);
	assert_near(journey_months("2011-03-22", "2010-05-12"), -10.3);
	assert_near(journey_months("2011-01-01", "2011-01-01"), 0);
	/* a month after the 31st of January is the last of February */
	assert_near(journey_months("2011-01-31", "2011-02-28"), 1);
	assert_near(journey_months("2012-01-31", "2012-02-29"), 1);	/* leap year */
	assert_near(journey_months("2012-01-31", "2012-02-20"), 0.7);	/* 20 of 29 days */
	assert_near(journey_months("2011-02-28", "2011-03-31"), 1.1);	/* 3 of 31 */
	/* 2000 is a leap year, 1900 and 2100 are not */
	assert_near(journey_months("2000-02-01", "2000-03-01"), 1);
	assert_near(journey_months("2000-02-15", "2000-03-01"), 0.5);	/* 15 of 29 days */
	assert_near(journey_months("2100-02-15", "2100-03-01"), 0.5);	/* 14 of 28 */
	assert_near(journey_months("2009-06-10", "2013-06-18"), 48.3);	/* 8 of 30 days */
	assert_true(isnan(journey_months(NULL, "2011-01-01")));
	assert_true(isnan(journey_months("2011-02-30", "2011-03-01")));
}

static void
test_blockers_diff(void **state)
{
	(void)state;
	const size_t before[] = { 0, 2, 5 }, now[] = { 5, 1 };
	size_t resolved[3], added[2], nr, na;
	journey_blockers_diff(before, 3, now, 2, resolved, &nr, added, &na);
	assert_int_equal(nr, 2);
	assert_int_equal(resolved[0], 0);
	assert_int_equal(resolved[1], 2);
	assert_int_equal(na, 1);
	assert_int_equal(added[0], 1);
	journey_blockers_diff(NULL, 0, now, 2, resolved, &nr, added, &na);
	assert_int_equal(nr, 0);
	assert_int_equal(na, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_blockers_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
