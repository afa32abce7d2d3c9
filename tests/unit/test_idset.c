/* idset.c: sets of numbers that grow from empty, take the smaller of their
 * two forms (a hash table or bits) as they grow, and merge through a map. */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "helpers.h"
#include "idset.h"

/* Whether id is in set, read from either form. */
static bool
has(const struct idset *set, size_t id)
{
	if (set->dense) {
		return id / 64 < set->nwords && (set->bits[id / 64] >> (id % 64) & 1);
	}
	for (size_t k = hash_mix(id + 1) & (set->cap - 1); set->cap && set->slots[k];
	     k = (k + 1) & (set->cap - 1)) {
		if (set->slots[k] == id + 1) {
			return true;
		}
	}
	return false;
}

static void
test_empty(void **state)
{
	(void)state;
	struct idset set = { 0 }, other = { 0 };
	assert_true(idset_merge(&set, &other, NULL));
	assert_int_equal(set.len, 0);
	assert_false(has(&set, 0));
	idset_free(&set);
	idset_free(&set);
	assert_true(idset_add(&set, 0));
	assert_int_equal(set.len, 1);
	assert_false(set.dense);	/* one number: a few slots */
	assert_true(has(&set, 0));
	idset_free(&set);
}

static void
test_sparse_to_dense(void **state)
{
	(void)state;
	struct idset set = { 0 };
	/* small numbers, many of them: bits are smaller than slots */
	for (size_t i = 0; i < 1000; i++) {
		assert_true(idset_add(&set, i));
		assert_true(idset_add(&set, i));	/* twice: counted once */
	}
	assert_true(set.dense);
	assert_int_equal(set.len, 1000);
	assert_null(set.slots);
	for (size_t i = 0; i < 1000; i++) {
		assert_true(has(&set, i));
	}
	assert_false(has(&set, 1000));
	/* then a number far above the others: a hash table again */
	assert_true(idset_add(&set, 10000000));
	assert_false(set.dense);
	assert_null(set.bits);
	assert_int_equal(set.len, 1001);
	assert_int_equal(set.top, 10000000);
	for (size_t i = 0; i < 1000; i++) {
		assert_true(has(&set, i));
	}
	assert_true(has(&set, 10000000));
	assert_true(set.cap * sizeof(*set.slots) <= 16 * set.len);
	idset_free(&set);
}

static void
test_stays_sparse(void **state)
{
	(void)state;
	/* a few numbers spread wide (one group's customers among many) */
	struct idset set = { 0 };
	for (size_t i = 0; i < 50; i++) {
		assert_true(idset_add(&set, i * 100003));
	}
	assert_false(set.dense);
	assert_int_equal(set.len, 50);
	assert_true(set.len * 4 <= set.cap * 3);
	for (size_t i = 0; i < 50; i++) {
		assert_true(has(&set, i * 100003));
		assert_false(has(&set, i * 100003 + 1));
	}
	idset_free(&set);
}

static void
test_merge(void **state)
{
	(void)state;
	/* two parts numbered apart; a map takes from's numbers to to's */
	struct idset to = { 0 }, sparse = { 0 }, dense = { 0 };
	for (size_t i = 0; i < 10; i++) {
		assert_true(idset_add(&to, i * 2));	/* 0 2 .. 18 */
		assert_true(idset_add(&sparse, i * 1000));
	}
	for (size_t i = 0; i < 500; i++) {
		assert_true(idset_add(&dense, i));
	}
	assert_false(sparse.dense);
	assert_true(dense.dense);
	size_t *map = malloc(9001 * sizeof(*map));
	assert_non_null(map);
	for (size_t i = 0; i <= 9000; i++) {
		map[i] = i + 1;	/* from's i is to's i + 1 */
	}
	assert_true(idset_merge(&to, &sparse, map));
	/* 0 2 .. 18, 1 1001 2001 .. 9001 */
	assert_int_equal(to.len, 20);
	assert_true(has(&to, 1) && has(&to, 9001) && has(&to, 18) && !has(&to, 1000));
	assert_true(idset_merge(&to, &dense, map));	/* 1 .. 500 */
	/* new: the odd numbers from 3 to 499 and the even from 20 to 500 */
	assert_int_equal(to.len, 20 + 249 + 241);
	for (size_t i = 0; i <= 500; i++) {
		assert_true(has(&to, i));
	}
	assert_true(idset_merge(&to, &dense, NULL));	/* the same numbers: 0..499 */
	assert_int_equal(to.len, 510);
	free(map);
	idset_free(&to);
	idset_free(&sparse);
	idset_free(&dense);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_sparse_to_dense),
		cmocka_unit_test(test_stays_sparse),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
