/* rowstore.c: rows read back in the order they were put, whether they stayed
 * in memory or went to a file, which has no name in the directory given. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "rowstore.h"

struct seen_rows {
	size_t n, stop_at;
	char text[8192];
	size_t len;
};

static int
collect(void *ctx, const struct row_head *h, const char *row)
{
	struct seen_rows *s = ctx;
	if (s->n == s->stop_at) {
		return VMAT_EIO;
	}
	assert_int_equal(h->key, s->n);
	assert_true(h->index == (double)s->n / 4 || (s->n % 5 == 0 && isnan(h->index)));
	assert_true(s->len + h->len + 1 < sizeof(s->text));
	memcpy(s->text + s->len, row, h->len);
	s->len += h->len;
	s->text[s->len++] = '\n';
	s->text[s->len] = '\0';
	s->n++;
	return VMAT_OK;
}

/* Puts rows first .. first + n - 1 ("row K", index K / 4, NAN every fifth);
 * their text appended to expect. */
static void
put_rows(struct rowstore *s, size_t first, size_t n, char *expect, size_t size)
{
	for (size_t k = first; k < first + n; k++) {
		char row[64];
		int len = snprintf(row, sizeof(row), "row %zu,\"a, b\"", k);
		struct row_head h = { .index = k % 5 == 0 ? NAN : (double)k / 4,
				      .key = (uint32_t)k, .len = (uint32_t)len };
		assert_int_equal(rowstore_put(s, &h, row), VMAT_OK);
		snprintf(expect + strlen(expect), size - strlen(expect), "%s\n", row);
	}
}

static void
test_empty(void **state)
{
	(void)state;
	struct rowstore s;
	assert_int_equal(rowstore_init(&s, NULL, 1 << 20), VMAT_OK);
	assert_int_equal(rowstore_settle(&s), VMAT_OK);
	struct seen_rows got = { .stop_at = SIZE_MAX };
	assert_int_equal(rowstore_each(&s, collect, &got), VMAT_OK);
	assert_int_equal(got.n, 0);
	rowstore_finish(&s);
	struct rowstore never = { 0 };	/* never opened: nothing to undo */
	rowstore_clear(&never);
	rowstore_finish(&never);
}

static void
test_in_memory(void **state)
{
	(void)state;
	struct rowstore s;
	char expect[8192] = "";
	assert_int_equal(rowstore_init(&s, NULL, 1 << 20), VMAT_OK);
	put_rows(&s, 0, 20, expect, sizeof(expect));
	assert_int_equal(rowstore_settle(&s), VMAT_OK);
	assert_null(s.spill);
	struct seen_rows got = { .stop_at = SIZE_MAX };
	assert_int_equal(rowstore_each(&s, collect, &got), VMAT_OK);
	assert_int_equal(got.n, 20);
	assert_string_equal(got.text, expect);
	/* read twice: the same rows */
	got = (struct seen_rows){ .stop_at = SIZE_MAX };
	assert_int_equal(rowstore_each(&s, collect, &got), VMAT_OK);
	assert_string_equal(got.text, expect);
	/* an error from fn stops the walk and comes back */
	got = (struct seen_rows){ .stop_at = 3 };
	assert_int_equal(rowstore_each(&s, collect, &got), VMAT_EIO);
	assert_int_equal(got.n, 3);
	/* emptied, then used again (as a part of a run is) */
	rowstore_clear(&s);
	expect[0] = '\0';
	put_rows(&s, 0, 2, expect, sizeof(expect));
	assert_int_equal(rowstore_settle(&s), VMAT_OK);
	got = (struct seen_rows){ .stop_at = SIZE_MAX };
	assert_int_equal(rowstore_each(&s, collect, &got), VMAT_OK);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.text, expect);
	rowstore_finish(&s);
}

static size_t
entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	}
	closedir(d);
	return n;
}

static void
test_spill(void **state)
{
	(void)state;
	char dir[] = "/tmp/vmat-rowstore-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct rowstore s;
	char expect[8192] = "";
	/* a few rows' worth in memory: the rest go to the file */
	assert_int_equal(rowstore_init(&s, dir, 100), VMAT_OK);
	put_rows(&s, 0, 2, expect, sizeof(expect));
	assert_null(s.spill);
	put_rows(&s, 2, 150, expect, sizeof(expect));
	assert_non_null(s.spill);
	assert_int_equal(entries(dir), 0);	/* the file has no name */
	assert_int_equal(rowstore_settle(&s), VMAT_OK);
	struct seen_rows got = { .stop_at = SIZE_MAX };
	assert_int_equal(rowstore_each(&s, collect, &got), VMAT_OK);
	assert_int_equal(got.n, 152);
	assert_string_equal(got.text, expect);
	/* emptied: the file closed, the next rows from the start */
	rowstore_clear(&s);
	assert_null(s.spill);
	expect[0] = '\0';
	put_rows(&s, 0, 30, expect, sizeof(expect));
	assert_int_equal(rowstore_settle(&s), VMAT_OK);
	got = (struct seen_rows){ .stop_at = SIZE_MAX };
	assert_int_equal(rowstore_each(&s, collect, &got), VMAT_OK);
	assert_int_equal(got.n, 30);
	assert_string_equal(got.text, expect);
	rowstore_finish(&s);
	assert_int_equal(entries(dir), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_spill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
