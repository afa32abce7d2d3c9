/* stats.c: the 95% intervals of reference §5, against values published or
 * computed elsewhere: R's qt() and t.test(), and Newcombe's (1998) table of
 * Wilson intervals. */
#include <math.h>

#include "helpers.h"
#include "private.h"

static void
test_t975(void **state)
{
	(void)state;
	/* R: qt(0.975, df) */
	static const struct {
		size_t df;
		double t;
	} cases[] = {
		{ 1, 12.706204736174707 }, { 2, 4.302652729749464 },  { 3, 3.182446305284263 },
		{ 4, 2.7764451051977934 }, { 5, 2.570581835636314 },  { 10, 2.2281388519862744 },
		{ 30, 2.0422724563012373 }, { 120, 1.9799304050524002 }, { 1000, 1.9623390808264078 },
		{ 5000, 1.9604386466615258 },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		assert_float_equal(stats_t975(cases[i].df), cases[i].t, 1e-9);
		assert_float_equal(stats_t975(cases[i].df), cases[i].t, 1e-9);	/* kept */
	}
	assert_true(isnan(stats_t975(0)));
}

static void
test_mean_interval(void **state)
{
	(void)state;
	double lo, hi;
	/* R: t.test(1:5)$conf.int: 1.036757 4.963243 */
	stats_mean_interval(3, 2.5, 5, &lo, &hi);
	assert_float_equal(lo, 1.036757, 1e-6);
	assert_float_equal(hi, 4.963243, 1e-6);
	/* two values 40 and 55: the standard error is 7.5, t(1) 12.7062047, so
	 * 47.5 +- 95.2965355 */
	stats_mean_interval(47.5, 112.5, 2, &lo, &hi);
	assert_float_equal(lo, -47.7965355, 1e-6);
	assert_float_equal(hi, 142.7965355, 1e-6);
	/* one value: no interval */
	stats_mean_interval(3, NAN, 1, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
	/* no spread: the interval is the mean */
	stats_mean_interval(2, 0, 4, &lo, &hi);
	assert_true(lo == 2 && hi == 2);
}

static void
test_wilson(void **state)
{
	(void)state;
	/* Newcombe (1998), Statistics in Medicine 17:857, table II, method 3 */
	static const struct {
		size_t k, n;
		double lo, hi;
	} cases[] = {
		{ 81, 263, 0.2553, 0.3662 },
		{ 15, 148, 0.0624, 0.1605 },
		{ 0, 20, 0, 0.1611 },
		{ 1, 29, 0.0061, 0.1718 },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		double lo, hi;
		stats_wilson(cases[i].k, cases[i].n, &lo, &hi);
		assert_float_equal(lo, cases[i].lo, 0.00005);
		assert_float_equal(hi, cases[i].hi, 0.00005);
	}
	double lo, hi;
	stats_wilson(5, 5, &lo, &hi);	/* all: the upper end is 1 */
	assert_true(hi == 1 && lo > 0.56 && lo < 0.57);
	stats_wilson(0, 0, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t975),
		cmocka_unit_test(test_mean_interval),
		cmocka_unit_test(test_wilson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
