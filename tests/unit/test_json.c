/* The cJSON adapter: positions, and what cJSON lets through that we must not. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Parses text; returns the diagnostics (malloc'd), *out the root or NULL. */
static char *
parse(const char *text, struct jv **out, struct arena *a)
{
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	json_parse(out, a, text, strlen(text), "j.json", d);
	char *problems = diags_text(d);
	vmat_diags_destroy(d);
	return problems;
}

static void
expect_error(const char *text, const char *want)
{
	struct arena a = { 0 };
	struct jv *root;
	char *got = parse(text, &root, &a);
	assert_null(root);
	assert_string_equal(got, want);
	free(got);
	arena_free(&a);
}

static void
test_values_and_positions(void **state)
{
	(void)state;
	struct arena a = { 0 };
	struct jv *root;
	char *problems = parse("{\n  \"a\": [1, \"x\\u00e9\", true, null],\n  \"Stage\": 1,"
			       "\n  \"stage\": -2.5e1\n}",
			       &root, &a);
	assert_string_equal(problems, "");
	free(problems);
	assert_int_equal(root->type, J_OBJECT);
	assert_int_equal(root->len, 3);
	const struct jv *arr = jv_get(root, "a");
	assert_int_equal(arr->type, J_ARRAY);
	assert_int_equal(arr->line, 2);
	assert_int_equal(arr->col, 8);
	assert_string_equal(arr->kids[1].str, "x\xc3\xa9");	/* é decoded to UTF-8 */
	assert_int_equal(arr->kids[1].line, 2);
	assert_int_equal(arr->kids[1].col, 12);
	assert_int_equal(arr->kids[2].type, J_TRUE);
	assert_int_equal(arr->kids[3].type, J_NULL);
	/* case-sensitive, unlike cJSON_GetObjectItem */
	assert_true(jv_get(root, "stage")->num == -25);
	assert_true(jv_get(root, "Stage")->num == 1);
	assert_int_equal(jv_get(root, "stage")->line, 4);
	assert_null(jv_get(root, "STAGE"));
	arena_free(&a);
}

static void
test_rejected(void **state)
{
	(void)state;
	expect_error("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}",
		     "j.json:3:7: error: duplicate key \"a\" (first at line 1)\n");
	expect_error("[1e400]", "j.json:1:2: error: number out of range\n");
	expect_error("[\"a\\u0000b\"]", "j.json:1:4: error: \\u0000 is not allowed in strings\n");
	expect_error("{\"a\": 1} x", "j.json:1:10: error: invalid JSON: unexpected \"x\"\n");
	expect_error("{\"a\": [1, 2,,]}", "j.json:1:13: error: invalid JSON: unexpected \",\"\n");
	expect_error("{\"a\": ", "j.json:1:7: error: invalid JSON: unexpected end of file\n");
	expect_error("[01]", "j.json:1:2: error: invalid JSON: malformed number\n");
	expect_error("[\"a\tb\"]", "j.json:1:4: error: invalid JSON: control character in a string "
				   "(write it as an escape such as \\n)\n");
	expect_error("[\f1]", "j.json:1:2: error: invalid JSON: control character 0x0c outside a "
			      "string\n");
}

static void
test_nesting(void **state)
{
	(void)state;
	char deep[200];
	struct arena a = { 0 };
	struct jv *root;
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	deep[128] = '\0';
	char *problems = parse(deep, &root, &a);
	assert_non_null(root);	/* 64 levels: fine */
	assert_string_equal(problems, "");
	free(problems);
	arena_free(&a);
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	deep[130] = '\0';
	expect_error(deep, "j.json:1:65: error: nested too deeply (more than 64 levels)\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_positions),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
