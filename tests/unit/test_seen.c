/* seen.c: which version of an id came first in input order, whatever the
 * order of the puts; and contents that are the same whatever form they were
 * read from. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static struct seen_entry
entry(uint64_t id, uint32_t content, uint32_t ord)
{
	return (struct seen_entry){ .id = id, .content = content, .ord = ord };
}

static void
test_first_in_input_order(void **state)
{
	(void)state;
	struct seen *s;
	struct seen_entry e, was, got;
	assert_int_equal(seen_create(&s, false), VMAT_OK);
	e = entry(42, 7, 5);
	assert_int_equal(seen_put(s, &e, &was), SEEN_NEW);
	e = entry(42, 8, 9);	/* later: left as it is */
	assert_int_equal(seen_put(s, &e, &was), SEEN_AFTER);
	assert_int_equal(was.ord, 5);
	assert_int_equal(was.content, 7);
	e = entry(42, 9, 2);	/* earlier, put later in time: it replaces */
	assert_int_equal(seen_put(s, &e, &was), SEEN_BEFORE);
	assert_int_equal(was.ord, 5);
	assert_true(seen_get(s, 42, &got));
	assert_int_equal(got.ord, 2);
	assert_int_equal(got.content, 9);
	assert_false(seen_get(s, 43, &got));
	e = entry(0, 1, 3);	/* id 0 is a free slot's mark: still an id */
	assert_int_equal(seen_put(s, &e, &was), SEEN_NEW);
	assert_true(seen_get(s, 0, &got));
	assert_int_equal(got.ord, 3);
	seen_destroy(s);
}

/* Growing, by puts or reserve(), keeps every entry. */
static void
test_grow_and_reserve(void **state)
{
	(void)state;
	struct seen *s;
	struct seen_entry e, was, got;
	assert_int_equal(seen_create(&s, false), VMAT_OK);
	for (uint32_t i = 0; i < 3000; i++) {
		if (i == 1000) {
			seen_reserve(s, 5000);
		}
		e = entry(seen_id((char[16]){ 0 }) ^ ((uint64_t)i * 0x9e3779b97f4a7c15u), i, i);
		assert_int_equal(seen_put(s, &e, &was), SEEN_NEW);
	}
	seen_reserve(s, 10);	/* less than there is: nothing changes */
	seen_reserve(s, 300000);	/* a block of several MiB, in huge pages */
	seen_reserve(s, 600000);	/* a new block: every shard leaves the old */
	for (uint32_t i = 0; i < 3000; i++) {
		assert_true(seen_get(s, seen_id((char[16]){ 0 }) ^ ((uint64_t)i * 0x9e3779b97f4a7c15u),
				     &got));
		assert_int_equal(got.ord, i);
	}
	seen_destroy(s);
}

/* Two threads put the same ids, one from the end of the inputs backwards,
 * the other from the start: each id ends with its smallest ordinal. */
struct putter {
	struct seen *s;
	bool backwards;
};

static void *
put_all(void *arg)
{
	struct putter *p = arg;
	for (uint32_t k = 0; k < 20000; k++) {
		uint32_t i = p->backwards ? 19999 - k : k;
		struct seen_entry e = entry(i % 5000 + 1, i, i), was;
		if (seen_put(p->s, &e, &was) < 0) {
			return "out of memory";
		}
	}
	return NULL;
}

static void
test_threads(void **state)
{
	(void)state;
	struct seen *s;
	assert_int_equal(seen_create(&s, true), VMAT_OK);
	struct putter a = { s, false }, b = { s, true };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, put_all, &b), 0);
	assert_null(put_all(&a));
	void *rc;
	assert_int_equal(pthread_join(t, &rc), 0);
	assert_null(rc);
	for (uint32_t id = 1; id <= 5000; id++) {
		struct seen_entry got;
		assert_true(seen_get(s, id, &got));
		assert_int_equal(got.ord, id - 1);
	}
	seen_destroy(s);
}

static const char survey_json[] =
	"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":1,\"title\":\"T\","
	"\"stages\":[{\"id\":\"one\",\"name\":\"One\",\"requires\":{\"c\":1}}],"
	"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"}],"
	"\"questions\":["
	"{\"id\":\"ch\",\"type\":\"choice\",\"dimension\":\"c\",\"text\":\"Q\","
	"\"choices\":[{\"id\":\"lo\",\"label\":\"Lo\",\"level\":0},"
	"{\"id\":\"hi\",\"label\":\"Hi\",\"level\":1}]},"
	"{\"id\":\"mu\",\"type\":\"multi\",\"text\":\"M\","
	"\"choices\":[{\"id\":\"a\",\"label\":\"A\"},{\"id\":\"b\",\"label\":\"B\"}]},"
	"{\"id\":\"s1\",\"type\":\"scale\",\"min\":0,\"max\":4,\"text\":\"S1\"},"
	"{\"id\":\"s2\",\"type\":\"scale\",\"min\":0,\"max\":4,\"text\":\"S2\"},"
	"{\"id\":\"nu\",\"type\":\"number\",\"text\":\"N\"},"
	"{\"id\":\"z\",\"type\":\"scale\",\"min\":0,\"max\":4,\"text\":\"Z\"},"
	"{\"id\":\"tx\",\"type\":\"text\",\"text\":\"T\"}]}";

#define BASE "\"format\":\"vmat-response/1\",\"survey\":\"t\",\"id\":\"r1\","	\
	"\"customer\":\"Acme\",\"region\":\"NA\",\"date\":\"2011-01-01\""

static uint32_t
json_content(const struct vmat_survey *s, const char *json)
{
	const struct vmat_response *r = response_json(s, json, NULL);
	assert_non_null(r);
	uint32_t c = seen_content(s, r);
	response_done();
	return c;
}

/* The same response as a bulk CSV row, read through the public reader. */
static uint32_t
csv_content(const struct vmat_survey *s, const char *csv)
{
	FILE *fp = fmemopen((void *)csv, strlen(csv), "r");
	assert_non_null(fp);
	struct vmat_read_options opt = { .stdin_fp = fp };
	static const char *const paths[] = { "-" };
	struct vmat_reader *rd;
	struct vmat_diags *d;
	const struct vmat_response *r;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	assert_int_equal(vmat_reader_create(&rd, s, paths, 1, &opt), VMAT_OK);
	assert_int_equal(vmat_reader_next(rd, &r, d), 1);
	uint32_t c = seen_content(s, r);
	vmat_reader_destroy(rd);
	vmat_diags_destroy(d);
	fclose(fp);
	return c;
}

static void
test_content(void **state)
{
	(void)state;
	struct vmat_survey *s = survey_ok(survey_json);
	uint32_t c = json_content(s, "{" BASE ",\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],"
				  "\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,\"tx\":{\"na\":\"other: later\"}},"
				  "\"notes\":{\"s1\":\"checked\"}}");
	/* the same, from bulk CSV, or with the choices of mu in another order */
	assert_int_equal(csv_content(s, "id,customer,region,date,ch,mu,s1,s2,nu,z,tx,note:s1\n"
					"r1,Acme,NA,2011-01-01,hi,a;b,1,3,7.5,0,n/a:other: later,checked\n"),
			 c);
	assert_int_equal(json_content(s, "{" BASE ",\"answers\":{\"ch\":\"hi\",\"mu\":[\"b\",\"a\"],"
					 "\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,\"tx\":{\"na\":\"other: later\"}},"
					 "\"notes\":{\"s1\":\"checked\"}}"),
			 c);
	/* any other answer, note, reason or field is other content */
	static const char *const others[] = {
		"\"answers\":{\"ch\":\"lo\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,"
		"\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s1\":\"checked\"}}",
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\"],\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,"
		"\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s1\":\"checked\"}}",
		/* s1 and s2 swapped */
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":3,\"s2\":1,\"nu\":7.5,\"z\":0,"
		"\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s1\":\"checked\"}}",
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,"
		"\"tx\":{\"na\":\"constraint\"}},\"notes\":{\"s1\":\"checked\"}}",
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,"
		"\"tx\":\"other: later\"},\"notes\":{\"s1\":\"checked\"}}",
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,"
		"\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s2\":\"checked\"}}",
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":0,"
		"\"tx\":{\"na\":\"other: later\"}}}",
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"nu\":7.5,\"z\":0,"
		"\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s1\":\"checked\"}}",
		/* 0 and 2, and a number and its opposite, are other answers */
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"s2\":3,\"nu\":-7.5,\"z\":0,"
		"\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s1\":\"checked\"}}",
		"\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,\"s2\":3,\"nu\":7.5,\"z\":2,"
		"\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s1\":\"checked\"}}",
		"\"interviewer\":\"Ann\",\"answers\":{\"ch\":\"hi\",\"mu\":[\"a\",\"b\"],\"s1\":1,"
		"\"s2\":3,\"nu\":7.5,\"z\":0,\"tx\":{\"na\":\"other: later\"}},\"notes\":{\"s1\":\"checked\"}}",
	};
	for (size_t i = 0; i < COUNT(others); i++) {
		char json[512];
		snprintf(json, sizeof(json), "{" BASE ",%s", others[i]);
		if (json_content(s, json) == c) {
			fail_msg("the same content as the first: %s", json);
		}
	}
	vmat_survey_destroy(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_in_input_order),
		cmocka_unit_test(test_grow_and_reserve),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
