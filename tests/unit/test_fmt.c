/* Numbers and CSV cells as reference §6 writes them, whatever the locale, and the
 * formula guard's exact inverse on read (RECIPES.md items 6 and 9). */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

struct number_case {
	double v;
	const char *s;
};

static const struct number_case numbers[] = {
	/* reference §6 examples */
	{ 2.5, "2.5" },
	{ 61.25, "61.25" },
	{ 1.0 / 3, "0.3333" },
	{ 3, "3" },
	/* zero, also when a negative value rounds to it: never "-0" */
	{ 0, "0" },
	{ -0.0, "0" },
	{ -0.00001, "0" },
	{ -0.00004, "0" },
	{ 1e-9, "0" },
	/* negative numbers */
	{ -2.5, "-2.5" },
	{ -61.25, "-61.25" },
	{ -3, "-3" },
	{ -1.0 / 3, "-0.3333" },
	{ -2.0 / 3, "-0.6667" },
	{ -0.00005, "-0.0001" },
	/* rounding at the 4th decimal (halves away from zero; 1/32 is exact) */
	{ 2.0 / 3, "0.6667" },
	{ 0.03125, "0.0313" },
	{ -0.03125, "-0.0313" },
	{ 1.03125, "1.0313" },
	{ 0.00005, "0.0001" },
	{ 1.00004, "1" },
	{ 2.00006, "2.0001" },
	{ 0.99999, "1" },
	{ -0.99999, "-1" },
	{ 9.99996, "10" },
	{ 0.1, "0.1" },
	{ 0.1 + 0.2, "0.3" },
	{ 0.5, "0.5" },
	{ 10, "10" },
	{ 100, "100" },
	{ 12345.6789, "12345.6789" },
	{ 1000000, "1000000" },
	{ 123456789, "123456789" },
	{ 123456789012.3456, "123456789012.3456" },
	{ -123456789012.5, "-123456789012.5" },
};

/* Large values (answers such as storage bytes, bounds shown by vmat check):
 * plain digits like every other number, not "1.000000e+12", which breaks
 * "trailing zeros trimmed" and rounds 123456789012345 to 1.234568e+14. */
static const struct number_case large[] = {
	{ 1e12, "1000000000000" },
	{ -1e12, "-1000000000000" },
	{ 123456789012345, "123456789012345" },
	{ 9007199254740992, "9007199254740992" },	/* 2^53 */
};

/* Checks every entry of a table; returns the number of wrong ones, each
 * printed, so that one run shows them all. */
static int
check_table(const char *where, const struct number_case *table, size_t n)
{
	char buf[32];
	int wrong = 0;
	for (size_t i = 0; i < n; i++) {
		const struct number_case *c = &table[i];
		vmat_fmt_number(buf, c->v);
		if (strcmp(buf, c->s) != 0) {
			print_error("%s: %.17g: expected \"%s\", got \"%s\"\n", where, c->v, c->s,
				    buf);
			wrong++;
		}
	}
	return wrong;
}

static int
check_numbers(const char *where)
{
	char buf[32];
	int wrong = check_table(where, numbers, COUNT(numbers));
	assert_ptr_equal(vmat_fmt_number(buf, 1), buf);
	assert_string_equal(vmat_fmt_number(buf, NAN), "");	/* null: an empty cell */
	/* Too large for 31 digits: whatever the form, "." and readable back. */
	static const double huge[] = { 1e300, -1.2345678e200, 1.7976931348623157e308 };
	for (size_t i = 0; i < COUNT(huge); i++) {
		vmat_fmt_number(buf, huge[i]);
		double back = 0;
		if (strchr(buf, ',') || !parse_number(buf, strlen(buf), &back) ||
		    fabs(back - huge[i]) > fabs(huge[i]) * 1e-6) {
			print_error("%s: %.17g: \"%s\" does not read back\n", where, huge[i], buf);
			wrong++;
		}
	}
	return wrong;
}

static void
check_parse_number(void)
{
	double d = 0;
	assert_true(parse_number("61.25", 5, &d));
	assert_true(d == 61.25);
	assert_true(parse_number("-1e3", 4, &d));
	assert_true(d == -1000);
	assert_true(parse_number("0.1", 3, &d));
	assert_true(d == 0.1);
	/* 21 digits: past the fast path, through strtod */
	assert_true(parse_number("3.14159265358979323846", 22, &d));
	assert_true(d == 3.14159265358979323846);
	assert_true(parse_number("0.1000000000000000055511151231257827", 36, &d));
	assert_true(d == 0.1);
	assert_true(parse_number("1.5e-300", 8, &d));
	assert_true(d == 1.5e-300);
	assert_false(parse_number("61,25", 5, &d));
	assert_false(parse_number("3,14159265358979323846", 22, &d));
}

static void
test_numbers(void **state)
{
	(void)state;
	assert_int_equal(check_numbers("C locale"), 0);
	check_parse_number();
}

static int
restore_c_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	return 0;
}

static void
test_large_numbers(void **state)
{
	(void)state;
	int wrong = check_table("C locale", large, COUNT(large));
	if (setlocale(LC_ALL, "de_DE.UTF-8")) {
		wrong += check_table("de_DE.UTF-8", large, COUNT(large));
	}
	assert_int_equal(wrong, 0);
}

/* A German locale writes 61,25: vmat must not (reference §6, RECIPES item 9).
 * CI installs the locale; without it this test fails and says how. */
static void
test_numbers_under_de_DE(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
		print_error("the de_DE.UTF-8 locale is missing; install it (as root) with: "
			    "localedef -i de_DE -f UTF-8 de_DE.UTF-8\n");
		fail();
	}
	char probe[16];
	snprintf(probe, sizeof(probe), "%.2f", 61.25);
	assert_string_equal(probe, "61,25");	/* the locale is really in force */
	assert_int_equal(check_numbers("de_DE.UTF-8"), 0);
	check_parse_number();
	/* and nothing of it stays behind */
	snprintf(probe, sizeof(probe), "%.2f", 61.25);
	assert_string_equal(probe, "61,25");
}

/* vmat_csv_cell() of s into a string (malloc'd). */
static char *
cell(const char *s, size_t len, bool guard)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp = open_memstream(&out, &outlen);
	assert_non_null(fp);
	vmat_csv_cell(fp, s, len, guard);
	assert_false(ferror(fp));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(strlen(out), outlen);
	return out;
}

static void
check_cell(const char *in, bool guard, const char *want)
{
	char *got = cell(in, strlen(in), guard);
	if (strcmp(got, want) != 0) {
		print_error("cell of \"%s\" (guard %d): expected [%s], got [%s]\n", in, guard,
			    want, got);
	}
	assert_string_equal(got, want);
	free(got);
}

/* RFC 4180, quoted only when needed (reference §6). */
static void
test_csv_quoting(void **state)
{
	(void)state;
	for (int guard = 0; guard < 2; guard++) {
		check_cell("plain", guard, "plain");
		check_cell("", guard, "");
		check_cell("a b", guard, "a b");
		check_cell(" x ", guard, " x ");
		check_cell("a;b", guard, "a;b");
		check_cell("tab\there", guard, "tab\there");
		check_cell("Ñuñoa 株式会社", guard, "Ñuñoa 株式会社");
		check_cell("Banco del Sur, S.A.", guard, "\"Banco del Sur, S.A.\"");
		check_cell(",", guard, "\",\"");
		check_cell("a,", guard, "\"a,\"");
		check_cell("Acme \"Gold\"", guard, "\"Acme \"\"Gold\"\"\"");
		check_cell("\"", guard, "\"\"\"\"");
		check_cell("\"\"", guard, "\"\"\"\"\"\"");
		check_cell("two\nlines", guard, "\"two\nlines\"");
		check_cell("cr\rhere", guard, "\"cr\rhere\"");
		check_cell("crlf\r\n", guard, "\"crlf\r\n\"");
		check_cell("a=b", guard, "a=b");
		check_cell("x-1", guard, "x-1");
	}
	/* len, not strlen: a cell may be a prefix */
	char *got = cell("ab,cd", 2, true);
	assert_string_equal(got, "ab");
	free(got);
}

/* reference §6: the formula guard. */
static void
test_formula_guard(void **state)
{
	(void)state;
	check_cell("=1+1", true, "'=1+1");
	check_cell("=HYPERLINK(\"x\")", true, "\"'=HYPERLINK(\"\"x\"\")\"");
	check_cell("=a,b", true, "\"'=a,b\"");
	check_cell("=", true, "'=");
	check_cell("+1", true, "'+1");
	check_cell("-5 Corp", true, "'-5 Corp");
	check_cell("-", true, "'-");
	check_cell("@SUM(A1)", true, "'@SUM(A1)");
	check_cell("\tx", true, "'\tx");
	check_cell("\nx", true, "\"'\nx\"");
	check_cell("\rx", true, "\"'\rx\"");
	/* a leading ' followed by one of those, or by another ', is prefixed too */
	check_cell("'=x", true, "''=x");
	check_cell("'+x", true, "''+x");
	check_cell("'-x", true, "''-x");
	check_cell("'@x", true, "''@x");
	check_cell("'\tx", true, "''\tx");
	check_cell("'\nx", true, "\"''\nx\"");
	check_cell("'\rx", true, "\"''\rx\"");
	check_cell("''", true, "'''");
	check_cell("''x", true, "'''x");
	check_cell("'''", true, "''''");
	check_cell("'=a,b", true, "\"''=a,b\"");
	/* ... and nothing else */
	check_cell("'abc", true, "'abc");
	check_cell("'", true, "'");
	check_cell("' =x", true, "' =x");
	check_cell("a'=", true, "a'=");
	check_cell(" =x", true, " =x");
	check_cell("x=1", true, "x=1");
	check_cell("\xEF\xBC\x9D" "1", true, "\xEF\xBC\x9D" "1");	/* fullwidth = */
	/* --no-csv-guard: the raw text, still quoted where RFC 4180 needs it */
	check_cell("=x", false, "=x");
	check_cell("-5", false, "-5");
	check_cell("@x", false, "@x");
	check_cell("\tx", false, "\tx");
	check_cell("'=x", false, "'=x");
	check_cell("''", false, "''");
	check_cell("=a,b", false, "\"=a,b\"");
	check_cell("\nx", false, "\"\nx\"");
}

/* vmat_csv_unguard() on cells as read: how many bytes to drop. */
static void
test_unguard(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t drop;
	} cases[] = {
		{ "'=x", 1 }, { "'+", 1 },  { "'-5", 1 }, { "'@", 1 },	 { "'\t", 1 },
		{ "'\r", 1 }, { "'\n", 1 }, { "''", 1 },  { "'''", 1 },	 { "''=", 1 },
		{ "'", 0 },   { "'a", 0 },  { "' =", 0 }, { "", 0 },	 { "=x", 0 },
		{ "a'=", 0 }, { "x", 0 },   { "'1", 0 },  { "'\"", 0 }, { "',", 0 },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t got = vmat_csv_unguard(cases[i].s, strlen(cases[i].s));
		if (got != cases[i].drop) {
			print_error("unguard \"%s\": expected %zu, got %zu\n", cases[i].s,
				    cases[i].drop, got);
		}
		assert_int_equal(got, cases[i].drop);
	}
	assert_int_equal(vmat_csv_unguard("'=", 1), 0);	/* len bounds it */
}

/* Writes each of texts as the first cell of a row "CELL,x" under a header
 * "h,k", with the guard; reads the file back with the bulk CSV reader, drops
 * vmat_csv_unguard() bytes and compares. Returns the number of mismatches. */
static int
round_trip(const char *const *texts, const size_t *lens, size_t n)
{
	char *csv = NULL;
	size_t csvlen = 0;
	FILE *fp = open_memstream(&csv, &csvlen);
	assert_non_null(fp);
	fputs("h,k\n", fp);
	for (size_t i = 0; i < n; i++) {
		vmat_csv_cell(fp, texts[i], lens[i], true);
		fputs(",x\n", fp);
	}
	assert_int_equal(fclose(fp), 0);

	FILE *in = fmemopen(csv, csvlen, "rb");
	assert_non_null(in);
	struct csv_reader *r;
	struct vmat_diags *d;
	assert_int_equal(csv_reader_create(&r, in, "round.csv"), VMAT_OK);
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	struct csv_record rec;
	assert_int_equal(csv_reader_next(r, &rec, d), 1);	/* the header */
	int wrong = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = csv_reader_next(r, &rec, d);
		if (rc != 1 || rec.n != 2 || !rec.cells[1] || strcmp(rec.cells[1], "x") != 0) {
			char *problems = diags_text(d);
			print_error("text %zu: the row did not read back (rc %d):\n%s", i, rc,
				    problems);
			free(problems);
			wrong++;
			break;
		}
		const char *c = rec.cells[0] ? rec.cells[0] : "";	/* "" reads as empty */
		size_t len = rec.cells[0] ? rec.lens[0] : 0;
		size_t drop = vmat_csv_unguard(c, len);
		if (len - drop != lens[i] || memcmp(c + drop, texts[i], lens[i]) != 0) {
			char shown[96], back[96];
			print_error("text %zu %s read back as %s\n", i,
				    quote_value(shown, sizeof(shown), texts[i], lens[i]),
				    quote_value(back, sizeof(back), c + drop, len - drop));
			wrong++;
		}
	}
	if (!wrong) {
		assert_int_equal(csv_reader_next(r, &rec, d), 0);
	}
	char *problems = diags_text(d);
	assert_string_equal(problems, "");
	free(problems);
	vmat_diags_destroy(d);
	csv_reader_destroy(r);
	fclose(in);
	free(csv);
	return wrong;
}

/* reference §6: "readers of bulk CSV drop exactly one leading ' from such cells,
 * so vmat export output reads back to the same values". */
static void
test_guard_inverse(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"=1+1", "+x", "-", "@", "\t", "\r", "\n", "\r\n", "'", "''", "'=", "'''=", "'a",
		"a'", "plain", "=", "''=x", "'\t", "-5", "'-5", "'''", "''''", "'\n'",
		"=HYPERLINK(\"http://x\",\"y\")", "Acme \"Gold\", Inc.", "'\"", "' ", " '=",
		"Ñuñoa", "'Ñ", "@@", "--", "'@'@",
	};
	size_t lens[COUNT(texts)];
	for (size_t i = 0; i < COUNT(texts); i++) {
		lens[i] = strlen(texts[i]);
	}
	assert_int_equal(round_trip(texts, lens, COUNT(texts)), 0);
}

/* The same over every string of up to 4 bytes from the characters that
 * matter here (the guard's, the quote's and plain ones). */
static void
test_guard_inverse_exhaustive(void **state)
{
	(void)state;
	static const char alphabet[] = "'=+-@\t\r\n\",a ";
	enum { K = sizeof(alphabet) - 1, MAXLEN = 4 };
	size_t total = 0, count = 1;
	for (int len = 0; len <= MAXLEN; len++, count *= K) {
		total += count;
	}
	char *store = malloc(total * MAXLEN);
	const char **texts = malloc(total * sizeof(*texts));
	size_t *lens = malloc(total * sizeof(*lens));
	assert_non_null(store);
	assert_non_null(texts);
	assert_non_null(lens);
	size_t n = 0;
	count = 1;
	for (int len = 0; len <= MAXLEN; len++, count *= K) {
		for (size_t code = 0; code < count; code++) {
			char *t = store + n * MAXLEN;
			size_t c = code;
			for (int k = 0; k < len; k++, c /= K) {
				t[k] = alphabet[c % K];
			}
			texts[n] = t;
			lens[n] = (size_t)len;
			n++;
		}
	}
	assert_int_equal(n, total);
	int wrong = round_trip(texts, lens, n);
	free(store);
	free(texts);
	free(lens);
	assert_int_equal(wrong, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test_teardown(test_numbers_under_de_DE, restore_c_locale),
		cmocka_unit_test_teardown(test_large_numbers, restore_c_locale),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_unguard),
		cmocka_unit_test(test_guard_inverse),
		cmocka_unit_test(test_guard_inverse_exhaustive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
