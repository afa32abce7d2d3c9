/* latest.c: one entry per customer number, the latest by date, a tie to
 * the one put later; whole entries of any stride copied. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "latest.h"

enum { NDIMS = 3 };
#define STRIDE (sizeof(struct entry) + NDIMS * sizeof(double) + sizeof(uint64_t))

/* An entry of STRIDE bytes: seq, date, and scores and a blocker word made
 * from seq, to see that all of it is copied. */
static struct entry *
make(void *buf, size_t seq, int32_t date)
{
	struct entry *e = buf;
	memset(buf, 0, STRIDE);
	e->seq = seq;
	e->date = date;
	e->index = NAN;
	for (size_t d = 0; d < NDIMS; d++) {
		e->scores[d] = (double)seq + (double)d / 10;
	}
	uint64_t bits = seq * 0x9e3779b97f4a7c15u;
	memcpy(e->scores + NDIMS, &bits, sizeof(bits));
	return e;
}

static void
assert_entry(const struct latest *t, size_t c, size_t seq, int32_t date)
{
	unsigned char want[STRIDE];
	make(want, seq, date);
	assert_memory_equal(latest_entry(t, c), want, STRIDE);
}

static void
test_latest_by_date(void **state)
{
	(void)state;
	unsigned char buf[STRIDE];
	struct latest t;
	latest_init(&t, STRIDE);
	assert_null(t.entries);
	assert_int_equal(latest_put(&t, 0, true, make(buf, 0, 20240301)), VMAT_OK);
	assert_int_equal(latest_put(&t, 1, true, make(buf, 1, 0)), VMAT_OK);	/* no date */
	assert_int_equal(latest_put(&t, 0, false, make(buf, 2, 20231231)), VMAT_OK);	/* older */
	assert_entry(&t, 0, 0, 20240301);
	assert_int_equal(latest_put(&t, 0, false, make(buf, 3, 20240301)), VMAT_OK);	/* a tie */
	assert_entry(&t, 0, 3, 20240301);
	assert_int_equal(latest_put(&t, 0, false, make(buf, 4, 20250101)), VMAT_OK);	/* newer */
	assert_entry(&t, 0, 4, 20250101);
	/* a date, where there was none */
	assert_int_equal(latest_put(&t, 1, false, make(buf, 5, 20200101)), VMAT_OK);
	assert_entry(&t, 1, 5, 20200101);
	assert_int_equal(latest_put(&t, 1, false, make(buf, 6, 0)), VMAT_OK);	/* none again */
	assert_entry(&t, 1, 5, 20200101);
	latest_free(&t);
	assert_null(t.entries);
	assert_int_equal(t.stride, STRIDE);	/* ready to be used again */
	latest_free(&t);
}

static void
test_grow(void **state)
{
	(void)state;
	unsigned char buf[STRIDE];
	struct latest t;
	latest_init(&t, STRIDE);
	/* customers numbered as they come, each seen twice */
	for (size_t c = 0; c < 3000; c++) {
		assert_int_equal(latest_put(&t, c, true, make(buf, c, 20200101)), VMAT_OK);
	}
	for (size_t c = 0; c < 3000; c++) {
		int32_t date = c % 2 ? 20210101 : 20190101;
		assert_int_equal(latest_put(&t, c, false, make(buf, 3000 + c, date)), VMAT_OK);
	}
	assert_true(t.cap >= 3000);
	for (size_t c = 0; c < 3000; c++) {
		if (c % 2) {
			assert_entry(&t, c, 3000 + c, 20210101);
		} else {
			assert_entry(&t, c, c, 20200101);
		}
	}
	latest_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latest_by_date),
		cmocka_unit_test(test_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
