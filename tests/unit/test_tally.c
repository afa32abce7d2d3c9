/* tally.c: counts per value that grow from empty, merge exactly, and
 * once sorted answer order statistics and quantiles (reference §5). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "private.h"
#include "tally.h"

static void
add(struct tally *t, double v)
{
	assert_true(tally_add(t, tally_key(v), 1, NULL));
}

static void
test_empty(void **state)
{
	(void)state;
	struct tally t = { 0 };
	tally_prefetch(&t, tally_key(1.0));	/* no table yet: nothing to ask */
	struct tally u = { 0 };
	assert_true(tally_merge(&t, &u, NULL));
	tally_sort(&t);
	assert_int_equal(tally_count(&t), 0);
	assert_true(isnan(tally_quantile(&t, 0.5)));
	tally_free(&t);
	tally_free(&t);	/* freed: empty again */
	assert_null(t.slots);
}

static void
test_grow_and_count(void **state)
{
	(void)state;
	struct tally t = { 0 };
	/* 1000 distinct values, each i + 1 times: many growths from 4 slots */
	for (size_t i = 0; i < 1000; i++) {
		assert_true(tally_add(&t, tally_key((double)i / 8), i + 1, NULL));
	}
	assert_int_equal(t.len, 1000);
	assert_true(t.len * 4 <= t.cap * 3);	/* at most 3/4 full */
	assert_int_equal(t.cap & (t.cap - 1), 0);
	add(&t, 0.0);
	add(&t, -0.0);	/* the same value as 0 */
	assert_int_equal(t.len, 1000);
	tally_sort(&t);
	assert_int_equal(tally_count(&t), 1000 * 1001 / 2 + 2);
	assert_true(tally_nth(&t, 0) == 0.0);
	assert_true(tally_nth(&t, 2) == 0.0);	/* 1 + 2 zeros */
	assert_true(tally_nth(&t, 3) == 0.125);
	assert_true(tally_nth(&t, tally_count(&t) - 1) == 999.0 / 8);
	assert_int_equal(tally_at_or_below(&t, 0.0), 3);
	assert_int_equal(tally_at_or_below(&t, 0.125), 5);
	tally_free(&t);
}

/* Small tables come from the arena, larger ones from malloc(): the counts
 * are the same, and tally_free() frees only the latter (ASan and valgrind
 * would see a leak or a bad free). */
static void
test_arena(void **state)
{
	(void)state;
	struct arena arena = { 0 };
	struct tally t = { 0 }, u = { 0 };
	for (size_t i = 0; i < 5; i++) {
		assert_true(tally_add(&t, tally_key((double)i), 1, &arena));
	}
	assert_int_equal(t.cap, TALLY_ARENA_SLOTS);
	assert_false(t.owned);
	for (size_t i = 0; i < 100; i++) {
		assert_true(tally_add(&u, tally_key((double)(i % 50)), 1, &arena));
	}
	assert_true(u.owned);	/* grown past the arena's tables */
	assert_true(tally_merge(&u, &t, &arena));
	tally_sort(&u);
	assert_int_equal(tally_count(&u), 105);
	assert_int_equal(tally_at_or_below(&u, 4.0), 15);	/* 0..4: twice, and t's */
	tally_free(&t);
	assert_null(t.slots);
	tally_free(&u);
	arena_free(&arena);
}

static void
test_quantiles(void **state)
{
	(void)state;
	struct tally t = { 0 };
	const double v[] = { 40, 10, 30, 20, 20 };	/* sorted: 10 20 20 30 40 */
	for (size_t i = 0; i < COUNT(v); i++) {
		add(&t, v[i]);
	}
	tally_sort(&t);
	assert_int_equal(t.len, 4);
	assert_int_equal(tally_count(&t), 5);
	/* R type 7: h = (n - 1) p, between the order statistics around it */
	assert_true(tally_quantile(&t, 0.0) == 10);
	assert_true(tally_quantile(&t, 0.25) == 20);
	assert_true(tally_quantile(&t, 0.5) == 20);
	assert_true(tally_quantile(&t, 0.75) == 30);
	assert_true(tally_quantile(&t, 1.0) == 40);
	assert_true(tally_quantile(&t, 0.875) == 35);
	assert_true(tally_quantile(&t, 0.1) == 14);
	assert_int_equal(tally_at_or_below(&t, 10), 1);
	assert_int_equal(tally_at_or_below(&t, 20), 3);
	assert_int_equal(tally_at_or_below(&t, 40), 5);
	tally_free(&t);

	struct tally one = { 0 };
	add(&one, 7.5);
	tally_sort(&one);
	assert_true(tally_quantile(&one, 0.25) == 7.5);
	assert_true(tally_quantile(&one, 1.0) == 7.5);
	tally_free(&one);
}

static void
test_merge(void **state)
{
	(void)state;
	/* values split into parts, merged in any order: the same counts */
	struct tally all = { 0 }, part[3] = { { 0 } }, merged = { 0 };
	for (size_t i = 0; i < 600; i++) {
		double v = (double)(i * 37 % 101) / 4;
		add(&all, v);
		add(&part[i % 3], v);
	}
	assert_true(tally_merge(&merged, &part[2], NULL));
	assert_true(tally_merge(&merged, &part[0], NULL));
	assert_true(tally_merge(&merged, &part[1], NULL));
	tally_sort(&all);
	tally_sort(&merged);
	assert_int_equal(all.len, 101);
	assert_int_equal(merged.len, all.len);
	assert_memory_equal(merged.slots, all.slots, all.len * sizeof(*all.slots));
	assert_true(tally_quantile(&merged, 0.5) == tally_quantile(&all, 0.5));
	for (size_t i = 0; i < COUNT(part); i++) {
		tally_free(&part[i]);
	}
	tally_free(&all);
	tally_free(&merged);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_grow_and_count),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_quantiles),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
