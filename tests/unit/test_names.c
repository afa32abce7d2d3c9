/* names.c: strings numbered from 0 as they first come, found again by
 * their bytes, however many there are; maps between two sets of names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "helpers.h"
#include "names.h"

static long
put(struct names *names, const char *s, bool want_added)
{
	bool added = !want_added;
	long n = names_intern_string(names, s, &added);
	assert_true(n >= 0);
	assert_true(added == want_added);
	return n;
}

static void
test_numbering(void **state)
{
	(void)state;
	struct names names = { 0 };
	names_prefetch(&names, hash_bytes("a", 1));	/* no table yet */
	names_prefetch_name(&names, hash_bytes("a", 1));
	assert_int_equal(put(&names, "Andes Retail", true), 0);
	assert_int_equal(put(&names, "andes retail", true), 1);	/* bytes, not keys */
	assert_int_equal(put(&names, "", true), 2);
	assert_int_equal(put(&names, "Andes Retail", false), 0);
	assert_int_equal(put(&names, "", false), 2);
	/* a length with the bytes: "ab" is not the first two bytes of "abc" */
	bool added;
	assert_int_equal(names_intern(&names, "abc", 2, hash_bytes("abc", 2), &added), 3);
	assert_true(added);
	assert_int_equal(put(&names, "abc", true), 4);
	assert_int_equal(put(&names, "ab", false), 3);
	assert_int_equal(names.n, 5);
	assert_string_equal(name_of(&names, 0), "Andes Retail");
	assert_string_equal(name_of(&names, 2), "");
	assert_string_equal(name_of(&names, 3), "ab");
	names_prefetch(&names, hash_bytes("ab", 2));
	names_prefetch_name(&names, hash_bytes("ab", 2));
	names_free(&names);
}

static void
test_grow(void **state)
{
	(void)state;
	struct names names = { 0 };
	char s[32];
	/* many names, long and short: the table and the records grow */
	for (long i = 0; i < 5000; i++) {
		snprintf(s, sizeof(s), i % 2 ? "%ld" : "customer number %ld", i);
		assert_int_equal(put(&names, s, true), i);
	}
	assert_true(names.n * 4 <= names.cap * 3);
	for (long i = 4999; i >= 0; i--) {
		snprintf(s, sizeof(s), i % 2 ? "%ld" : "customer number %ld", i);
		assert_int_equal(put(&names, s, false), i);
		assert_string_equal(name_of(&names, (size_t)i), s);
	}
	/* emptied: numbered from 0 again, in the memory kept */
	names_clear(&names);
	assert_int_equal(names.n, 0);
	assert_int_equal(put(&names, "4999", true), 0);
	assert_int_equal(put(&names, "x", true), 1);
	assert_string_equal(name_of(&names, 0), "4999");
	names_free(&names);
}

static void
test_map(void **state)
{
	(void)state;
	struct names to = { 0 }, from = { 0 };
	put(&to, "b", true);
	put(&to, "d", true);
	put(&from, "a", true);
	put(&from, "b", true);
	put(&from, "c", true);
	put(&from, "d", true);
	size_t *map = names_map(&to, &from);
	assert_non_null(map);
	/* from's numbers in to: the missing names added in from's order */
	assert_int_equal(map[0], 2);
	assert_int_equal(map[1], 0);
	assert_int_equal(map[2], 3);
	assert_int_equal(map[3], 1);
	assert_int_equal(to.n, 4);
	assert_string_equal(name_of(&to, 2), "a");
	assert_string_equal(name_of(&to, 3), "c");
	free(map);
	struct names empty = { 0 };
	map = names_map(&to, &empty);
	assert_non_null(map);
	assert_int_equal(to.n, 4);
	free(map);
	names_free(&to);
	names_free(&from);
	names_free(&empty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
