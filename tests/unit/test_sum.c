/* sum.c: exact sums, the same bits whatever the order of the adds and
 * however they were split into parts and merged. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sum.h"

static void
test_empty(void **state)
{
	(void)state;
	struct sum s = { 0 };
	assert_true(isnan(sum_mean(&s)));
	struct sum t = { 0 };
	sum_merge(&s, &t);
	assert_int_equal(s.n, 0);
	assert_true(isnan(sum_mean(&s)));
	sum_add(&s, 0.0);
	assert_int_equal(s.n, 1);
	assert_true(sum_mean(&s) == 0.0);
}

static void
test_exact_values(void **state)
{
	(void)state;
	/* values with few bits are held exactly: the mean is exact */
	struct sum s = { 0 };
	sum_add(&s, 1.5);
	sum_add(&s, 2.25);
	sum_add(&s, -0.75);
	assert_int_equal(s.n, 3);
	assert_true(sum_mean(&s) == 1.0);
	assert_true(to_fixed(1.0) == (fixed)1 << 64);
	assert_true(to_fixed(-2.0) == -((fixed)1 << 65));
	assert_true(to_fixed(0x1p-64) == 1);
	assert_true(to_fixed(0x1p-65) == 0);	/* below the unit: dropped */
	assert_true(to_fixed(-0.0) == 0);
	assert_true(to_fixed(100.0) == (fixed)100 << 64);
	/* truncated towards zero, as a conversion is */
	assert_true(to_fixed(0x1.8p-64) == 1);
	assert_true(to_fixed(-0x1.8p-64) == -1);
}

/* A value with bits everywhere, as indexes and shares have. */
static double
value(size_t i)
{
	return (double)(i * 7919 % 10007) / 100.07 + 1.0 / (double)(i + 3);
}

static void
test_order_and_parts(void **state)
{
	(void)state;
	enum { N = 1000 };
	struct sum forward = { 0 }, backward = { 0 }, merged = { 0 };
	double naive = 0;
	for (size_t i = 0; i < N; i++) {
		sum_add(&forward, value(i));
		naive += value(i);
	}
	for (size_t i = N; i-- > 0;) {
		sum_add(&backward, value(i));
	}
	/* three parts of uneven sizes, merged out of order */
	struct sum part[3] = { { 0 } };
	for (size_t i = 0; i < N; i++) {
		sum_add(&part[i < 17 ? 0 : i < 600 ? 1 : 2], value(i));
	}
	sum_merge(&merged, &part[2]);
	sum_merge(&merged, &part[0]);
	sum_merge(&merged, &part[1]);
	assert_true(forward.total == backward.total);
	assert_true(forward.total == merged.total);
	assert_int_equal(merged.n, N);
	double m = sum_mean(&forward);
	assert_memory_equal(&m, &(double){ sum_mean(&backward) }, sizeof(m));
	assert_memory_equal(&m, &(double){ sum_mean(&merged) }, sizeof(m));
	assert_true(fabs(m - naive / N) < 1e-9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_exact_values),
		cmocka_unit_test(test_order_and_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
