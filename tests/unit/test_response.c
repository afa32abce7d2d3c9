/* One response checked against its survey (SPEC §2, §3): field values,
 * answers of every type, not-applicable reasons, warnings and ids. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char survey[] =
	"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":2,\"title\":\"T\","
	"\"stages\":[{\"id\":\"one\",\"name\":\"One\",\"requires\":{\"c\":1}}],"
	"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"}],"
	"\"fields\":[{\"id\":\"region\",\"name\":\"R\",\"required\":true,\"values\":[\"LATAM\",\"NA\"]},"
	"{\"id\":\"team\",\"name\":\"Team\"}],"
	"\"questions\":["
	"{\"id\":\"ch\",\"type\":\"choice\",\"text\":\"t\",\"choices\":[{\"id\":\"x\",\"label\":\"X\"},"
	"{\"id\":\"y\",\"label\":\"Y\"}]},"
	"{\"id\":\"mu\",\"type\":\"multi\",\"text\":\"t\",\"choices\":[{\"id\":\"p\",\"label\":\"P\"},"
	"{\"id\":\"q\",\"label\":\"Q\"}]},"
	"{\"id\":\"yn\",\"type\":\"yesno\",\"text\":\"t\"},"
	"{\"id\":\"sc\",\"type\":\"scale\",\"min\":1,\"max\":5,\"text\":\"t\"},"
	"{\"id\":\"nu\",\"type\":\"number\",\"min\":0,\"text\":\"t\"},"
	"{\"id\":\"pc\",\"type\":\"percent\",\"text\":\"t\"},"
	"{\"id\":\"tx\",\"type\":\"text\",\"text\":\"t\"}]}";

/* The usual members of a response; tests that change one spell them all. */
#define USUAL "\"survey\":\"t\",\"survey_version\":2,\"customer\":\"C\",\"date\":\"2010-05-12\""

/* A response: {"format":...,MEMBERS,"answers":{ANSWERS}}. Columns in the
 * expected messages count from that opening brace. */
static const struct vmat_response *
read(struct vmat_survey *s, const char *members, const char *answers, char **problems)
{
	char json[2048];
	snprintf(json, sizeof(json), "{\"format\":\"vmat-response/1\",%s,\"answers\":{%s}}",
		 members, answers);
	return response_json(s, json, problems);
}

static void
expect(struct vmat_survey *s, const char *top, const char *answers, const char *want)
{
	char *got;
	read(s, top, answers, &got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_fields(void **state)
{
	(void)state;
	struct vmat_survey *s = survey_ok(survey);
	char *p;
	const struct vmat_response *r = read(s, USUAL ",\"region\":\"  latam \",\"team\":\" Blue \"", "",
					     &p);
	assert_non_null(r);
	assert_string_equal(p, "");
	free(p);
	assert_string_equal(r->fields[2], "LATAM");	/* declared spelling */
	assert_string_equal(r->fields[8], "Blue");	/* trimmed */
	expect(s, USUAL ",\"region\":\"Mars\"", "",
	       "r.json:1:105: error: region: unknown region \"Mars\" (expected: LATAM, NA)\n");
	expect(s, "\"survey\":\"t\",\"customer\":\"C\",\"date\":\"2011-02-29\",\"region\":\"NA\"",
	       "", "r.json:1:64: error: date: \"2011-02-29\" is not a date written YYYY-MM-DD\n");
	expect(s, USUAL ",\"region\":\"\"", "", "r.json: error: missing required field \"region\"\n");
	expect(s, USUAL ",\"region\":\"NA\",\"colour\":1", "",
	       "r.json:1:119: warning: colour: unknown key \"colour\"\n");
	vmat_survey_destroy(s);
	response_done();
}

static void
test_answers(void **state)
{
	(void)state;
	struct vmat_survey *s = survey_ok(survey);
	char *p;
	const struct vmat_response *r =
		read(s, USUAL ",\"region\":\"NA\"",
		     "\"ch\":\"y\",\"mu\":[\"q\",\"p\"],\"yn\":true,\"sc\":5,\"nu\":1e3,\"pc\":12.5,"
		     "\"tx\":\"words\"",
		     &p);
	assert_non_null(r);
	assert_string_equal(p, "");
	free(p);
	assert_int_equal(r->answers[0].choice, 1);
	assert_int_equal(r->answers[1].nchosen, 2);
	assert_int_equal(r->answers[1].chosen[0], 1);
	assert_true(r->answers[2].number == 1);
	assert_true(r->answers[4].number == 1000);
	assert_string_equal(r->answers[6].text, "words");
	/* every problem of the response, each naming the question and the value */
	expect(s, USUAL ",\"region\":\"NA\"",
	       "\"ch\":\"z\",\"mu\":[\"p\",\"p\"],\"yn\":\"maybe\",\"sc\":2.5,\"nu\":-1,\"pc\":101,"
	       "\"tx\":5",
	       "r.json:1:126: error: answers.ch: unknown choice \"z\" (expected: x, y)\n"
	       "r.json:1:135: error: answers.mu: choice \"p\" given twice\n"
	       "r.json:1:150: error: answers.yn: expected \"yes\" or \"no\", got \"maybe\"\n"
	       "r.json:1:163: error: answers.sc: expected an integer from 1 to 5, got 2.5\n"
	       "r.json:1:172: error: answers.nu: expected at least 0, got -1\n"
	       "r.json:1:180: error: answers.pc: expected a number from 0 to 100, got 101\n"
	       "r.json:1:189: error: answers.tx: expected a string, got 5\n");
	vmat_survey_destroy(s);
	response_done();
}

static void
test_not_applicable(void **state)
{
	(void)state;
	struct vmat_survey *s = survey_ok(survey);
	static const char *const ok[] = { "out-of-scope", "business-priority", "constraint",
					  "other", "constraint: no budget until 2012" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char answers[128], *p;
		snprintf(answers, sizeof(answers), "\"ch\":{\"na\":\"%s\"}", ok[i]);
		const struct vmat_response *r = read(s, USUAL ",\"region\":\"NA\"", answers, &p);
		assert_non_null(r);
		assert_int_equal(r->answers[0].state, VMAT_NOT_APPLICABLE);
		assert_string_equal(r->answers[0].text, ok[i]);
		free(p);
	}
	expect(s, USUAL ",\"region\":\"NA\"", "\"ch\":{\"na\":\"lazy\"}",
	       "r.json:1:132: error: answers.ch: not-applicable reason \"lazy\" is not one of "
	       "out-of-scope, business-priority, constraint, other (optionally followed by \": "
	       "text\")\n");
	vmat_survey_destroy(s);
	response_done();
}

static void
test_warnings_and_ids(void **state)
{
	(void)state;
	struct vmat_survey *s = survey_ok(survey);
	expect(s, "\"survey\":\"t\",\"survey_version\":1,\"customer\":\"C\",\"date\":\"2010-05-12\","
		  "\"region\":\"NA\"", "\"zz\":1",
	       "r.json:1:59: warning: survey_version: the response was recorded with version 1 of "
	       "survey \"t\"; it is scored against version 2\n"
	       "r.json:1:126: warning: answers.zz: survey \"t\" has no question \"zz\"\n");
	expect(s, "\"survey\":\"other\",\"customer\":\"C\",\"date\":\"2010-05-12\",\"region\":\"NA\"",
	       "",
	       "r.json:1:38: error: survey: the response is for survey \"other\", not \"t\"\n");
	/* a missing id is derived from the file: the same text, the same id */
	char *p;
	const struct vmat_response *r = read(s, USUAL ",\"region\":\"NA\"", "\"ch\":\"x\"", &p);
	char first[40];
	snprintf(first, sizeof(first), "%s", r->id);
	free(p);
	r = read(s, USUAL ",\"region\":\"NA\"", "\"ch\":\"x\"", &p);
	assert_string_equal(r->id, first);
	free(p);
	r = read(s, USUAL ",\"region\":\"NA\"", "\"ch\":\"y\"", &p);
	assert_string_not_equal(r->id, first);
	free(p);
	r = read(s, USUAL ",\"region\":\"NA\",\"id\":\"given\"", "", &p);
	assert_string_equal(r->id, "given");
	free(p);
	vmat_survey_destroy(s);
	response_done();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_not_applicable),
		cmocka_unit_test(test_warnings_and_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
