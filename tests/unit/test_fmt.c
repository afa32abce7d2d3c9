/* Numbers and CSV cells as SPEC §6 writes them, and the guard's inverse. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void
check_numbers(void)
{
	static const struct {
		double v;
		const char *s;
	} cases[] = {
		{ 2.5, "2.5" },	    { 61.25, "61.25" }, { 1.0 / 3, "0.3333" }, { 3, "3" },
		{ 0, "0" },	    { -0.0, "0" },	{ -0.00001, "0" },     { -2.5, "-2.5" },
		{ 100, "100" },	    { 0.1, "0.1" },	{ 2.0 / 3, "0.6667" }, { 0.00005, "0.0001" },
		{ 12345.6789, "12345.6789" },		{ 1e-9, "0" },
	};
	char buf[32];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(vmat_fmt_number(buf, cases[i].v), cases[i].s);
	}
	assert_string_equal(vmat_fmt_number(buf, NAN), "");
	double d;
	assert_true(parse_number("61.25", 5, &d));
	assert_true(d == 61.25);
	assert_true(parse_number("-1e3", 4, &d));
	assert_true(d == -1000);
	assert_false(parse_number("61,25", 5, &d));
	assert_false(parse_number("0x10", 4, &d));
	assert_false(parse_number("inf", 3, &d));
	assert_false(parse_number("", 0, &d));
	assert_false(parse_number("1e", 2, &d));
}

static void
test_numbers(void **state)
{
	(void)state;
	check_numbers();
}

/* A German locale writes 61,25: vmat must not (SPEC §6). CI installs the
 * locale; without it this test fails and says how to install it. */
static void
test_numbers_under_de_DE(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
		print_error("the de_DE.UTF-8 locale is missing: localedef -i de_DE -f UTF-8 "
			    "de_DE.UTF-8 (as root), or run ./dev test\n");
		fail();
	}
	char probe[16];
	snprintf(probe, sizeof(probe), "%.2f", 61.25);
	assert_string_equal(probe, "61,25");	/* the locale is really in force */
	check_numbers();
	setlocale(LC_ALL, "C");
}

/* vmat_csv_cell() into a string. */
static char *
cell(const char *s, bool guard)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	assert_non_null(fp);
	vmat_csv_cell(fp, s, strlen(s), guard);
	fclose(fp);
	return out;
}

static void
check_cell(const char *in, bool guard, const char *want)
{
	char *got = cell(in, guard);
	assert_string_equal(got, want);
	free(got);
}

static void
test_csv_quoting(void **state)
{
	(void)state;
	check_cell("plain", true, "plain");
	check_cell("", true, "");
	check_cell("a b", true, "a b");
	check_cell("Banco del Sur, S.A.", true, "\"Banco del Sur, S.A.\"");
	check_cell("Acme \"Gold\"", true, "\"Acme \"\"Gold\"\"\"");
	check_cell("two\nlines", true, "\"two\nlines\"");
	check_cell("cr\rhere", true, "\"cr\rhere\"");
	check_cell("Ñuñoa", true, "Ñuñoa");
}

static void
test_formula_guard(void **state)
{
	(void)state;
	check_cell("=HYPERLINK(\"x\")", true, "\"'=HYPERLINK(\"\"x\"\")\"");
	check_cell("+1", true, "'+1");
	check_cell("-5 Corp", true, "'-5 Corp");
	check_cell("@SUM(A1)", true, "'@SUM(A1)");
	check_cell("\tx", true, "'\tx");
	check_cell("\nx", true, "\"'\nx\"");
	check_cell("\rx", true, "\"'\rx\"");
	check_cell("'=x", true, "''=x");	/* would read back as =x otherwise */
	check_cell("''", true, "'''");
	check_cell("'abc", true, "'abc");	/* not followed by a formula start: as is */
	check_cell("'", true, "'");
	check_cell("a=b", true, "a=b");
	check_cell("=x", false, "=x");		/* --no-csv-guard */
}

static void
test_guard_inverse(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"=1+1", "+x", "-", "@", "\t", "\r", "\n", "'", "''", "'=", "'''=", "'a", "a'",
		"plain", "", "=", "''=x", "'\t", "-5", "'-5",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *out = cell(texts[i], true);
		/* undo the CSV quoting: strip outer quotes, undouble inner ones */
		char back[64];
		size_t o = 0, n = strlen(out);
		if (n >= 2 && out[0] == '"') {
			for (size_t k = 1; k + 1 < n; k++) {
				back[o++] = out[k];
				k += out[k] == '"';
			}
		} else {
			memcpy(back, out, n);
			o = n;
		}
		back[o] = '\0';
		size_t drop = vmat_csv_unguard(back, o);
		assert_string_equal(back + drop, texts[i]);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_numbers_under_de_DE),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_guard_inverse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
