/* The cJSON adapter: our own nodes with positions, and what cJSON lets through
 * that we must not (STYLE.md "cJSON pitfalls", RECIPES.md item 3). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Parses len bytes of text, copied to a heap block of exactly len + 1 bytes
 * ending in NUL, as text_check() leaves them, so that under ASan a read past
 * the NUL fails the test (issue 18); returns the diagnostics (malloc'd), *rc
 * the result, *out the root. */
static char *
parse_len(const char *text, size_t len, struct jv **out, struct arena *a, int *rc)
{
	struct vmat_diags *d;
	char *copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	copy[len] = '\0';
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	*rc = json_parse(out, a, copy, len, "j.json", d);
	free(copy);
	char *problems = diags_text(d);
	vmat_diags_destroy(d);
	return problems;
}

/* Parses text that must be valid. */
static struct jv *
parse_ok(const char *text, struct arena *a)
{
	struct jv *root = NULL;
	int rc;
	char *problems = parse_len(text, strlen(text), &root, a, &rc);
	bool clean = problems[0] == '\0';
	if (rc != VMAT_OK || !clean) {
		print_error("expected valid JSON, got rc %d:\n%s", rc, problems);
	}
	free(problems);
	assert_true(clean);
	assert_int_equal(rc, VMAT_OK);
	assert_non_null(root);
	return root;
}

static void
expect_error_len(const char *text, size_t len, const char *want)
{
	struct arena a = { 0 };
	struct jv *root = (struct jv *)&a;	/* must be reset */
	int rc;
	char *got = parse_len(text, len, &root, &a, &rc);
	bool same = strcmp(got, want) == 0;
	if (!same) {
		print_error("for %.200s\nexpected:\n%sgot:\n%s", text, want, got);
	}
	free(got);
	arena_free(&a);
	assert_true(same);
	assert_int_equal(rc, VMAT_EINVAL);
	assert_null(root);
}

static void
expect_error(const char *text, const char *want)
{
	expect_error_len(text, strlen(text), want);
}

static void
test_types_and_values(void **state)
{
	(void)state;
	struct arena a = { 0 };
	const struct jv *root = parse_ok(
		"{\"n\": null, \"f\": false, \"t\": true, \"i\": -12, \"d\": 2.5e-1,"
		" \"big\": 3000000000, \"s\": \"text\", \"e\": \"\", \"a\": [1, [], {}],"
		" \"o\": {\"k\": \"v\"}, \"z\": -0}",
		&a);
	assert_int_equal(root->type, J_OBJECT);
	assert_int_equal(root->len, 11);
	assert_null(root->key);
	assert_int_equal(jv_get(root, "n")->type, J_NULL);
	assert_int_equal(jv_get(root, "f")->type, J_FALSE);
	assert_int_equal(jv_get(root, "t")->type, J_TRUE);
	const struct jv *v = jv_get(root, "i");
	assert_int_equal(v->type, J_NUMBER);
	assert_true(v->num == -12);
	assert_true(jv_get(root, "d")->num == 0.25);
	assert_true(jv_get(root, "big")->num == 3000000000.0);	/* no INT_MAX saturation */
	assert_true(jv_get(root, "z")->num == 0);
	v = jv_get(root, "s");
	assert_int_equal(v->type, J_STRING);
	assert_string_equal(v->str, "text");
	assert_int_equal(v->len, 4);
	assert_string_equal(v->key, "s");
	v = jv_get(root, "e");
	assert_int_equal(v->type, J_STRING);
	assert_string_equal(v->str, "");
	assert_int_equal(v->len, 0);
	v = jv_get(root, "a");
	assert_int_equal(v->type, J_ARRAY);
	assert_int_equal(v->len, 3);
	assert_null(v->kids[0].key);		/* array members have no key */
	assert_true(v->kids[0].num == 1);
	assert_int_equal(v->kids[1].type, J_ARRAY);
	assert_int_equal(v->kids[1].len, 0);
	assert_int_equal(v->kids[2].type, J_OBJECT);
	assert_int_equal(v->kids[2].len, 0);
	assert_null(jv_get(&v->kids[2], "k"));
	v = jv_get(root, "o");
	assert_int_equal(v->type, J_OBJECT);
	assert_string_equal(jv_get(v, "k")->str, "v");
	/* members keep their document order */
	static const char *const keys[] = { "n", "f", "t", "i", "d", "big", "s", "e", "a",
					    "o", "z" };
	for (size_t i = 0; i < COUNT(keys); i++) {
		assert_string_equal(root->kids[i].key, keys[i]);
	}
	/* jv_get is for objects only */
	assert_null(jv_get(jv_get(root, "a"), "0"));
	assert_null(jv_get(jv_get(root, "s"), "s"));
	assert_null(jv_get(NULL, "s"));
	assert_null(jv_get(root, "missing"));
	assert_null(jv_get(root, ""));
	arena_free(&a);
}

/* Every kind of value alone at the top, and empty containers. */
static void
test_top_level(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum jtype type;
		size_t len;
	} cases[] = {
		{ "{}", J_OBJECT, 0 }, { "[]", J_ARRAY, 0 }, { " { } ", J_OBJECT, 0 },
		{ "[ ]", J_ARRAY, 0 }, { "null", J_NULL, 0 }, { "true", J_TRUE, 0 },
		{ "false", J_FALSE, 0 }, { "\"x\"", J_STRING, 1 }, { "7", J_NUMBER, 0 },
		{ "\n\t[1,2]\r\n", J_ARRAY, 2 },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct arena a = { 0 };
		const struct jv *root = parse_ok(cases[i].text, &a);
		assert_int_equal(root->type, cases[i].type);
		assert_int_equal(root->len, cases[i].len);
		arena_free(&a);
	}
}

static void
expect_pos(const struct jv *v, long line, long col)
{
	assert_non_null(v);
	if (v->line != line || v->col != col) {
		print_error("expected %ld:%ld, got %ld:%ld\n", line, col, v->line, v->col);
	}
	assert_int_equal(v->line, line);
	assert_int_equal(v->col, col);
}

/* Each value carries the line and byte column where it starts. */
static void
test_positions(void **state)
{
	(void)state;
	struct arena a = { 0 };
	const struct jv *root = parse_ok("\n\n  {\n"			/* 3:3 */
					 "  \"a\": [1, \"x\",\n"		/* 4:8 */
					 "\t\ttrue,\n"				/* 5:3 */
					 "    null],\n"			/* 6:5 */
					 "  \"o\":{\"k\":\n"			/* 7:7 */
					 "-2.5e1},\n"				/* 8:1 */
					 "  \"é\": \"ü\", \"n\": 0\n"		/* 9:9, 9:20 */
					 "}\n",
					 &a);
	expect_pos(root, 3, 3);
	const struct jv *arr = jv_get(root, "a");
	expect_pos(arr, 4, 8);
	expect_pos(&arr->kids[0], 4, 9);
	expect_pos(&arr->kids[1], 4, 12);
	expect_pos(&arr->kids[2], 5, 3);	/* a tab is one byte */
	expect_pos(&arr->kids[3], 6, 5);
	const struct jv *o = jv_get(root, "o");
	expect_pos(o, 7, 7);
	expect_pos(jv_get(o, "k"), 8, 1);
	assert_true(jv_get(o, "k")->num == -25);
	expect_pos(jv_get(root, "é"), 9, 9);	/* bytes: é is two */
	expect_pos(jv_get(root, "n"), 9, 20);
	arena_free(&a);

	/* CRLF line ends: the CR belongs to the line it ends */
	root = parse_ok("{\r\n  \"a\": 1,\r\n  \"b\": [\r\n true]\r\n}", &a);
	expect_pos(jv_get(root, "a"), 2, 8);
	expect_pos(jv_get(root, "b"), 3, 8);
	expect_pos(&jv_get(root, "b")->kids[0], 4, 2);
	arena_free(&a);

	/* brackets, quotes and escapes inside strings do not shift positions */
	root = parse_ok("[\"[{\\\"\\\\\", \"}]\", \"\\u00e9\\n\",\n 5]", &a);
	expect_pos(&root->kids[1], 1, 12);
	expect_pos(&root->kids[2], 1, 18);
	expect_pos(&root->kids[3], 2, 2);
	arena_free(&a);
}

/* STYLE.md: cJSON_GetObjectItem is case-insensitive; ours is not. */
static void
test_case_sensitive_keys(void **state)
{
	(void)state;
	struct arena a = { 0 };
	const struct jv *root = parse_ok("{\"Stage\":1,\"stage\":2}", &a);
	assert_true(jv_get(root, "stage")->num == 2);
	assert_true(jv_get(root, "Stage")->num == 1);
	assert_null(jv_get(root, "STAGE"));
	assert_null(jv_get(root, "stag"));
	assert_null(jv_get(root, "stages"));
	arena_free(&a);
	/* the other order too: jv_get must not just take the first near match */
	root = parse_ok("{\"stage\":2,\"Stage\":1}", &a);
	assert_true(jv_get(root, "stage")->num == 2);
	assert_true(jv_get(root, "Stage")->num == 1);
	arena_free(&a);
}

/* Strings: escapes and UTF-8 decoded, raw UTF-8 kept byte for byte. */
static void
test_strings(void **state)
{
	(void)state;
	struct arena a = { 0 };
	const struct jv *root = parse_ok(
		"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"x\\u00e9\", \"\\u20AC\", \"\\ud83d\\ude00\","
		" \"Ñuñoa 株式会社\", \"\\u0041\\u007f\", \"a\\u0001b\"]",
		&a);
	assert_int_equal(root->len, 7);
	assert_string_equal(root->kids[0].str, "\"\\/\b\f\n\r\t");
	assert_int_equal(root->kids[0].len, 8);
	assert_string_equal(root->kids[1].str, "x\xC3\xA9");
	assert_int_equal(root->kids[1].len, 3);
	assert_string_equal(root->kids[2].str, "\xE2\x82\xAC");
	assert_string_equal(root->kids[3].str, "\xF0\x9F\x98\x80");	/* surrogate pair */
	assert_int_equal(root->kids[3].len, 4);
	assert_string_equal(root->kids[4].str, "Ñuñoa 株式会社");
	assert_string_equal(root->kids[5].str, "A\x7F");
	assert_string_equal(root->kids[6].str, "a\x01" "b");
	arena_free(&a);
	/* keys are decoded the same way */
	root = parse_ok("{\"caf\\u00e9\": 1, \"\": 2}", &a);
	assert_true(jv_get(root, "café")->num == 1);
	assert_true(jv_get(root, "")->num == 2);
	arena_free(&a);
}

static void
test_duplicate_keys(void **state)
{
	(void)state;
	expect_error("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}",
		     "j.json:3:7: error: duplicate key \"a\" (first at line 1)\n");
	/* every repeat names the first */
	expect_error("{\"a\": 1,\n\"a\": 2,\n\"a\": 3}",
		     "j.json:2:6: error: duplicate key \"a\" (first at line 1)\n"
		     "j.json:3:6: error: duplicate key \"a\" (first at line 1)\n");
	/* inside nested objects, and after decoding: "a\u0062" is "ab" */
	expect_error("{\"o\": {\n\"a\\u0062\": 1,\n\n\"ab\": [2]}}",
		     "j.json:4:7: error: duplicate key \"ab\" (first at line 2)\n");
	/* the same key in different objects is fine, so is a case difference */
	struct arena a = { 0 };
	parse_ok("[{\"a\": 1}, {\"a\": 2}, {\"A\": 1, \"a\": 2}]", &a);
	arena_free(&a);
}

/* Several problems in one document: all reported, in the order of the text
 * (as `vmat check` prints them, GNU style). */
static void
test_problems_in_document_order(void **state)
{
	(void)state;
	expect_error("{\"b\": 1,\n \"a\": 1,\n \"b\": 2,\n \"a\": 2}",
		     "j.json:3:7: error: duplicate key \"b\" (first at line 1)\n"
		     "j.json:4:7: error: duplicate key \"a\" (first at line 2)\n");
	expect_error("{\"a\": 1,\n \"a\": 2,\n \"n\": 1e400,\n \"s\": \"\\u0000\"}",
		     "j.json:2:7: error: duplicate key \"a\" (first at line 1)\n"
		     "j.json:3:7: error: n: number out of range: \"1e400\"\n"
		     "j.json:4:8: error: \\u0000 is not allowed in strings\n");
}

static void
test_numbers(void **state)
{
	(void)state;
	/* issue 18 §5: with its JSON path */
	expect_error("[1e400]", "j.json:1:2: error: [0]: number out of range: \"1e400\"\n");
	expect_error("{\"x\":\n  -1e400}",
		     "j.json:2:3: error: x: number out of range: \"-1e400\"\n");
	expect_error("{\"a\": {\"b\": [1, {\"c\": 2e999}]}}",
		     "j.json:1:23: error: a.b[1].c: number out of range: \"2e999\"\n");
	/* RFC 8259 grammar, stricter than cJSON's strtod */
	expect_error("[01]", "j.json:1:2: error: invalid JSON: malformed number\n");
	expect_error("[+1]", "j.json:1:2: error: invalid JSON: unexpected \"+\"\n");
	expect_error("[.5]", "j.json:1:2: error: invalid JSON: unexpected \".\"\n");
	expect_error("[1.]", "j.json:1:2: error: invalid JSON: malformed number\n");
	expect_error("[1e]", "j.json:1:3: error: invalid JSON: unexpected \"e\"\n");
	expect_error("[-]", "j.json:1:2: error: invalid JSON: unexpected \"-\"\n");
	struct arena a = { 0 };
	const struct jv *root = parse_ok("[0, -0.5, 1E+2, 1e-2, 1.7976931348623157e308, 1e-400]",
					 &a);
	assert_true(root->kids[1].num == -0.5);
	assert_true(root->kids[2].num == 100);
	assert_true(root->kids[3].num == 0.01);
	assert_true(root->kids[4].num == 1.7976931348623157e308);
	assert_true(root->kids[5].num == 0);	/* underflow is a finite 0 */
	arena_free(&a);
}

static void
test_strings_rejected(void **state)
{
	(void)state;
	expect_error("[\"a\\u0000b\"]", "j.json:1:4: error: \\u0000 is not allowed in strings\n");
	expect_error("{\"k\\u0000\": 1}",
		     "j.json:1:4: error: \\u0000 is not allowed in strings\n");
	expect_error("[\"a\tb\"]", "j.json:1:4: error: invalid JSON: control character in a "
				   "string (write it as an escape such as \\n)\n");
	expect_error("[\"a\nb\"]", "j.json:1:4: error: invalid JSON: control character in a "
				   "string (write it as an escape such as \\n)\n");
}

/* Issue 18: cJSON takes \u and the next four bytes as one escape whatever
 * they are (parse_hex4() turns non-hex digits into U+0000), so a string may
 * end right after a \u that is itself one of those four bytes. The walk read
 * four digits past that \u, beyond the end of the text. Each bad escape is
 * named once, where cJSON saw it. */
static void
test_issue_18_u_escapes(void **state)
{
	(void)state;
	/* the fuzzer's find: 8 bytes, "\urr\u" is one escape to cJSON */
	expect_error("\"\\urr\\u\"", "j.json:1:2: error: invalid JSON: bad \\u escape\n");
	expect_error("[\"\\urr\\u\"]", "j.json:1:3: error: invalid JSON: bad \\u escape\n");
	expect_error("{\"\\urr\\u\": 1}", "j.json:1:3: error: invalid JSON: bad \\u escape\n");
	/* the four bytes hold an escaped backslash, or a quote that does not
	 * end the string */
	expect_error("\"\\u12\\\\\"", "j.json:1:2: error: invalid JSON: bad \\u escape\n");
	expect_error("\"\\u1\\\"x\"", "j.json:1:2: error: invalid JSON: bad \\u escape\n");
	expect_error("\"\\uZZZZ\"", "j.json:1:2: error: invalid JSON: bad \\u escape\n");
	expect_error("\"a\\uZZZZ\\u00e9\\uzz\\u\"",
		     "j.json:1:3: error: invalid JSON: bad \\u escape\n"
		     "j.json:1:15: error: invalid JSON: bad \\u escape\n");
	/* fewer than four bytes left: cJSON rejects the string, and names
	 * the escape */
	expect_error("\"\\u\"", "j.json:1:2: error: invalid JSON: unexpected \"\\\\\"\n");
	expect_error("\"\\u1\"", "j.json:1:2: error: invalid JSON: unexpected \"\\\\\"\n");
	expect_error("\"\\u", "j.json:1:4: error: invalid JSON: unexpected end of file\n");
	/* good escapes, a surrogate pair last */
	struct arena a = { 0 };
	const struct jv *v = parse_ok("\"\\u00e9\"", &a);
	assert_string_equal(v->str, "\xC3\xA9");
	v = parse_ok("[\"x\\ud83d\\ude00\", 1]", &a);
	assert_string_equal(v->kids[0].str, "x\xF0\x9F\x98\x80");
	expect_pos(&v->kids[1], 1, 19);
	arena_free(&a);
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	/* trailing garbage, which plain cJSON_Parse accepts */
	expect_error("{\"a\": 1} x", "j.json:1:10: error: invalid JSON: unexpected \"x\"\n");
	expect_error("{\"a\": 1}\n\n  }", "j.json:3:3: error: invalid JSON: unexpected \"}\"\n");
	expect_error("[1] [2]", "j.json:1:5: error: invalid JSON: unexpected \"[\"\n");
	expect_error("{\"a\": 1}é", "j.json:1:9: error: invalid JSON: unexpected \"é\"\n");
	/* in the middle */
	expect_error("{\"a\": [1, 2,,]}", "j.json:1:13: error: invalid JSON: unexpected \",\"\n");
	expect_error("{\n  \"a\": [1, 2,,]\n}",
		     "j.json:2:14: error: invalid JSON: unexpected \",\"\n");
	expect_error("[1 2]", "j.json:1:4: error: invalid JSON: unexpected \"2\"\n");
	expect_error("{a: 1}", "j.json:1:2: error: invalid JSON: unexpected \"a\"\n");
	expect_error("{\"a\" 1}", "j.json:1:6: error: invalid JSON: unexpected \"1\"\n");
	expect_error("[nul]", "j.json:1:2: error: invalid JSON: unexpected \"n\"\n");
	expect_error("['x']", "j.json:1:2: error: invalid JSON: unexpected \"'\"\n");
	expect_error("[1,]", "j.json:1:4: error: invalid JSON: unexpected \"]\"\n");
	expect_error("{\"a\":1,}", "j.json:1:8: error: invalid JSON: unexpected \"}\"\n");
	expect_error("{\"a\"}", "j.json:1:5: error: invalid JSON: unexpected \"}\"\n");
	expect_error("[1}", "j.json:1:3: error: invalid JSON: unexpected \"}\"\n");
	expect_error("[\"\\x\"]", "j.json:1:3: error: invalid JSON: unexpected \"\\\\\"\n");
	/* the end of the text comes too early */
	expect_error("", "j.json:1:1: error: invalid JSON: unexpected end of file\n");
	expect_error("  \n", "j.json:2:1: error: invalid JSON: unexpected end of file\n");
	expect_error("{\"a\": ", "j.json:1:7: error: invalid JSON: unexpected end of file\n");
	expect_error("[1, 2", "j.json:1:6: error: invalid JSON: unexpected end of file\n");
	expect_error("{\"a\": [\n1,\n",
		     "j.json:3:1: error: invalid JSON: unexpected end of file\n");
	/* control characters between tokens: RFC 8259 allows only 4 */
	expect_error("[\f1]", "j.json:1:2: error: invalid JSON: control character 0x0c outside a "
			      "string\n");
}

/* A string that never closes is a truncated file: the message should say
 * so, not blame the string's first letter. */
static void
test_unterminated_string(void **state)
{
	(void)state;
	expect_error("[\"abc", "j.json:1:6: error: invalid JSON: unexpected end of file\n");
	expect_error("{\"customer\": \"Sol",
		     "j.json:1:18: error: invalid JSON: unexpected end of file\n");
}

static char *
nest(int depth, char open, char close)
{
	char *s = malloc(2 * (size_t)depth + 1);
	assert_non_null(s);
	memset(s, open, (size_t)depth);
	memset(s + depth, close, (size_t)depth);
	s[2 * depth] = '\0';
	return s;
}

static void
test_nesting(void **state)
{
	(void)state;
	struct arena a = { 0 };
	char *s = nest(64, '[', ']');	/* 64 levels: fine */
	const struct jv *v = parse_ok(s, &a);
	for (int i = 1; i < 64; i++) {
		assert_int_equal(v->type, J_ARRAY);
		assert_int_equal(v->len, 1);
		v = &v->kids[0];
	}
	assert_int_equal(v->len, 0);
	free(s);
	arena_free(&a);

	s = nest(65, '[', ']');
	expect_error(s, "j.json:1:65: error: nested too deeply (more than 64 levels)\n");
	free(s);
	/* far beyond: the same message, no crash (cJSON's own limit is 1000) */
	s = nest(100000, '[', ']');
	expect_error(s, "j.json:1:65: error: nested too deeply (more than 64 levels)\n");
	free(s);
	/* objects count too, and the position names the line */
	char text[1024];
	size_t n = 0;
	for (int i = 0; i < 65; i++) {
		n += (size_t)sprintf(text + n, "{\"k\":\n");
	}
	n += (size_t)sprintf(text + n, "1");
	for (int i = 0; i < 65; i++) {
		text[n++] = '}';
	}
	text[n] = '\0';
	expect_error(text, "j.json:65:1: error: nested too deeply (more than 64 levels)\n");
	/* brackets inside strings are text, not nesting */
	char str[300] = "[\"";
	memset(str + 2, '[', 100);
	strcpy(str + 102, "\\\"[[\"]");
	v = parse_ok(str, &a);
	assert_int_equal(v->kids[0].len, 103);
	arena_free(&a);
}

/* jv_describe(), jv_type_name(): "got ..." in messages. */
static void
test_describe(void **state)
{
	(void)state;
	struct arena a = { 0 };
	const struct jv *root = parse_ok(
		"[\"high\", 2.5, 3, -1e21, true, false, null, [1], {\"a\": 1},"
		" \"a\\\"b\\n\", 0.1]",
		&a);
	static const char *const want[] = {
		"\"high\"", "2.5", "3", "-1e+21", "true", "false", "null", "an array",
		"an object", "\"a\\\"b\\x0a\"", "0.1",
	};
	assert_int_equal(root->len, COUNT(want));
	char buf[96];
	for (size_t i = 0; i < COUNT(want); i++) {
		assert_string_equal(jv_describe(buf, sizeof(buf), &root->kids[i]), want[i]);
	}
	arena_free(&a);
	assert_string_equal(jv_type_name(J_NULL), "null");
	assert_string_equal(jv_type_name(J_TRUE), "a boolean");
	assert_string_equal(jv_type_name(J_FALSE), "a boolean");
	assert_string_equal(jv_type_name(J_NUMBER), "a number");
	assert_string_equal(jv_type_name(J_STRING), "a string");
	assert_string_equal(jv_type_name(J_ARRAY), "an array");
	assert_string_equal(jv_type_name(J_OBJECT), "an object");
}

static int
restore_c_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	return 0;
}

/* RECIPES item 9: a library caller's locale must not change what is read
 * or how numbers are shown in messages. */
static void
test_under_de_DE(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
		print_error("the de_DE.UTF-8 locale is missing; install it (as root) with: "
			    "localedef -i de_DE -f UTF-8 de_DE.UTF-8\n");
		fail();
	}
	struct arena a = { 0 };
	const struct jv *root = parse_ok("[61.25, 1e3, 0.1]", &a);
	assert_true(root->kids[0].num == 61.25);
	assert_true(root->kids[1].num == 1000);
	assert_true(root->kids[2].num == 0.1);
	expect_error("[1,5]x", "j.json:1:6: error: invalid JSON: unexpected \"x\"\n");
	/* "got 61.25" in a message, as the file has it */
	char buf[96];
	const char *got = jv_describe(buf, sizeof(buf), &root->kids[0]);
	char copy[96];
	snprintf(copy, sizeof(copy), "%s", got);
	arena_free(&a);
	assert_string_equal(copy, "61.25");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_values),
		cmocka_unit_test(test_top_level),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_case_sensitive_keys),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_problems_in_document_order),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings_rejected),
		cmocka_unit_test(test_issue_18_u_escapes),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_unterminated_string),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_describe),
		cmocka_unit_test_teardown(test_under_de_DE, restore_c_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
