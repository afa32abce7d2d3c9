/* Survey definitions (reference §1): every validation rule with its exact message
 * line, JSON syntax and encoding problems met while loading a survey, and the
 * accessors of a valid survey.
 *
 * Surveys are written with ' in place of " so that they stay readable. Most
 * tests change one part of a small valid survey laid out one top-level key per
 * line (see survey_text()), so the line of a message tells the part and its
 * column is the length of what precedes the value on that line, plus one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The parts of the base survey. S = 2; dimension c is the only one. */
#define HEAD "{'format': 'vmat-survey/1', 'id': 't', 'version': 1, 'title': 'T',"
#define STAGES                                                                                    \
	"[{'id': 'one', 'name': 'One', 'requires': {'c': 1}}, "                                   \
	"{'id': 'two', 'name': 'Two', 'requires': {'c': 2}}]"
#define DIMS "[{'id': 'c', 'name': 'C'}]"
#define FIELDS "[]"
#define QUESTIONS "[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c'}]"

/* Where the parts go: line 1 HEAD, line 2 stages (values from column 12),
 * line 3 dimensions (column 16), line 4 fields (column 12), line 5 questions
 * (column 15). */
static const char layout[] = "%s\n"
			     " 'stages': %s,\n"
			     " 'dimensions': %s,\n"
			     " 'fields': %s,\n"
			     " 'questions': %s}\n";

static void
swap_quotes(char *s)
{
	for (; *s; s++) {
		if (*s == '\'') {
			*s = '"';
		}
	}
}

static char *
dup_swapped(const char *json)
{
	char *t = strdup(json);
	assert_non_null(t);
	swap_quotes(t);
	return t;
}

/* The base survey with the parts that are not NULL in place of its own. */
static char *
survey_text(const char *head, const char *stages, const char *dims, const char *fields,
	    const char *questions)
{
	head = head ? head : HEAD;
	stages = stages ? stages : STAGES;
	dims = dims ? dims : DIMS;
	fields = fields ? fields : FIELDS;
	questions = questions ? questions : QUESTIONS;
	int n = snprintf(NULL, 0, layout, head, stages, dims, fields, questions);
	assert_true(n > 0);
	char *t = malloc((size_t)n + 1);
	assert_non_null(t);
	snprintf(t, (size_t)n + 1, layout, head, stages, dims, fields, questions);
	swap_quotes(t);
	return t;
}

/* Parses len bytes of text as the survey file "s.json"; true when the result
 * code is want_rc and the diagnostics, as `vmat check` prints them, are want.
 * Prints both sides otherwise. Frees everything before returning, so that a
 * failing test leaks nothing. */
static bool
same_problems(const char *text, size_t len, int want_rc, const char *want, int line)
{
	struct vmat_diags *d;
	struct vmat_survey *s = NULL;
	if (vmat_diags_create(&d) != VMAT_OK) {
		return false;
	}
	int rc = vmat_survey_parse(&s, text, len, "s.json", d);
	bool out_ok = (rc == VMAT_OK) == (s != NULL); /* *out set exactly on success */
	vmat_survey_destroy(s);
	char *got = diags_text(d);
	vmat_diags_destroy(d);
	bool same = rc == want_rc && out_ok && strcmp(got, want) == 0;
	if (!same) {
		/* not print_error(): it cuts messages at 1 KiB */
		fprintf(stderr,
			"test_survey.c:%d: for the survey\n%.*s\nexpected rc %d and:\n%s"
			"got rc %d%s and:\n%s",
			line, (int)len, text, want_rc, want, rc, out_ok ? "" : " (wrong *out)",
			got);
	}
	free(got);
	return same;
}

/* The base survey with some parts replaced: valid with exactly the warnings
 * want, or invalid with exactly the problems want. */
#define expect_parts(rc, want, h, st, d, f, q)                                                    \
	do {                                                                                      \
		char *text_ = survey_text(h, st, d, f, q);                                        \
		bool ok_ = same_problems(text_, strlen(text_), rc, want, __LINE__);               \
		free(text_);                                                                      \
		if (!ok_) {                                                                       \
			fail();                                                                   \
		}                                                                                 \
	} while (0)
#define invalid(want, h, st, d, f, q) expect_parts(VMAT_EINVAL, want, h, st, d, f, q)
#define valid(warnings, h, st, d, f, q) expect_parts(VMAT_OK, warnings, h, st, d, f, q)

/* A whole survey text (with ' for "). */
#define expect_json(rc, want, json)                                                               \
	do {                                                                                      \
		char *text_ = dup_swapped(json);                                                  \
		bool ok_ = same_problems(text_, strlen(text_), rc, want, __LINE__);               \
		free(text_);                                                                      \
		if (!ok_) {                                                                       \
			fail();                                                                   \
		}                                                                                 \
	} while (0)

/* Bytes as they are (no quote swapping), for encodings and NUL bytes. */
#define expect_bytes(rc, want, bytes, len)                                                        \
	do {                                                                                      \
		if (!same_problems(bytes, len, rc, want, __LINE__)) {                             \
			fail();                                                                   \
		}                                                                                 \
	} while (0)

static void
test_base_survey_valid(void **state)
{
	(void)state;
	/* Every test below changes this survey in one place: it must be valid. */
	valid("", NULL, NULL, NULL, NULL, NULL);
}

/* ## Top level */

static void
test_format(void **state)
{
	(void)state;
	invalid("s.json:1:12: error: format: expected \"vmat-survey/1\", got \"vmat-survey/2\"\n",
		"{'format': 'vmat-survey/2', 'id': 't', 'version': 1, 'title': 'T',", NULL, NULL,
		NULL, NULL);
	/* case matters */
	invalid("s.json:1:12: error: format: expected \"vmat-survey/1\", got \"VMAT-SURVEY/1\"\n",
		"{'format': 'VMAT-SURVEY/1', 'id': 't', 'version': 1, 'title': 'T',", NULL, NULL,
		NULL, NULL);
	invalid("s.json:1:12: error: format: expected a string, got 1\n",
		"{'format': 1, 'id': 't', 'version': 1, 'title': 'T',", NULL, NULL, NULL, NULL);
	/* a response is not a survey */
	invalid(
	    "s.json:1:12: error: format: expected \"vmat-survey/1\", got \"vmat-response/1\"\n",
	    "{'format': 'vmat-response/1', 'id': 't', 'version': 1, 'title': 'T',", NULL, NULL,
	    NULL, NULL);
}

static void
test_missing_top_level_keys(void **state)
{
	(void)state;
	expect_json(VMAT_EINVAL,
		    "s.json:1:1: error: missing required key \"format\"\n"
		    "s.json:1:1: error: missing required key \"id\"\n"
		    "s.json:1:1: error: missing required key \"version\"\n"
		    "s.json:1:1: error: missing required key \"title\"\n"
		    "s.json:1:1: error: missing required key \"stages\"\n"
		    "s.json:1:1: error: missing required key \"dimensions\"\n"
		    "s.json:1:1: error: missing required key \"questions\"\n",
		    "{}");
	/* fields and description are optional */
	expect_json(VMAT_OK, "",
		    "{'format': 'vmat-survey/1', 'id': 't', 'version': 1, 'title': 'T',\n"
		    " 'stages': [{'id': 'one', 'name': 'One', 'requires': {'c': 1}}],\n"
		    " 'dimensions': [{'id': 'c', 'name': 'C'}],\n"
		    " 'questions': [{'id': 'q', 'type': 'text', 'text': 'Q?'}]}");
	/* the object is on line 2 here */
	expect_json(VMAT_EINVAL, "s.json:2:3: error: missing required key \"title\"\n",
		    "\n  {'format': 'vmat-survey/1', 'id': 't', 'version': 1,\n"
		    " 'stages': [{'id': 'one', 'name': 'One', 'requires': {'c': 1}}],\n"
		    " 'dimensions': [{'id': 'c', 'name': 'C'}],\n"
		    " 'questions': [{'id': 'q', 'type': 'text', 'text': 'Q?'}]}");
	expect_json(VMAT_EINVAL,
		    "s.json:1:1: error: expected a survey (an object), got an array\n",
		    "[{'format': 'vmat-survey/1'}]");
}

static void
test_top_level_types(void **state)
{
	(void)state;
	invalid("s.json:1:51: error: version: expected a number, got \"1\"\n"
		"s.json:1:65: error: title: expected a string, got 7\n",
		"{'format': 'vmat-survey/1', 'id': 't', 'version': '1', 'title': 7,", NULL, NULL,
		NULL, NULL);
	invalid("s.json:1:35: error: id: expected a string, got 7\n",
		"{'format': 'vmat-survey/1', 'id': 7, 'version': 1, 'title': 'T',", NULL, NULL,
		NULL, NULL);
	invalid("s.json:1:83: error: description: expected a string, got null\n",
		"{'format': 'vmat-survey/1', 'id': 't', 'version': 1, 'title': 'T', "
		"'description': null,",
		NULL, NULL, NULL, NULL);
	invalid("s.json:2:12: error: stages: expected an array, got an object\n"
		"s.json:3:16: error: dimensions: expected an array, got \"c\"\n"
		"s.json:4:12: error: fields: expected an array, got an object\n"
		"s.json:5:15: error: questions: expected an array, got 3\n",
		NULL, "{'one': {'name': 'One'}}", "'c'", "{}", "3");
}

static void
test_survey_id(void **state)
{
	(void)state;
	static const char why[] = " is not a valid survey id (a lower-case letter or digit, "
				  "then lower-case letters, digits, _ or -)\n";
	static const char *const bad[] = { "Journey",    "-journey",   "_journey",
					   "journey.v2", "my journey", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char head[128], want[256];
		snprintf(head, sizeof(head),
			 "{'format': 'vmat-survey/1', 'id': '%s', 'version': 1, 'title': 'T',",
			 bad[i]);
		snprintf(want, sizeof(want), "s.json:1:35: error: id: \"%s\"%s", bad[i], why);
		invalid(want, head, NULL, NULL, NULL, NULL);
	}
	/* may start with a digit and hold - and _ */
	valid("",
	      "{'format': 'vmat-survey/1', 'id': '2024-journey_v2', 'version': 1, 'title': 'T',",
	      NULL, NULL, NULL, NULL);
	valid("", "{'format': 'vmat-survey/1', 'id': '7', 'version': 1, 'title': 'T',", NULL, NULL,
	      NULL, NULL);
}

static void
test_version(void **state)
{
	(void)state;
	static const char *const bad[] = { "0", "-1", "1.5", "-0.5" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char head[128], want[128];
		snprintf(head, sizeof(head),
			 "{'format': 'vmat-survey/1', 'id': 't', 'version': %s, 'title': 'T',",
			 bad[i]);
		snprintf(want, sizeof(want),
			 "s.json:1:51: error: version: expected a positive integer, got %s\n",
			 bad[i]);
		invalid(want, head, NULL, NULL, NULL, NULL);
	}
	invalid("s.json:1:51: error: version: expected a number, got true\n",
		"{'format': 'vmat-survey/1', 'id': 't', 'version': true, 'title': 'T',", NULL,
		NULL, NULL, NULL);
	valid("", "{'format': 'vmat-survey/1', 'id': 't', 'version': 12, 'title': 'T',", NULL,
	      NULL, NULL, NULL);
}

/* ## Stages */

static void
test_stage_count(void **state)
{
	(void)state;
	invalid("s.json:2:12: error: stages: expected 1 to 9 stages, got 0\n", NULL, "[]", NULL,
		NULL, NULL);
	char stages[1024] = "[";
	for (int i = 1; i <= 10; i++) {
		char one[80];
		snprintf(one, sizeof(one), "%s{'id': 's%d', 'name': 'S', 'requires': {}}",
			 i > 1 ? ", " : "", i);
		strcat(stages, one);
		if (i == 9) {
			/* nine stages are fine */
			char nine[sizeof(stages) + 2];
			snprintf(nine, sizeof(nine), "%s]", stages);
			valid("", NULL, nine, NULL, NULL, NULL);
		}
	}
	strcat(stages, "]");
	invalid("s.json:2:12: error: stages: expected 1 to 9 stages, got 10\n", NULL, stages, NULL,
		NULL, NULL);
	/* one is enough */
	valid("", NULL, "[{'id': 'one', 'name': 'One', 'requires': {'c': 1}}]", NULL, NULL, NULL);
}

static void
test_stage_keys(void **state)
{
	(void)state;
	invalid("s.json:2:13: error: stages[0]: missing required key \"id\"\n"
		"s.json:2:52: error: stages[1]: missing required key \"name\"\n"
		"s.json:2:89: error: stages[2]: missing required key \"requires\"\n",
		NULL,
		"[{'name': 'One', 'requires': {'c': 1}}, {'id': 'two', 'requires': {'c': 2}}, "
		"{'id': 'three', 'name': 'Three'}]",
		NULL, NULL, NULL);
	invalid("s.json:2:35: error: stages[0].name: expected a string, got 1\n"
		"s.json:2:53: error: stages[0].description: expected a string, got 2\n"
		"s.json:2:68: error: stages[0].requires: expected an object, got an array\n"
		"s.json:2:76: error: stages[1]: expected an object, got \"two\"\n",
		NULL, "[{'id': 'one', 'name': 1, 'description': 2, 'requires': ['c']}, 'two']",
		NULL, NULL, NULL);
	invalid(
	    "s.json:2:60: error: stages[0].requires.c: expected a level (a number), got \"1\"\n",
	    NULL, "[{'id': 'one', 'name': 'One', 'requires': {'c': '1'}}]", NULL, NULL, NULL);
	/* description is optional, requires may be empty */
	valid("", NULL, "[{'id': 'one', 'name': 'One', 'description': 'D', 'requires': {}}]", NULL,
	      NULL, NULL);
}

static void
test_stage_ids(void **state)
{
	(void)state;
	static const char why[] = " is not a valid id (a lower-case letter, then lower-case "
				  "letters, digits or _ or -)\n";
	static const char *const bad[] = { "One", "1st", "-one", "_one", "o.ne", "o ne", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char stages[128], want[256];
		snprintf(stages, sizeof(stages), "[{'id': '%s', 'name': 'S', 'requires': {}}]",
			 bad[i]);
		snprintf(want, sizeof(want), "s.json:2:20: error: stages[0].id: \"%s\"%s", bad[i],
			 why);
		invalid(want, NULL, stages, NULL, NULL, NULL);
	}
	/* - is allowed in stage ids */
	valid("", NULL, "[{'id': 'it-production', 'name': 'S', 'requires': {}}]", NULL, NULL,
	      NULL);
	valid("", NULL, "[{'id': 'a_1-b', 'name': 'S', 'requires': {}}]", NULL, NULL, NULL);
	invalid("s.json:2:20: error: stages[0].id: \"not-started\" is reserved for stage 0\n",
		NULL, "[{'id': 'not-started', 'name': 'S', 'requires': {}}]", NULL, NULL, NULL);
}

static void
test_duplicate_stage(void **state)
{
	(void)state;
	invalid(
	    "s.json:2:66: error: stages[1].id: duplicate stage id \"one\" (first at stages[0])\n"
	    "s.json:2:112: error: stages[2].id: duplicate stage id \"one\" "
	    "(first at stages[0])\n",
	    NULL,
	    "[{'id': 'one', 'name': 'One', 'requires': {}}, {'id': 'one', 'name': 'Two', "
	    "'requires': {}}, {'id': 'one', 'name': 'Three', 'requires': {}}]",
	    NULL, NULL, NULL);
}

static void
test_requires(void **state)
{
	(void)state;
	/* unknown dimensions */
	invalid("s.json:2:66: error: stages[0].requires.storage: unknown dimension \"storage\"\n",
		NULL, "[{'id': 'one', 'name': 'One', 'requires': {'storage': 1}}]", NULL, NULL,
		NULL);
	/* levels 0..S, S = 2 here */
	invalid("s.json:2:60: error: stages[0].requires.c: level 3 is outside 0..2\n"
		"s.json:2:112: error: stages[1].requires.c: level -0.5 is outside 0..2\n",
		NULL,
		"[{'id': 'one', 'name': 'One', 'requires': {'c': 3}}, {'id': 'two', 'name': "
		"'Two', 'requires': {'c': -0.5}}]",
		NULL, NULL, NULL);
	/* the bounds themselves and fractions are fine */
	valid("", NULL,
	      "[{'id': 'one', 'name': 'One', 'requires': {'c': 0}}, {'id': 'two', 'name': "
	      "'Two', 'requires': {'c': 2}}, {'id': 'three', 'name': 'Three', 'requires': {'c': "
	      "2.5}}]",
	      NULL, NULL, NULL);
}

/* ## Dimensions */

static void
test_dimension_keys(void **state)
{
	(void)state;
	invalid("s.json:3:43: error: dimensions[1]: missing required key \"id\"\n"
		"s.json:3:58: error: dimensions[2]: missing required key \"name\"\n",
		NULL, NULL, "[{'id': 'c', 'name': 'C'}, {'name': 'D'}, {'id': 'd'}]", NULL, NULL);
	invalid("s.json:3:37: error: dimensions[0].name: expected a string, got an array\n", NULL,
		NULL, "[{'id': 'c', 'name': ['C']}]", NULL, NULL);
	invalid("s.json:3:16: error: dimensions: at least one dimension of kind \"capability\" is "
		"required\n"
		"s.json:3:17: error: dimensions[0]: expected an object, got \"c\"\n",
		NULL, "[{'id': 'one', 'name': 'One', 'requires': {}}]", "['c']", NULL,
		"[{'id': 'q', 'type': 'text', 'text': 'Q?'}]");
}

static void
test_dimension_ids(void **state)
{
	(void)state;
	static const char why[] = " is not a valid id (a lower-case letter, then lower-case "
				  "letters, digits or _)\n";
	static const char *const bad[] = { "d-1", "1d", "D", "_d", "d.e", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char dims[128], want[256];
		snprintf(dims, sizeof(dims),
			 "[{'id': 'c', 'name': 'C'}, {'id': '%s', 'name': 'D'}]", bad[i]);
		snprintf(want, sizeof(want), "s.json:3:50: error: dimensions[1].id: \"%s\"%s",
			 bad[i], why);
		invalid(want, NULL, NULL, dims, NULL, NULL);
	}
	valid("", NULL, NULL, "[{'id': 'c', 'name': 'C'}, {'id': 'd_2', 'name': 'D'}]", NULL,
	      NULL);
}

static void
test_duplicate_dimension(void **state)
{
	(void)state;
	invalid("s.json:3:50: error: dimensions[1].id: duplicate dimension id \"c\" "
		"(first at dimensions[0])\n",
		NULL, NULL, "[{'id': 'c', 'name': 'C'}, {'id': 'c', 'name': 'D'}]", NULL, NULL);
}

static void
test_dimension_kind_and_weight(void **state)
{
	(void)state;
	invalid("s.json:3:50: error: dimensions[0].kind: expected \"capability\" or \"intent\", "
		"got \"goal\"\n",
		NULL, NULL, "[{'id': 'c', 'name': 'C', 'kind': 'goal'}]", NULL, NULL);
	invalid("s.json:3:50: error: dimensions[0].kind: expected a string, got 1\n", NULL, NULL,
		"[{'id': 'c', 'name': 'C', 'kind': 1}]", NULL, NULL);
	invalid("s.json:3:52: error: dimensions[0].weight: weight must be greater than 0, got 0\n"
		"s.json:3:91: error: dimensions[1].weight: weight must be greater than 0, "
		"got -1.5\n",
		NULL, NULL,
		"[{'id': 'c', 'name': 'C', 'weight': 0}, {'id': 'd', 'name': 'D', 'weight': "
		"-1.5}]",
		NULL, NULL);
	invalid("s.json:3:52: error: dimensions[0].weight: expected a number, got \"2\"\n", NULL,
		NULL, "[{'id': 'c', 'name': 'C', 'weight': '2'}]", NULL, NULL);
	valid("", NULL, NULL,
	      "[{'id': 'c', 'name': 'C', 'weight': 0.25, 'kind': 'capability'}, {'id': 'i', "
	      "'name': 'I', 'kind': 'intent'}]",
	      NULL, NULL);
}

static void
test_capability_required(void **state)
{
	(void)state;
	invalid("s.json:3:16: error: dimensions: at least one dimension of kind \"capability\" is "
		"required\n",
		NULL, NULL, "[{'id': 'c', 'name': 'C', 'kind': 'intent'}]", NULL, NULL);
	invalid("s.json:2:60: error: stages[0].requires.c: unknown dimension \"c\"\n"
		"s.json:3:16: error: dimensions: at least one dimension of kind \"capability\" is "
		"required\n",
		NULL, "[{'id': 'one', 'name': 'One', 'requires': {'c': 1}}]", "[]", NULL,
		"[{'id': 'q', 'type': 'text', 'text': 'Q?'}]");
}

static void
test_advice(void **state)
{
	(void)state;
	invalid("s.json:3:53: error: dimensions[0].advice[0]: missing required key \"below\"\n"
		"s.json:3:68: error: dimensions[0].advice[1]: missing required key \"text\"\n",
		NULL, NULL, "[{'id': 'c', 'name': 'C', 'advice': [{'text': 'T'}, {'below': 1}]}]",
		NULL, NULL);
	/* below is a level 0..S */
	invalid("s.json:3:63: error: dimensions[0].advice[0].below: level 3 is outside 0..2\n"
		"s.json:3:90: error: dimensions[0].advice[1].below: level -1 is outside 0..2\n",
		NULL, NULL,
		"[{'id': 'c', 'name': 'C', 'advice': [{'below': 3, 'text': 'T'}, {'below': -1, "
		"'text': 'U'}]}]",
		NULL, NULL);
	invalid("s.json:3:52: error: dimensions[0].advice: expected an array, got an object\n",
		NULL, NULL, "[{'id': 'c', 'name': 'C', 'advice': {'below': 1, 'text': 'T'}}]",
		NULL, NULL);
	invalid(
	    "s.json:3:63: error: dimensions[0].advice[0].below: expected a number, got \"2\"\n",
	    NULL, NULL, "[{'id': 'c', 'name': 'C', 'advice': [{'below': '2', 'text': 'T'}]}]",
	    NULL, NULL);
	valid("", NULL, NULL,
	      "[{'id': 'c', 'name': 'C', 'advice': [{'below': 2, 'text': 'T'}, {'below': 0.5, "
	      "'text': 'U'}]}]",
	      NULL, NULL);
}

/* ## Fields */

static void
test_field_keys(void **state)
{
	(void)state;
	invalid("s.json:4:13: error: fields[0]: missing required key \"id\"\n"
		"s.json:4:31: error: fields[1]: missing required key \"name\"\n",
		NULL, NULL, NULL, "[{'name': 'Team'}, {'id': 'team'}]", NULL);
	invalid("s.json:4:56: error: fields[0].required: expected a boolean, got \"yes\"\n"
		"s.json:4:73: error: fields[0].values: expected an array, got \"a\"\n",
		NULL, NULL, NULL,
		"[{'id': 'team', 'name': 'Team', 'required': 'yes', 'values': 'a'}]", NULL);
	invalid("s.json:4:13: error: fields[0]: expected an object, got \"team\"\n", NULL, NULL,
		NULL, "['team']", NULL);
}

static void
test_field_ids(void **state)
{
	(void)state;
	invalid("s.json:4:20: error: fields[0].id: \"my-team\" is not a valid id (a lower-case "
		"letter, then lower-case letters, digits or _)\n",
		NULL, NULL, NULL, "[{'id': 'my-team', 'name': 'Team'}]", NULL);
	invalid("s.json:4:20: error: fields[0].id: \"Team\" is not a valid id (a lower-case "
		"letter, then lower-case letters, digits or _)\n",
		NULL, NULL, NULL, "[{'id': 'Team', 'name': 'Team'}]", NULL);
}

static void
test_reserved_field_ids(void **state)
{
	(void)state;
	static const char *const reserved[] = {
		"year",    "quarter",      "month",    "format",        "survey", "survey_version",
		"answers", "notes",        "stage",    "stage_id",      "index",  "aspiration",
		"gap",     "completeness", "blockers", "score_compute",
	};
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		char fields[128], want[256];
		snprintf(fields, sizeof(fields), "[{'id': '%s', 'name': 'F'}]", reserved[i]);
		snprintf(
		    want, sizeof(want),
		    "s.json:4:20: error: fields[0].id: \"%s\" is reserved (a column or derived "
		    "field of its own)\n",
		    reserved[i]);
		invalid(want, NULL, NULL, NULL, fields, NULL);
	}
}

static void
test_duplicate_field(void **state)
{
	(void)state;
	invalid("s.json:4:49: error: fields[1].id: duplicate field id \"team\" "
		"(first at fields[0])\n",
		NULL, NULL, NULL, "[{'id': 'team', 'name': 'T'}, {'id': 'team', 'name': 'U'}]",
		NULL);
	/* a built-in field restated twice */
	invalid("s.json:4:51: error: fields[1].id: duplicate field id \"region\" "
		"(first at fields[0])\n",
		NULL, NULL, NULL, "[{'id': 'region', 'name': 'R'}, {'id': 'region', 'name': 'R'}]",
		NULL);
}

static void
test_field_values(void **state)
{
	(void)state;
	/* values are compared without regard to case; the message names the first */
	invalid("s.json:4:60: error: fields[0].values[1]: duplicate value \"na\" "
		"(first at fields[0].values[0])\n"
		"s.json:4:74: error: fields[0].values[3]: duplicate value \"Emea\" "
		"(first at fields[0].values[2])\n",
		NULL, NULL, NULL,
		"[{'id': 'region', 'name': 'R', 'values': ['NA', 'na', 'EMEA', 'Emea']}]", NULL);
	invalid("s.json:4:52: error: fields[0].values[0]: expected a non-empty string without "
		"surrounding spaces, got \"\"\n"
		"s.json:4:56: error: fields[0].values[1]: expected a non-empty string without "
		"surrounding spaces, got \" b\"\n"
		"s.json:4:62: error: fields[0].values[2]: expected a non-empty string without "
		"surrounding spaces, got 3\n",
		NULL, NULL, NULL, "[{'id': 'team', 'name': 'T', 'values': ['', ' b', 3]}]", NULL);
	invalid("s.json:4:51: error: fields[0].values: expected at least one value\n", NULL, NULL,
		NULL, "[{'id': 'team', 'name': 'T', 'values': []}]", NULL);
}

/* ## Questions */

static void
test_question_keys(void **state)
{
	(void)state;
	invalid("s.json:5:16: error: questions[0]: missing required key \"id\"\n"
		"s.json:5:47: error: questions[1]: missing required key \"type\"\n"
		"s.json:5:73: error: questions[2]: missing required key \"text\"\n",
		NULL, NULL, NULL, NULL,
		"[{'type': 'text', 'text': 'T'}, {'id': 'b', 'text': 'T'}, {'id': 'c', 'type': "
		"'text'}]");
	invalid("s.json:5:52: error: questions[0].text: expected a string, got 1\n"
		"s.json:5:63: error: questions[0].help: expected a string, got 2\n"
		"s.json:5:78: error: questions[0].required: expected a boolean, got \"no\"\n"
		"s.json:5:97: error: questions[0].dimension: expected a string, got 3\n"
		"s.json:5:108: error: questions[0].when: expected an object, got an array\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'text', 'text': 1, 'help': 2, 'required': 'no', "
		"'dimension': 3, 'when': []}]");
	invalid("s.json:5:16: error: questions[0]: expected an object, got \"q\"\n", NULL, NULL,
		NULL, NULL, "['q']");
	invalid("s.json:5:15: error: questions: expected at least one question\n", NULL, NULL,
		NULL, NULL, "[]");
}

static void
test_question_type(void **state)
{
	(void)state;
	invalid("s.json:5:36: error: questions[0].type: unknown question type \"slider\" "
		"(expected: choice, multi, yesno, scale, number, percent, text)\n",
		NULL, NULL, NULL, NULL, "[{'id': 'q', 'type': 'slider', 'text': 'Q?'}]");
	invalid("s.json:5:36: error: questions[0].type: unknown question type \"Choice\" "
		"(expected: choice, multi, yesno, scale, number, percent, text)\n",
		NULL, NULL, NULL, NULL, "[{'id': 'q', 'type': 'Choice', 'text': 'Q?'}]");
	invalid("s.json:5:36: error: questions[0].type: expected a string, got 1\n", NULL, NULL,
		NULL, NULL, "[{'id': 'q', 'type': 1, 'text': 'Q?'}]");
}

static void
test_question_ids(void **state)
{
	(void)state;
	static const char why[] = " is not a valid id (a lower-case letter, then lower-case "
				  "letters, digits or _)\n";
	static const char *const bad[] = { "q-1", "1q", "Q", "_q", "q.1", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char q[128], want[256];
		snprintf(q, sizeof(q), "[{'id': '%s', 'type': 'text', 'text': 'Q?'}]", bad[i]);
		snprintf(want, sizeof(want), "s.json:5:23: error: questions[0].id: \"%s\"%s",
			 bad[i], why);
		invalid(want, NULL, NULL, NULL, NULL, q);
	}
}

static void
test_duplicate_question(void **state)
{
	(void)state;
	invalid("s.json:5:65: error: questions[1].id: duplicate question id \"q\" "
		"(first at questions[0])\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'text', 'text': 'A'}, {'id': 'q', 'type': 'text', 'text': "
		"'B'}]");
}

static void
test_question_field_clash(void **state)
{
	(void)state;
	/* a question id is a bulk CSV column, as are the fields (reference §3) */
	invalid("s.json:5:23: error: questions[0].id: \"customer\" is also a field or a bulk CSV "
		"column of its own; the columns must be unique\n",
		NULL, NULL, NULL, NULL, "[{'id': 'customer', 'type': 'text', 'text': 'Q?'}]");
	invalid("s.json:5:23: error: questions[0].id: \"team\" is also a field or a bulk CSV "
		"column of its own; the columns must be unique\n",
		NULL, NULL, NULL, "[{'id': 'team', 'name': 'Team'}]",
		"[{'id': 'team', 'type': 'text', 'text': 'Q?'}]");
	invalid("s.json:5:23: error: questions[0].id: \"survey_version\" is also a field or a "
		"bulk CSV column of its own; the columns must be unique\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'survey_version', 'type': 'text', 'text': 'Q?'}]");
}

static void
test_question_dimension(void **state)
{
	(void)state;
	invalid("s.json:5:72: error: questions[0].dimension: unknown dimension \"storage\"\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'storage'}]");
	/* case matters */
	invalid("s.json:5:72: error: questions[0].dimension: unknown dimension \"C\"\n", NULL,
		NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'C'}]");
}

static void
test_question_weight(void **state)
{
	(void)state;
	invalid("s.json:5:87: error: questions[0].weight: weight must be greater than 0, got 0\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'weight': 0}]");
	invalid("s.json:5:87: error: questions[0].weight: weight must be greater than 0, "
		"got -0.5\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'weight': -0.5}]");
	invalid("s.json:5:87: error: questions[0].weight: expected a number, got null\n", NULL,
		NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'weight': null}]");
}

/* ### Choices */

static void
test_choices(void **state)
{
	(void)state;
	invalid("s.json:5:16: error: questions[0]: missing required key \"choices\"\n", NULL, NULL,
		NULL, NULL, "[{'id': 'q', 'type': 'choice', 'text': 'Q?'}]");
	invalid("s.json:5:16: error: questions[0]: missing required key \"choices\"\n", NULL, NULL,
		NULL, NULL, "[{'id': 'q', 'type': 'multi', 'text': 'Q?'}]");
	invalid("s.json:5:72: error: questions[0].choices[0]: missing required key \"id\"\n"
		"s.json:5:100: error: questions[0].choices[1]: missing required key \"label\"\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'choices': [{'label': 'A', 'level': "
		"1}, {'id': 'b', 'level': 2}]}]");
	invalid("s.json:5:71: error: questions[0].choices: expected an array, got an object\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'choices': {'a': 'A'}}]");
	invalid("s.json:5:72: error: questions[0].choices[0]: expected an object, got \"a\"\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'choices': ['a']}]");
	invalid("s.json:5:79: error: questions[0].choices[0].id: \"Yes-ish\" is not a valid id (a "
		"lower-case letter, then lower-case letters, digits or _)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'choices': [{'id': 'Yes-ish', "
		"'label': 'A'}]}]");
}

static void
test_duplicate_choice(void **state)
{
	(void)state;
	invalid("s.json:5:106: error: questions[0].choices[1].id: duplicate choice id \"a\" "
		"(first at questions[0].choices[0])\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'choices': [{'id': 'a', 'label': "
		"'A'}, {'id': 'a', 'label': 'B'}]}]");
	/* the same choice id in two questions is fine */
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'choices': [{'id': 'a', 'label': "
	      "'A'}]}, {'id': 'r', 'type': 'multi', 'text': 'R?', 'choices': [{'id': 'a', "
	      "'label': 'A'}]}]");
}

static void
test_choice_level(void **state)
{
	(void)state;
	/* scored: every choice needs a level (null for "adds nothing") */
	invalid(
	    "s.json:5:90: error: questions[0].choices[0]: missing required key \"level\" "
	    "(the question is scored; use null for an answer that adds nothing)\n",
	    NULL, NULL, NULL, NULL,
	    "[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'dimension': 'c', 'choices': [{'id': "
	    "'a', 'label': 'A'}, {'id': 'b', 'label': 'B', 'level': null}]}]");
	invalid("s.json:5:89: error: questions[0].choices[0]: missing required key \"level\" "
		"(the question is scored; use null for an answer that adds nothing)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'multi', 'text': 'Q?', 'dimension': 'c', 'choices': [{'id': "
		"'a', 'label': 'A'}]}]");
	/* unscored: levels may be left out */
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'choices': [{'id': 'a', 'label': "
	      "'A'}]}]");
	/* levels 0..S */
	invalid(
	    "s.json:5:125: error: questions[0].choices[0].level: level 3 is outside 0..2\n"
	    "s.json:5:164: error: questions[0].choices[1].level: level -1 is outside 0..2\n",
	    NULL, NULL, NULL, NULL,
	    "[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'dimension': 'c', 'choices': [{'id': "
	    "'a', 'label': 'A', 'level': 3}, {'id': 'b', 'label': 'B', 'level': -1}]}]");
	invalid(
	    "s.json:5:125: error: questions[0].choices[0].level: expected a level (a number), "
	    "got \"high\"\n",
	    NULL, NULL, NULL, NULL,
	    "[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'dimension': 'c', 'choices': [{'id': "
	    "'a', 'label': 'A', 'level': 'high'}]}]");
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'choice', 'text': 'Q?', 'dimension': 'c', 'choices': [{'id': "
	      "'a', 'label': 'A', 'level': 0}, {'id': 'b', 'label': 'B', 'level': 1.5}, {'id': "
	      "'x', 'label': 'X', 'level': 2}, {'id': 'n', 'label': 'N', 'level': null}]}]");
}

static void
test_combine(void **state)
{
	(void)state;
	invalid("s.json:5:70: error: questions[0].combine: expected \"max\", \"mean\" or \"sum\", "
		"got \"median\"\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'multi', 'text': 'Q?', 'combine': 'median', 'choices': "
		"[{'id': 'a', 'label': 'A'}]}]");
	invalid("s.json:5:70: error: questions[0].combine: expected a string, got 1\n", NULL, NULL,
		NULL, NULL,
		"[{'id': 'q', 'type': 'multi', 'text': 'Q?', 'combine': 1, 'choices': "
		"[{'id': 'a', 'label': 'A'}]}]");
	static const char *const ok[] = { "max", "mean", "sum" };
	for (size_t i = 0; i < 3; i++) {
		char q[160];
		snprintf(q, sizeof(q),
			 "[{'id': 'q', 'type': 'multi', 'text': 'Q?', 'combine': '%s', 'choices': "
			 "[{'id': 'a', 'label': 'A'}]}]",
			 ok[i]);
		valid("", NULL, NULL, NULL, NULL, q);
	}
}

/* ### yesno */

static void
test_yesno_levels(void **state)
{
	(void)state;
	invalid("s.json:5:16: error: questions[0]: a yesno question takes both \"yes\" and \"no\" "
		"levels, or neither\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'yes': 2}]");
	invalid("s.json:5:16: error: questions[0]: a yesno question takes both \"yes\" and \"no\" "
		"levels, or neither\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'no': 0}]");
	invalid("s.json:5:84: error: questions[0].yes: level 3 is outside 0..2\n"
		"s.json:5:93: error: questions[0].no: level -1 is outside 0..2\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'yes': 3, 'no': "
		"-1}]");
	invalid("s.json:5:84: error: questions[0].yes: expected a level (a number), got true\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'yes': true, 'no': "
		"0}]");
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'yes': 2, 'no': "
	      "0}]");
}

/* ### scale, number, percent */

static void
test_scale_bounds(void **state)
{
	(void)state;
	invalid("s.json:5:16: error: questions[0]: missing required key \"min\"\n"
		"s.json:5:16: error: questions[0]: missing required key \"max\"\n",
		NULL, NULL, NULL, NULL, "[{'id': 'q', 'type': 'scale', 'text': 'Q?'}]");
	invalid("s.json:5:16: error: questions[0]: missing required key \"max\"\n", NULL, NULL,
		NULL, NULL, "[{'id': 'q', 'type': 'scale', 'text': 'Q?', 'min': 1}]");
	invalid("s.json:5:66: error: questions[0].min: expected an integer, got 1.5\n", NULL, NULL,
		NULL, NULL, "[{'id': 'q', 'type': 'scale', 'text': 'Q?', 'min': 1.5, 'max': 5}]");
	invalid("s.json:5:76: error: questions[0].max: expected an integer, got 4.5\n", NULL, NULL,
		NULL, NULL, "[{'id': 'q', 'type': 'scale', 'text': 'Q?', 'min': 1, 'max': 4.5}]");
	invalid("s.json:5:66: error: questions[0].min: expected a number, got \"1\"\n", NULL, NULL,
		NULL, NULL, "[{'id': 'q', 'type': 'scale', 'text': 'Q?', 'min': '1', 'max': 5}]");
	invalid("s.json:5:66: error: questions[0].min: min (5) must be less than max (1)\n", NULL,
		NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'scale', 'text': 'Q?', 'min': 5, 'max': 1}]");
	invalid("s.json:5:66: error: questions[0].min: min (3) must be less than max (3)\n", NULL,
		NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'scale', 'text': 'Q?', 'min': 3, 'max': 3}]");
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'scale', 'text': 'Q?', 'min': -2, 'max': 2, 'dimension': "
	      "'c'}]");
}

static void
test_number_bounds(void **state)
{
	(void)state;
	invalid("s.json:5:67: error: questions[0].min: min (10) must be less than max (10)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'number', 'text': 'Q?', 'min': 10, 'max': 10}]");
	invalid("s.json:5:67: error: questions[0].min: min (2.5) must be less than max (-1)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'number', 'text': 'Q?', 'min': 2.5, 'max': -1}]");
	/* number bounds need not be integers, and either may be left out */
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'number', 'text': 'Q?', 'min': 0.5, 'max': 1.5}, {'id': 'r', "
	      "'type': 'number', 'text': 'R?', 'max': 7}, {'id': 's', 'type': 'number', "
	      "'text': 'S?'}]");
}

static void
test_percent_bounds(void **state)
{
	(void)state;
	invalid("s.json:5:68: error: questions[0].min: a percent bound must be within 0..100, "
		"got -1\n"
		"s.json:5:79: error: questions[0].max: a percent bound must be within 0..100, "
		"got 120\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'percent', 'text': 'Q?', 'min': -1, 'max': 120}]");
	invalid("s.json:5:68: error: questions[0].min: min (90) must be less than max (10)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'percent', 'text': 'Q?', 'min': 90, 'max': 10}]");
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'percent', 'text': 'Q?', 'min': 0, 'max': 100}, {'id': 'r', "
	      "'type': 'percent', 'text': 'R?', 'min': 12.5}]");
}

static void
test_thresholds(void **state)
{
	(void)state;
	/* ascending value order, whatever the direction */
	invalid("s.json:5:94: error: questions[0].thresholds[2][0]: thresholds must be in "
		"ascending value order (30 after 50)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'percent', 'text': 'Q?', 'thresholds': [[0, 0], [50, 1], "
		"[30, 2]]}]");
	invalid("s.json:5:85: error: questions[0].thresholds[1][0]: thresholds must be in "
		"ascending value order (10 after 10)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'number', 'text': 'Q?', 'thresholds': [[10, 1], [10, 2]], "
		"'direction': 'lower-is-better'}]");
	/* levels 0..S */
	invalid("s.json:5:89: error: questions[0].thresholds[1][1]: level 2.5 is outside 0..2\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'percent', 'text': 'Q?', 'thresholds': [[0, 0], [50, "
		"2.5]]}]");
	/* the shape */
	invalid("s.json:5:75: error: questions[0].thresholds[0]: expected [value, level], got an "
		"array\n"
		"s.json:5:80: error: questions[0].thresholds[1]: expected [value, level], got "
		"\"x\"\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'number', 'text': 'Q?', 'thresholds': [[1], 'x']}]");
	invalid("s.json:5:74: error: questions[0].thresholds: expected an array, got an object\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'number', 'text': 'Q?', 'thresholds': {'1': 2}}]");
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'number', 'text': 'Q?', 'dimension': 'c', 'thresholds': "
	      "[[1, 2], [4, 1.5], [24, 0]], 'direction': 'lower-is-better'}]");
}

/* The value of a threshold is a number: the message names the value, not the
 * pair, which is an array as it should be. */
static void
test_threshold_types(void **state)
{
	(void)state;
	invalid(
	    "s.json:5:76: error: questions[0].thresholds[0][0]: expected a number, got \"1\"\n",
	    NULL, NULL, NULL, NULL,
	    "[{'id': 'q', 'type': 'number', 'text': 'Q?', 'thresholds': [['1', 1]]}]");
}

static void
test_direction(void **state)
{
	(void)state;
	invalid("s.json:5:74: error: questions[0].direction: expected \"higher-is-better\" or "
		"\"lower-is-better\", got \"down\"\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'percent', 'text': 'Q?', 'direction': 'down', 'thresholds': "
		"[[0, 1]]}]");
	invalid("s.json:5:73: error: questions[0].direction: expected a string, got -1\n", NULL,
		NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'number', 'text': 'Q?', 'direction': -1, 'thresholds': [[0, "
		"1]]}]");
	valid("", NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'number', 'text': 'Q?', 'direction': 'higher-is-better', "
	      "'thresholds': [[0, 1]]}]");
}

/* ### when */

/* Three questions to refer to: q (yesno), ch (choice a/b), n (number). */
#define WHEN_TARGETS                                                                              \
	"[{'id': 'q', 'type': 'yesno', 'text': 'Q?'}, {'id': 'ch', 'type': 'choice', "            \
	"'text': 'C?', 'choices': [{'id': 'a', 'label': 'A'}, {'id': 'b', 'label': 'B'}]}, "      \
	"{'id': 'n', 'type': 'number', 'text': 'N?'}, "
/* On line 5, the column of a character of the question after WHEN_TARGETS,
 * given by its offset from the { of that question. */
#define AT(offset) (15 + (int)(sizeof(WHEN_TARGETS) - 1) + (offset))

/* Asserts the problems of a fourth question, questions[3], written after
 * WHEN_TARGETS; want_fmt and what follows make the expected lines. */
static void expect_when(int line, int rc, const char *question, const char *want_fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
expect_when(int line, int rc, const char *question, const char *want_fmt, ...)
{
	char q[1024], want[1024];
	va_list ap;
	snprintf(q, sizeof(q), "%s%s]", WHEN_TARGETS, question);
	va_start(ap, want_fmt);
	vsnprintf(want, sizeof(want), want_fmt, ap);
	va_end(ap);
	char *text = survey_text(NULL, NULL, NULL, NULL, q);
	bool ok = same_problems(text, strlen(text), rc, want, line);
	free(text);
	if (!ok) {
		fail();
	}
}

static void
test_when_references(void **state)
{
	(void)state;
	/* offsets from the { of the question: its when object is at 49, the value of
	 * when.question at 62 */
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'nope', 'in': "
		    "['yes']}}",
		    "s.json:5:%d: error: questions[3].when.question: unknown question \"nope\"\n",
		    AT(62));
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'r', 'in': "
		    "['yes']}}",
		    "s.json:5:%d: error: questions[3].when.question: a question cannot depend on "
		    "itself\n",
		    AT(62));
	/* the question id is valid, so the later one is found */
	char q[1024], want[512];
	snprintf(q, sizeof(q),
		 "%s{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'z', 'in': "
		 "['yes']}}, {'id': 'z', 'type': 'yesno', 'text': 'Z'}]",
		 WHEN_TARGETS);
	snprintf(want, sizeof(want),
		 "s.json:5:%d: error: questions[3].when.question: \"z\" comes later "
		 "(questions[4]); a when can refer only to an earlier question\n",
		 AT(62));
	char *text = survey_text(NULL, NULL, NULL, NULL, q);
	bool ok = same_problems(text, strlen(text), VMAT_EINVAL, want, __LINE__);
	free(text);
	if (!ok) {
		fail();
	}
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'in': ['a']}}",
		    "s.json:5:%d: error: questions[3].when: missing required key \"question\"\n",
		    AT(49));
	expect_when(
	    __LINE__, VMAT_EINVAL,
	    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 3, 'in': ['a']}}",
	    "s.json:5:%d: error: questions[3].when.question: expected a string, got 3\n", AT(62));
}

static void
test_when_values(void **state)
{
	(void)state;
	/* in: choices of the target, "yes"/"no" of a yesno */
	expect_when(
	    __LINE__, VMAT_EINVAL,
	    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch', 'in': "
	    "['a', 'c']}}",
	    "s.json:5:%d: error: questions[3].when.in[1]: \"c\" is not a choice of \"ch\"\n",
	    AT(80));
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'q', 'in': "
		    "['maybe', true]}}",
		    "s.json:5:%d: error: questions[3].when.in[0]: \"maybe\" is not a choice of "
		    "\"q\"\n"
		    "s.json:5:%d: error: questions[3].when.in[1]: expected a string, got true\n",
		    AT(74), AT(83));
	/* a choice's label is not its id */
	expect_when(
	    __LINE__, VMAT_EINVAL,
	    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch', 'in': "
	    "['A']}}",
	    "s.json:5:%d: error: questions[3].when.in[0]: \"A\" is not a choice of \"ch\"\n",
	    AT(75));
	expect_when(
	    __LINE__, VMAT_EINVAL,
	    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch', 'in': []}}",
	    "s.json:5:%d: error: questions[3].when.in: expected at least one value\n", AT(74));
	valid("", NULL, NULL, NULL, NULL,
	      WHEN_TARGETS "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch', "
			   "'in': ['a', 'b']}}, {'id': 's', 'type': 'text', 'text': 'S', 'when': "
			   "{'question': 'q', 'in': ['no']}}, {'id': 't', 'type': 'text', 'text': "
			   "'T', 'when': {'question': 'n', 'min': 2, 'max': 3.5}}]");
}

static void
test_when_kinds(void **state)
{
	(void)state;
	/* in for choice, multi, yesno; min/max for scale, number, percent */
	expect_when(
	    __LINE__, VMAT_EINVAL,
	    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'n', 'in': "
	    "['1']}}",
	    "s.json:5:%d: error: questions[3].when.in: \"in\" applies to choice, multi and "
	    "yesno questions; \"n\" is a number question\n",
	    AT(73));
	expect_when(
	    __LINE__, VMAT_EINVAL,
	    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch', 'min': "
	    "1}}",
	    "s.json:5:%d: error: questions[3].when.min: \"min\" and \"max\" apply to scale, "
	    "number and percent questions; \"ch\" is a choice question\n",
	    AT(75));
	expect_when(
	    __LINE__, VMAT_EINVAL,
	    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'q', 'max': "
	    "1}}",
	    "s.json:5:%d: error: questions[3].when.max: \"min\" and \"max\" apply to scale, "
	    "number and percent questions; \"q\" is a yesno question\n",
	    AT(74));
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch', 'in': "
		    "['a'], 'min': 1}}",
		    "s.json:5:%d: error: questions[3].when: expected either \"in\" or "
		    "\"min\"/\"max\"\n",
		    AT(49));
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch'}}",
		    "s.json:5:%d: error: questions[3].when: expected either \"in\" or "
		    "\"min\"/\"max\"\n",
		    AT(49));
}

/* A key of the wrong type is one problem: the condition is not also reported
 * as missing. */
static void
test_when_wrong_type_once(void **state)
{
	(void)state;
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'n', 'min': "
		    "'1'}}",
		    "s.json:5:%d: error: questions[3].when.min: expected a number, got \"1\"\n",
		    AT(74));
	expect_when(__LINE__, VMAT_EINVAL,
		    "{'id': 'r', 'type': 'text', 'text': 'R', 'when': {'question': 'ch', 'in': "
		    "'a'}}",
		    "s.json:5:%d: error: questions[3].when.in: expected an array, got \"a\"\n",
		    AT(74));
}

/* A question whose type is unknown is not taken for a text question by the
 * when that refers to it: its type is the one problem. */
static void
test_when_target_of_unknown_type(void **state)
{
	(void)state;
	invalid("s.json:5:36: error: questions[0].type: unknown question type \"slider\" "
		"(expected: choice, multi, yesno, scale, number, percent, text)\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'a', 'type': 'slider', 'text': 'A'}, {'id': 'b', 'type': 'text', 'text': "
		"'B', 'when': {'question': 'a', 'in': ['x']}}]");
}

/* A message about a question names it by its id, even when that id is
 * itself a problem. */
static void
test_when_target_named(void **state)
{
	(void)state;
	invalid("s.json:5:23: error: questions[0].id: \"customer\" is also a field or a bulk CSV "
		"column of its own; the columns must be unique\n"
		"s.json:5:188: error: questions[1].when.in[0]: \"y\" is not a choice of "
		"\"customer\"\n",
		NULL, NULL, NULL, NULL,
		"[{'id': 'customer', 'type': 'choice', 'text': 'A', 'choices': [{'id': 'x', "
		"'label': 'X'}]}, {'id': 'b', 'type': 'text', 'text': 'B', 'when': {'question': "
		"'customer', 'in': ['y']}}]");
}

/* ## Unknown keys: warnings, the survey stays valid */

static void
test_unknown_keys_warn(void **state)
{
	(void)state;
	valid("s.json:1:78: warning: colour: unknown key \"colour\"\n"
	      "s.json:2:52: warning: stages[0].colour: unknown key \"colour\"\n"
	      "s.json:3:52: warning: dimensions[0].colour: unknown key \"colour\"\n"
	      "s.json:3:102: warning: dimensions[0].advice[0].colour: unknown key \"colour\"\n"
	      "s.json:4:54: warning: fields[0].colour: unknown key \"colour\"\n"
	      "s.json:5:56: warning: questions[0].colour: unknown key \"colour\"\n"
	      "s.json:5:120: warning: questions[0].choices[0].colour: unknown key \"colour\"\n"
	      "s.json:5:203: warning: questions[1].when.colour: unknown key \"colour\"\n",
	      "{'format': 'vmat-survey/1', 'id': 't', 'version': 1, 'title': 'T', 'colour': 1,",
	      "[{'id': 'one', 'name': 'One', 'colour': 1, 'requires': {'c': 1}}]",
	      "[{'id': 'c', 'name': 'C', 'colour': 1, 'advice': [{'below': 1, 'text': 'T', "
	      "'colour': 1}]}]",
	      "[{'id': 'team', 'name': 'Team', 'colour': 1}]",
	      "[{'id': 'r', 'type': 'choice', 'colour': 1, 'text': 'R', 'choices': [{'id': 'x', "
	      "'label': 'X', 'colour': 1}]}, {'id': 'q', 'type': 'text', 'text': 'Q', 'when': "
	      "{'question': 'r', 'colour': 1, 'in': ['x']}}]");
}

static void
test_keys_of_other_types_warn(void **state)
{
	(void)state;
	/* keys that belong to another question type are unknown for this one */
	valid("s.json:5:72: warning: questions[0].thresholds: unknown key \"thresholds\"\n"
	      "s.json:5:156: warning: questions[1].choices: unknown key \"choices\"\n",
	      NULL, NULL, NULL, NULL,
	      "[{'id': 'q', 'type': 'yesno', 'text': 'Q', 'thresholds': [[0, 1]]}, {'id': 'r', "
	      "'type': 'scale', 'text': 'R', 'min': 1, 'max': 5, 'choices': []}]");
	/* a key in another case is another key */
	valid("s.json:5:52: warning: questions[0].Text: unknown key \"Text\"\n", NULL, NULL, NULL,
	      NULL, "[{'id': 'q', 'type': 'text', 'Text': 'Q', 'text': 'Q'}]");
}

/* ## Several problems, positions */

/* Every problem of a file in one run, in document order, each at its value. */
static void
test_all_problems_reported(void **state)
{
	(void)state;
	char *p = survey_problems(
	    "{\"format\": \"vmat-survey/1\", \"id\": \"x\", \"version\": 1, \"title\": \"X\",\n"
	    " \"stages\": [{\"id\": \"a\", \"name\": \"A\", \"requires\": {\"c\": 9}}],\n"
	    " \"dimensions\": [{\"id\": \"c\", \"name\": \"C\", \"weight\": 0}],\n"
	    " \"questions\": [{\"id\": \"q\", \"type\": \"scale\", \"text\": \"Q\", \"min\": 3,\n"
	    "   \"max\": 1, \"dimension\": \"c\", \"tone\": \"warm\"}]}");
	assert_string_equal(
	    p, "s.json:2:56: error: stages[0].requires.c: level 9 is outside 0..1\n"
	       "s.json:3:52: error: dimensions[0].weight: weight must be greater "
	       "than 0, got 0\n"
	       "s.json:4:65: error: questions[0].min: min (3) must be less than max (1)\n"
	       "s.json:5:40: warning: questions[0].tone: unknown key \"tone\"\n");
	free(p);
}

/* The keys in an order the loader does not follow (it needs the stages and
 * dimensions before the questions): the messages still come in the order of
 * the file, one member per line, each at the column of its value. */
static const char reordered[] =
    "{\n"
    "  'questions': [\n"
    "    {'id': 'q', 'type': 'choice', 'text': 'Q?', 'dimension': 'c',\n"
    "     'choices': [{'id': 'a', 'label': 'A', 'level': 5}]},\n"
    "    {'id': 'q', 'type': 'text', 'text': 'Again'}\n"
    "  ],\n"
    "  'dimensions': [\n"
    "    {'id': 'c', 'name': 'C', 'weight': -1}\n"
    "  ],\n"
    "  'stages': [\n"
    "    {'id': 'one', 'name': 'One',\n"
    "     'requires': {'c': 1, 'x': 1}}\n"
    "  ],\n"
    "  'title': 'T', 'version': 0, 'id': 't', 'format': 'vmat-survey/1', 'extra': true\n"
    "}\n";
static const char reordered_problems[] =
    "s.json:4:53: error: questions[0].choices[0].level: level 5 is outside 0..1\n"
    "s.json:5:12: error: questions[1].id: duplicate question id \"q\" (first at questions[0])\n"
    "s.json:8:40: error: dimensions[0].weight: weight must be greater than 0, got -1\n"
    "s.json:12:32: error: stages[0].requires.x: unknown dimension \"x\"\n"
    "s.json:14:28: error: version: expected a positive integer, got 0\n"
    "s.json:14:78: warning: extra: unknown key \"extra\"\n";

static void
test_document_order(void **state)
{
	(void)state;
	expect_json(VMAT_EINVAL, reordered_problems, reordered);
}

/* CRLF line ends: the same lines and columns. */
static void
test_crlf_positions(void **state)
{
	(void)state;
	char crlf[sizeof(reordered) * 2];
	size_t n = 0;
	for (const char *c = reordered; *c; c++) {
		if (*c == '\n') {
			crlf[n++] = '\r';
		}
		crlf[n++] = *c == '\'' ? '"' : *c;
	}
	expect_bytes(VMAT_EINVAL, reordered_problems, crlf, n);
}

/* Tabs count as one column, as in GNU messages. */
static void
test_tab_positions(void **state)
{
	(void)state;
	expect_json(VMAT_EINVAL,
		    "s.json:4:11: error: dimensions[0].kind: expected "
		    "\"capability\" or \"intent\", got \"goal\"\n",
		    "{'format': 'vmat-survey/1', 'id': 't', 'version': 1, 'title': 'T',\n"
		    "'stages': [{'id': 'one', 'name': 'One', 'requires': {'c': 1}}],\n"
		    "'dimensions': [{'id': 'c', 'name': 'C',\n"
		    "\t\t'kind':\t'goal'}],\n"
		    "'questions': [{'id': 'q', 'type': 'text', 'text': 'Q?'}]}");
}

/* ## JSON syntax and encoding, as met when loading a survey */

static void
test_json_syntax(void **state)
{
	(void)state;
	/* trailing garbage */
	expect_json(VMAT_EINVAL, "s.json:2:1: error: invalid JSON: unexpected \"}\"\n",
		    "{'format': 'vmat-survey/1'}\n}");
	expect_json(VMAT_EINVAL, "s.json:1:29: error: invalid JSON: unexpected \"x\"\n",
		    "{'format': 'vmat-survey/1'} x");
	/* trailing commas */
	expect_json(VMAT_EINVAL, "s.json:2:1: error: invalid JSON: unexpected \"}\"\n",
		    "{'format': 'vmat-survey/1',\n}");
	expect_json(VMAT_EINVAL, "s.json:1:18: error: invalid JSON: unexpected \"]\"\n",
		    "{'stages': [1, 2,]}");
	/* unexpected end */
	expect_json(VMAT_EINVAL, "s.json:2:13: error: invalid JSON: unexpected end of file\n",
		    "{'format': 'vmat-survey/1',\n 'stages': [");
	expect_json(VMAT_EINVAL, "s.json:1:1: error: invalid JSON: unexpected end of file\n", "");
	expect_json(VMAT_EINVAL, "s.json:3:1: error: invalid JSON: unexpected end of file\n",
		    "  \n\n");
	/* single quotes are not JSON */
	expect_bytes(VMAT_EINVAL, "s.json:1:2: error: invalid JSON: unexpected \"'\"\n",
		     "{'format': 1}", 13);
}

static void
test_duplicate_json_keys(void **state)
{
	(void)state;
	expect_json(VMAT_EINVAL,
		    "s.json:2:12: error: duplicate key \"format\" (first at line 1)\n",
		    "{'format': 'vmat-survey/1',\n 'format': 'vmat-survey/1'}");
	invalid("s.json:2:50: error: duplicate key \"name\" (first at line 2)\n", NULL,
		"[{'id': 'one', 'name': 'One', 'name': 'Uno', 'requires': {}}]", NULL, NULL, NULL);
	/* every duplicate, not only the first */
	invalid("s.json:2:50: error: duplicate key \"name\" (first at line 2)\n"
		"s.json:5:85: error: duplicate key \"type\" (first at line 5)\n",
		NULL, "[{'id': 'one', 'name': 'One', 'name': 'Uno', 'requires': {}}]", NULL, NULL,
		"[{'id': 'q', 'type': 'yesno', 'text': 'Q?', 'dimension': 'c', 'type': 'text'}]");
}

static void
test_numbers_out_of_range(void **state)
{
	(void)state;
	invalid("s.json:3:52: error: dimensions[0].weight: number out of range: \"1e400\"\n", NULL,
		NULL,
		"[{'id': 'c', 'name': 'C', 'weight': 1e400}]", NULL, NULL);
	invalid("s.json:5:77: error: questions[0].max: number out of range: \"-1e400\"\n", NULL,
		NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'number', 'text': 'Q?', 'min': 0, 'max': -1e400}]");
	/* issue 18 §5: the rest is checked, without a second message for it */
	invalid("s.json:3:52: error: dimensions[0].weight: number out of range: \"1e400\"\n"
		"s.json:5:36: error: questions[0].type: unknown question type \"nmber\" (expected: "
		"choice, multi, yesno, scale, number, percent, text)\n",
		NULL, NULL, "[{'id': 'c', 'name': 'C', 'weight': 1e400}]", NULL,
		"[{'id': 'q', 'type': 'nmber', 'text': 'Q?'}]");
	/* large but finite is a number like any other */
	valid("", NULL, NULL, "[{'id': 'c', 'name': 'C', 'weight': 1e300}]", NULL, NULL);
}

static void
test_nesting(void **state)
{
	(void)state;
	/* the survey object is the first level; description holds the rest */
	char head[256], want[128];
	int n = snprintf(head, sizeof(head),
			 "{'format': 'vmat-survey/1', 'id': 't', 'version': "
			 "1, 'title': 'T', 'description': ");
	memset(head + n, '[', 63);
	memset(head + n + 63, ']', 63);
	snprintf(head + n + 126, sizeof(head) - (size_t)n - 126, ",");
	invalid("s.json:1:83: error: description: expected a string, got an array\n", head, NULL,
		NULL, NULL, NULL); /* 64 levels: parsed */
	memset(head + n, '[', 64);
	memset(head + n + 64, ']', 64);
	snprintf(head + n + 128, sizeof(head) - (size_t)n - 128, ",");
	snprintf(want, sizeof(want),
		 "s.json:1:%d: error: nested too deeply (more than 64 levels)\n", 83 + 63);
	invalid(want, head, NULL, NULL, NULL, NULL);
}

/* The base survey encoded in UTF-16 (little or big endian), with its BOM. */
static void
test_utf16_rejected(void **state)
{
	(void)state;
	char *text = survey_text(NULL, NULL, NULL, NULL, NULL);
	size_t len = strlen(text);
	char *wide = malloc(2 * len + 2);
	assert_non_null(wide);
	for (int big = 0; big < 2; big++) {
		wide[0] = big ? '\xFE' : '\xFF';
		wide[1] = big ? '\xFF' : '\xFE';
		for (size_t i = 0; i < len; i++) {
			wide[2 + 2 * i + big] = text[i];
			wide[2 + 2 * i + !big] = '\0';
		}
		if (!same_problems(wide, 2 * len + 2, VMAT_EINVAL,
				   "s.json: error: the file is encoded in UTF-16; save it as "
				   "UTF-8\n",
				   __LINE__)) {
			free(wide);
			free(text);
			fail();
		}
	}
	free(wide);
	free(text);
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* Latin-1 "Café": the é is one byte, 0xE9 */
	invalid("s.json:1:67: error: invalid UTF-8 (byte 0xe9)\n",
		"{'format': 'vmat-survey/1', 'id': 't', 'version': 1, 'title': 'Caf\xE9',", NULL,
		NULL, NULL, NULL);
	/* an encoded surrogate half, on line 5 */
	invalid("s.json:5:54: error: invalid UTF-8 (byte 0xed)\n", NULL, NULL, NULL, NULL,
		"[{'id': 'q', 'type': 'text', 'text': 'Q\xED\xA0\x80'}]");
	/* UTF-8 itself is fine */
	valid("", "{'format': 'vmat-survey/1', 'id': 't', 'version': 1, 'title': 'Caf\xC3\xA9',",
	      NULL, NULL, NULL, NULL);
}

static void
test_utf8_bom_accepted(void **state)
{
	(void)state;
	char *text = survey_text(NULL, NULL, NULL, NULL, NULL);
	size_t len = strlen(text);
	char *bom = malloc(len + 4);
	assert_non_null(bom);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, text, len + 1);
	bool ok = same_problems(bom, len + 3, VMAT_OK, "", __LINE__);
	free(text);
	/* columns on line 1 are counted after the BOM, as an editor shows them */
	text = survey_text("{'format': 'vmat-survey/0', 'id': 't', 'version': 1, 'title': 'T',",
			   NULL, NULL, NULL, NULL);
	memcpy(bom + 3, text, len + 1);
	ok = ok && same_problems(bom, len + 3, VMAT_EINVAL,
				 "s.json:1:12: error: format: expected \"vmat-survey/1\", got "
				 "\"vmat-survey/0\"\n",
				 __LINE__);
	free(text);
	free(bom);
	if (!ok) {
		fail();
	}
}

/* ## A valid survey as the library hands it out */

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char *buf = calloc(1, 1 << 16);
	assert_non_null(buf);
	assert_true(fread(buf, 1, (1 << 16) - 1, fp) > 0);
	fclose(fp);
	return buf;
}

/* The example of reference §1. */
static void
test_spec_example(void **state)
{
	(void)state;
	char *text = slurp("spec-survey.json");
	struct vmat_survey *s = survey_ok(text);
	free(text);
	assert_string_equal(vmat_survey_id(s), "journey");
	assert_int_equal(vmat_survey_version(s), 3);
	assert_string_equal(vmat_survey_title(s), "Virtualization journey interview");
	size_t ns, nd, nf, nq;
	const struct vmat_stage *st = vmat_survey_stages(s, &ns);
	const struct vmat_dimension *d = vmat_survey_dimensions(s, &nd);
	const struct vmat_field *f = vmat_survey_fields(s, &nf);
	const struct vmat_question *q = vmat_survey_questions(s, &nq);
	assert_int_equal(ns, 3);
	assert_string_equal(st[1].id, "business-production");
	assert_int_equal(st[1].nrequires, 2);
	assert_int_equal(st[1].requires[1].dimension, 1); /* availability */
	assert_near(st[1].requires[1].min, 2);
	assert_string_equal(vmat_survey_stage_id(s, 0), "not-started");
	assert_string_equal(vmat_survey_stage_id(s, 3), "business-agility");
	assert_int_equal(nd, 4);
	assert_near(d[0].weight, 2);
	assert_near(d[1].weight, 1); /* default */
	assert_true(d[3].intent);
	assert_int_equal(d[0].nadvice, 1);
	assert_near(d[0].advice[0].below, 2);
	assert_int_equal(d[0].nquestions, 1);
	assert_int_equal(d[1].nquestions, 2);
	assert_int_equal(d[2].nquestions, 0);
	/* the nine built-in fields first, region restated with its values */
	assert_int_equal(nf, 9);
	static const char *const builtin[] = { "id",          "customer", "region",
					       "date",        "interviewer", "country",
					       "segment",     "industry", "customer_id" };
	for (size_t i = 0; i < 9; i++) {
		assert_string_equal(f[i].id, builtin[i]);
		assert_true(f[i].builtin);
	}
	assert_true(f[2].required);
	assert_int_equal(f[2].nvalues, 4);
	assert_string_equal(f[2].values[1], "NA");
	assert_int_equal(f[6].nvalues, 4); /* segment restated */
	assert_false(f[4].required);
	assert_int_equal(nq, 5);
	assert_int_equal(q[0].type, VMAT_PERCENT);
	assert_near(q[0].min, 0);
	assert_near(q[0].max, 100);
	assert_near(q[0].weight, 1);
	assert_true(q[0].required);
	assert_int_equal(q[0].nthresholds, 4);
	assert_near(q[0].thresholds[2].value, 50);
	assert_near(q[0].thresholds[2].level, 2);
	assert_false(q[0].lower_is_better);
	assert_true(isnan(q[1].choices[3].level)); /* "don't know" */
	assert_near(q[1].choices[2].level, 3);
	assert_int_equal(q[2].dimension, -1); /* recorded, not scored */
	assert_true(isnan(q[2].yes_level));
	assert_true(q[3].has_when);
	assert_int_equal(q[3].when_question, 2);
	assert_int_equal(q[3].nwhen_in, 1);
	assert_string_equal(q[3].when_in[0], "yes");
	assert_true(q[3].lower_is_better);
	assert_string_equal(q[3].unit, "hours");
	assert_int_equal(q[4].type, VMAT_TEXT);
	assert_int_equal(vmat_survey_question_index(s, "dr_rto"), 3);
	assert_int_equal(vmat_survey_question_index(s, "nope"), -1);
	assert_int_equal(vmat_survey_field_index(s, "segment"), 6);
	assert_int_equal(vmat_survey_field_index(s, "nope"), -1);
	vmat_survey_destroy(s);
}

static void
test_accessors(void **state)
{
	(void)state;
	char *text = dup_swapped(
	    "{'format': 'vmat-survey/1', 'id': 'acc', 'version': 7, 'title': 'Acc',\n"
	    " 'description': 'About',\n"
	    " 'stages': [{'id': 's-one', 'name': 'One', 'requires': {'b': 1, 'a': 0.5}},\n"
	    "            {'id': 's-two', 'name': 'Two', 'description': 'Second',\n"
	    "             'requires': {}}],\n"
	    " 'dimensions': [{'id': 'a', 'name': 'A'},\n"
	    "                {'id': 'b', 'name': 'B', 'weight': 0.5, 'kind': 'capability'},\n"
	    "                {'id': 'i', 'name': 'I', 'kind': 'intent'}],\n"
	    " 'fields': [{'id': 'team', 'name': 'Team', 'required': true,\n"
	    "             'values': ['red', 'blue']},\n"
	    "            {'id': 'region', 'name': 'Area', 'values': ['north', 'south']},\n"
	    "            {'id': 'customer', 'name': 'Client', 'required': false},\n"
	    "            {'id': 'site', 'name': 'Site'}],\n"
	    " 'questions': [\n"
	    "  {'id': 'c1', 'type': 'choice', 'text': 'C', 'dimension': 'a',\n"
	    "   'choices': [{'id': 'x', 'label': 'X', 'level': 0},\n"
	    "               {'id': 'y', 'label': 'Y', 'level': 2}]},\n"
	    "  {'id': 'm1', 'type': 'multi', 'text': 'M', 'dimension': 'b', 'combine': 'sum',\n"
	    "   'weight': 3, 'required': false, 'choices': [{'id': 'p', 'label': 'P',\n"
	    "   'level': 1}, {'id': 'r', 'label': 'R', 'level': null}]},\n"
	    "  {'id': 'y1', 'type': 'yesno', 'text': 'Y', 'dimension': 'a', 'yes': 2,\n"
	    "   'no': 0.5, 'when': {'question': 'c1', 'in': ['y']}},\n"
	    "  {'id': 's1', 'type': 'scale', 'text': 'S', 'min': 1, 'max': 5,\n"
	    "   'dimension': 'i', 'help': 'H'},\n"
	    "  {'id': 'n1', 'type': 'number', 'text': 'N', 'unit': 'hours',\n"
	    "   'when': {'question': 's1', 'min': 3}},\n"
	    "  {'id': 'y2', 'type': 'yesno', 'text': 'Y2'},\n"
	    "  {'id': 't1', 'type': 'text', 'text': 'T'}]}\n");
	struct vmat_survey *s = survey_ok(text);
	free(text);
	assert_string_equal(vmat_survey_id(s), "acc");
	assert_int_equal(vmat_survey_version(s), 7);
	assert_string_equal(vmat_survey_title(s), "Acc");

	size_t ns;
	const struct vmat_stage *st = vmat_survey_stages(s, &ns);
	assert_int_equal(ns, 2);
	assert_string_equal(st[0].id, "s-one");
	assert_string_equal(st[0].name, "One");
	assert_null(st[0].description);
	assert_int_equal(st[0].nrequires, 2); /* in the survey's order */
	assert_int_equal(st[0].requires[0].dimension, 1);
	assert_near(st[0].requires[0].min, 1);
	assert_int_equal(st[0].requires[1].dimension, 0);
	assert_near(st[0].requires[1].min, 0.5);
	assert_string_equal(st[1].description, "Second");
	assert_int_equal(st[1].nrequires, 0);
	assert_string_equal(vmat_survey_stage_id(s, 0), "not-started");
	assert_string_equal(vmat_survey_stage_id(s, 1), "s-one");
	assert_string_equal(vmat_survey_stage_id(s, 2), "s-two");

	size_t nd;
	const struct vmat_dimension *d = vmat_survey_dimensions(s, &nd);
	assert_int_equal(nd, 3);
	assert_string_equal(d[0].id, "a");
	assert_near(d[0].weight, 1);
	assert_false(d[0].intent);
	assert_near(d[1].weight, 0.5);
	assert_false(d[1].intent);
	assert_true(d[2].intent);
	assert_int_equal(d[0].nadvice, 0);
	assert_int_equal(d[0].nquestions, 2); /* c1, y1 */
	assert_int_equal(d[1].nquestions, 1); /* m1 */
	assert_int_equal(d[2].nquestions, 1); /* s1 */

	/* built-in fields first, as restated; own fields after, in order */
	size_t nf;
	const struct vmat_field *f = vmat_survey_fields(s, &nf);
	assert_int_equal(nf, 11);
	assert_string_equal(f[1].id, "customer");
	assert_string_equal(f[1].name, "Client");
	assert_true(f[1].required); /* restating cannot make a built-in optional */
	assert_true(f[1].builtin);
	assert_null(f[1].values);
	assert_string_equal(f[2].id, "region");
	assert_string_equal(f[2].name, "Area");
	assert_true(f[2].required);
	assert_int_equal(f[2].nvalues, 2);
	assert_string_equal(f[2].values[0], "north");
	assert_string_equal(f[2].values[1], "south");
	assert_string_equal(f[3].id, "date");
	assert_true(f[3].required);
	assert_string_equal(f[9].id, "team");
	assert_false(f[9].builtin);
	assert_true(f[9].required);
	assert_int_equal(f[9].nvalues, 2);
	assert_string_equal(f[9].values[1], "blue");
	assert_string_equal(f[10].id, "site");
	assert_false(f[10].required); /* default */
	assert_int_equal(f[10].nvalues, 0);
	assert_int_equal(vmat_survey_field_index(s, "team"), 9);
	assert_int_equal(vmat_survey_field_index(s, "region"), 2);

	size_t nq;
	const struct vmat_question *q = vmat_survey_questions(s, &nq);
	assert_int_equal(nq, 7);
	/* c1: defaults */
	assert_int_equal(q[0].type, VMAT_CHOICE);
	assert_string_equal(q[0].text, "C");
	assert_null(q[0].help);
	assert_near(q[0].weight, 1);
	assert_true(q[0].required);
	assert_false(q[0].has_when);
	assert_int_equal(q[0].dimension, 0);
	assert_int_equal(q[0].nchoices, 2);
	assert_string_equal(q[0].choices[1].id, "y");
	assert_string_equal(q[0].choices[1].label, "Y");
	assert_near(q[0].choices[1].level, 2);
	/* m1 */
	assert_int_equal(q[1].type, VMAT_MULTI);
	assert_int_equal(q[1].combine, VMAT_COMBINE_SUM);
	assert_near(q[1].weight, 3);
	assert_false(q[1].required);
	assert_true(isnan(q[1].choices[1].level));
	/* y1 */
	assert_near(q[2].yes_level, 2);
	assert_near(q[2].no_level, 0.5);
	assert_true(q[2].has_when);
	assert_int_equal(q[2].when_question, 0);
	assert_int_equal(q[2].nwhen_in, 1);
	assert_string_equal(q[2].when_in[0], "y");
	/* s1 */
	assert_near(q[3].min, 1);
	assert_near(q[3].max, 5);
	assert_string_equal(q[3].help, "H");
	assert_int_equal(q[3].dimension, 2);
	/* n1: unbounded, unscored, a range condition */
	assert_true(isinf(q[4].min) && q[4].min < 0);
	assert_true(isinf(q[4].max) && q[4].max > 0);
	assert_int_equal(q[4].nthresholds, 0);
	assert_int_equal(q[4].dimension, -1);
	assert_string_equal(q[4].unit, "hours");
	assert_int_equal(q[4].when_question, 3);
	assert_null(q[4].when_in);
	assert_near(q[4].when_min, 3);
	assert_true(isinf(q[4].when_max) && q[4].when_max > 0);
	/* y2: yesno without levels is unscored */
	assert_true(isnan(q[5].yes_level));
	assert_true(isnan(q[5].no_level));
	assert_int_equal(q[5].dimension, -1);
	assert_int_equal(q[6].type, VMAT_TEXT);
	assert_int_equal(vmat_survey_question_index(s, "t1"), 6);
	assert_int_equal(vmat_survey_question_index(s, "team"), -1);
	vmat_survey_destroy(s);
}

/* A multi question without combine takes the maximum (reference §1). */
static void
test_combine_default(void **state)
{
	(void)state;
	char *text = survey_text(NULL, NULL, NULL, NULL,
				 "[{'id': 'q', 'type': 'multi', 'text': 'Q?', 'choices': "
				 "[{'id': 'a', 'label': 'A'}]}]");
	struct vmat_survey *s = survey_ok(text);
	free(text);
	size_t nq;
	const struct vmat_question *q = vmat_survey_questions(s, &nq);
	assert_int_equal(q[0].combine, VMAT_COMBINE_MAX);
	assert_true(isnan(q[0].choices[0].level)); /* unscored, no level */
	vmat_survey_destroy(s);
}

/* Loads the survey at path; returns the diagnostics as printed, *rc the
 * result, *set whether *out was set. Nothing is left to free but the text. */
static char *
load_problems(const char *path, int *rc, bool *set)
{
	struct vmat_diags *d;
	struct vmat_survey *s = (struct vmat_survey *)&s;	/* not NULL */
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	*rc = vmat_survey_load(&s, path, d);
	*set = s != NULL;
	vmat_survey_destroy(s);
	char *text = diags_text(d);
	vmat_diags_destroy(d);
	return text;
}

/* The file name is the one given; *out is NULL on failure. */
static void
test_load_from_file(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		int rc;
		const char *problems;
	} cases[] = {
		{ "no-such-survey.json", VMAT_EIO,
		  "no-such-survey.json: error: No such file or directory\n" },
		{ ".", VMAT_EIO, ".: error: is a directory\n" },
		{ "spec-survey.json", VMAT_OK, "" },	/* in the test's working directory */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		bool set;
		char *text = load_problems(cases[i].path, &rc, &set);
		bool ok = rc == cases[i].rc && set == (rc == VMAT_OK) &&
			  strcmp(text, cases[i].problems) == 0;
		if (!ok) {
			print_error("%s: got rc %d, *out %s, and:\n%s", cases[i].path, rc,
				    set ? "set" : "NULL", text);
		}
		free(text);
		assert_true(ok);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_survey_valid),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_missing_top_level_keys),
		cmocka_unit_test(test_top_level_types),
		cmocka_unit_test(test_survey_id),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_stage_count),
		cmocka_unit_test(test_stage_keys),
		cmocka_unit_test(test_stage_ids),
		cmocka_unit_test(test_duplicate_stage),
		cmocka_unit_test(test_requires),
		cmocka_unit_test(test_dimension_keys),
		cmocka_unit_test(test_dimension_ids),
		cmocka_unit_test(test_duplicate_dimension),
		cmocka_unit_test(test_dimension_kind_and_weight),
		cmocka_unit_test(test_capability_required),
		cmocka_unit_test(test_advice),
		cmocka_unit_test(test_field_keys),
		cmocka_unit_test(test_field_ids),
		cmocka_unit_test(test_reserved_field_ids),
		cmocka_unit_test(test_duplicate_field),
		cmocka_unit_test(test_field_values),
		cmocka_unit_test(test_question_keys),
		cmocka_unit_test(test_question_type),
		cmocka_unit_test(test_question_ids),
		cmocka_unit_test(test_duplicate_question),
		cmocka_unit_test(test_question_field_clash),
		cmocka_unit_test(test_question_dimension),
		cmocka_unit_test(test_question_weight),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_duplicate_choice),
		cmocka_unit_test(test_choice_level),
		cmocka_unit_test(test_combine),
		cmocka_unit_test(test_yesno_levels),
		cmocka_unit_test(test_scale_bounds),
		cmocka_unit_test(test_number_bounds),
		cmocka_unit_test(test_percent_bounds),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_when_references),
		cmocka_unit_test(test_when_values),
		cmocka_unit_test(test_when_kinds),
		cmocka_unit_test(test_when_wrong_type_once),
		cmocka_unit_test(test_when_target_of_unknown_type),
		cmocka_unit_test(test_when_target_named),
		cmocka_unit_test(test_threshold_types),
		cmocka_unit_test(test_unknown_keys_warn),
		cmocka_unit_test(test_keys_of_other_types_warn),
		cmocka_unit_test(test_all_problems_reported),
		cmocka_unit_test(test_document_order),
		cmocka_unit_test(test_crlf_positions),
		cmocka_unit_test(test_tab_positions),
		cmocka_unit_test(test_json_syntax),
		cmocka_unit_test(test_duplicate_json_keys),
		cmocka_unit_test(test_numbers_out_of_range),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_utf16_rejected),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_utf8_bom_accepted),
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_combine_default),
		cmocka_unit_test(test_load_from_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
