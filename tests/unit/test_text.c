/* Input text checks (text.c, file.c): UTF-8, positions, numbers, ids, dates,
 * trimming, values in messages, derived ids, and whole input files as the
 * robustness checklist (RECIPES.md items 1 and 2) wants them read. */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

/* utf8_check(): the offset of the first bad sequence, or len. */
static void
test_utf8_check(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len, bad;
	} cases[] = {
		{ "", 0, 0 },
		{ "plain ASCII \x7F", 13, 13 },				/* DEL is valid */
		{ "Ñuñoa 株式会社 \xF0\x9F\x98\x80", 25, 25 },	/* 2-, 3-, 4-byte */
		/* the edges of each valid range */
		{ "\xC2\x80\xDF\xBF", 4, 4 },				/* U+0080, U+07FF */
		{ "\xE0\xA0\x80\xED\x9F\xBF", 6, 6 },			/* U+0800, U+D7FF */
		{ "\xEE\x80\x80\xEF\xBF\xBF", 6, 6 },			/* U+E000, U+FFFF */
		{ "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 8, 8 },		/* U+10000, U+10FFFF */
		/* overlong forms */
		{ "a\xC0\x80", 3, 1 },					/* NUL as C0 80 */
		{ "ab\xC1\xBF", 4, 2 },
		{ "ab\xE0\x80\x80", 5, 2 },
		{ "\xE0\x9F\xBF", 3, 0 },
		{ "\xF0\x8F\xBF\xBF", 4, 0 },
		/* UTF-16 surrogates */
		{ "\xED\xA0\x80", 3, 0 },				/* U+D800 */
		{ "ok\xED\xBF\xBF", 5, 2 },				/* U+DFFF */
		/* above U+10FFFF */
		{ "x\xF4\x90\x80\x80", 5, 1 },
		{ "x\xF5\x80\x80\x80", 5, 1 },
		{ "\xFF", 1, 0 },
		/* truncated sequences, at the end and before other text */
		{ "x\xE2\x82", 3, 1 },
		{ "x\xE2\x82y", 4, 1 },
		{ "\xF0\x9F\x98", 3, 0 },
		{ "\xF0\x9F\x98z", 4, 0 },
		{ "\xC3", 1, 0 },
		/* a bad continuation byte in third or fourth place */
		{ "\xE2\x82\x41", 3, 0 },
		{ "\xF0\x9F\x98\x41", 4, 0 },
		{ "\x80", 1, 0 },					/* lone continuation */
		{ "a\0b", 3, 1 },					/* NUL */
		{ "\xC3\xA9\xC3", 3, 2 },				/* after a valid one */
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t got = utf8_check(cases[i].s, cases[i].len);
		if (got != cases[i].bad) {
			print_error("case %zu: expected %zu, got %zu\n", i, cases[i].bad, got);
		}
		assert_int_equal(got, cases[i].bad);
	}
	/* len bounds the check: the bytes after it are never looked at */
	assert_int_equal(utf8_check("ab\xFF", 2), 2);
	assert_int_equal(utf8_check("\xC3\xA9", 1), 0);	/* cut inside: truncated */

	/* ASCII is read a word at a time: a NUL, a bad byte or a valid
	 * sequence at every offset of a word, after an accent or not */
	static const char *const bytes[] = { "\0", "\xFF", "\x80", "\xC3\xA9" };
	for (size_t b = 0; b < COUNT(bytes); b++) {
		for (size_t at = 0; at < 24; at++) {
			for (size_t accent = 0; accent < 2; accent++) {
				char buf[40];
				memset(buf, 'a', sizeof(buf));
				if (accent) {
					memcpy(buf, "\xC3\xA9", 2);
				}
				size_t n = b ? strlen(bytes[b]) : 1, pos = at + 2;
				memcpy(buf + pos, bytes[b], n);
				size_t want = b == 3 ? sizeof(buf) : pos;
				assert_int_equal(utf8_check(buf, sizeof(buf)), want);
				assert_int_equal(utf8_check(buf, pos), pos);
			}
		}
	}
}

/* text_position(): 1-based line and byte column. */
static void
test_text_position(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t off;
		long line, col;
	} cases[] = {
		{ "abc", 0, 1, 1 },
		{ "abc", 2, 1, 3 },
		{ "abc", 3, 1, 4 },			/* the end of the text */
		{ "ab\ncd\nef", 7, 3, 2 },
		{ "ab\ncd", 2, 1, 3 },			/* the newline itself: its own line */
		{ "ab\ncd", 3, 2, 1 },
		{ "\n\n\nx", 3, 4, 1 },
		{ "a\r\nb", 3, 2, 1 },			/* CR is a byte of line 1 */
		{ "é\nxé!", 6, 2, 4 },			/* bytes, not characters */
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		long line = 0, col = 0;
		text_position(cases[i].s, cases[i].off, &line, &col);
		assert_int_equal(line, cases[i].line);
		assert_int_equal(col, cases[i].col);
	}
}

static void
number_ok(const char *s, double want)
{
	double got = NAN;
	if (!parse_number(s, strlen(s), &got)) {
		print_error("\"%s\" should be a number\n", s);
		fail();
	}
	if (got != want) {
		print_error("\"%s\": expected %.17g, got %.17g\n", s, want, got);
		fail();
	}
}

static void
number_bad(const char *s)
{
	double got = 12345;
	if (parse_number(s, strlen(s), &got)) {
		print_error("\"%s\" should not be a number, got %.17g\n", s, got);
		fail();
	}
}

/* parse_number(): reference §3, numbers in bulk CSV with "." as the decimal point. */
static void
test_parse_number(void **state)
{
	(void)state;
	number_ok("0", 0);
	number_ok("45", 45);
	number_ok("-12", -12);
	number_ok("3.5", 3.5);
	number_ok("61.25", 61.25);
	number_ok("0.1", 0.1);			/* correctly rounded, like the literal */
	number_ok("0.3", 0.3);
	number_ok("-0.001", -0.001);
	number_ok("1e3", 1000);
	number_ok("1E3", 1000);
	number_ok("-1e3", -1000);
	number_ok("2.5e-3", 0.0025);
	number_ok("1e+2", 100);
	number_ok("123.456e2", 12345.6);
	number_ok("100000000000000000000", 1e20);
	number_ok("12345678901234567890", 12345678901234567890.0);
	number_ok("3.14159265358979323846", 3.14159265358979323846);
	number_ok("0.1000000000000000055511151231257827", 0.1);
	number_ok("1e-30", 1e-30);
	number_ok("1.7976931348623157e308", 1.7976931348623157e308);
	/* what a bulk CSV cell may not be: reference §3 wants "." and nothing else */
	number_bad("");
	number_bad("61,25");
	number_bad(" 1");
	number_bad("1 ");
	number_bad("1e");
	number_bad("1e+");
	number_bad("e3");
	number_bad(".");
	number_bad("-");
	number_bad("--1");
	number_bad("1.2.3");
	number_bad("0x10");
	number_bad("0x1p3");
	number_bad("inf");
	number_bad("-inf");
	number_bad("nan");
	number_bad("1e400");	/* not finite */
	number_bad("1e5x");
	number_bad("12%");
	number_bad("1_000");
	/* len bounds the text read */
	double d = 0;
	assert_true(parse_number("61.25xyz", 5, &d));
	assert_true(d == 61.25);
	assert_false(parse_number("61.25xyz", 6, &d));
}

static void
test_ids(void **state)
{
	(void)state;
	/* reference §1: [a-z][a-z0-9_]*; stage ids may also hold "-" */
	assert_true(is_id("a", false));
	assert_true(is_id("dr_plan2", false));
	assert_true(is_id("pct_virtual", false));
	assert_false(is_id("", false));
	assert_false(is_id("dr-plan", false));
	assert_false(is_id("2fast", false));
	assert_false(is_id("_x", false));
	assert_false(is_id("Region", false));
	assert_false(is_id("regIon", false));
	assert_false(is_id("a b", false));
	assert_false(is_id("a.b", false));
	assert_false(is_id("caf\xC3\xA9", false));
	assert_true(is_id("business-production", true));
	assert_true(is_id("a-", true));
	assert_false(is_id("-a", true));
	assert_false(is_id("2-a", true));
	assert_false(is_id("a b", true));
	/* the survey id: [a-z0-9][a-z0-9_-]* */
	assert_true(is_survey_id("journey"));
	assert_true(is_survey_id("2010-journey"));
	assert_true(is_survey_id("j_2"));
	assert_false(is_survey_id(""));
	assert_false(is_survey_id("-x"));
	assert_false(is_survey_id("_x"));
	assert_false(is_survey_id("Journey"));
	assert_false(is_survey_id("journey!"));
	assert_false(is_survey_id("jour ney"));
}

static void
test_dates(void **state)
{
	(void)state;
	static const char *const good[] = {
		"2010-05-12", "2012-02-29", "2000-02-29", "2010-02-28", "2010-12-31",
		"2010-01-01", "1999-04-30",
	};
	static const char *const bad[] = {
		"", "2011-02-29", "1900-02-29", "2010-02-30", "2010-04-31", "2010-13-01",
		"2010-00-10", "2010-01-00", "2010-01-32", "2010-4-01", "2010-04-1",
		"2010-04-01 ", " 2010-04-01", "2010/04/01", "20100-01-01", "2010-01",
		"2010-01-01T00:00", "12-05-2010", "2010-0a-01", "+010-01-01",
	};
	for (size_t i = 0; i < COUNT(good); i++) {
		if (!is_date(good[i])) {
			print_error("\"%s\" should be a date\n", good[i]);
			fail();
		}
	}
	for (size_t i = 0; i < COUNT(bad); i++) {
		if (is_date(bad[i])) {
			print_error("\"%s\" should not be a date\n", bad[i]);
			fail();
		}
	}
}

static void
check_trim(const char *in, const char *want)
{
	size_t len = strlen(in);
	const char *t = trim(in, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(t, want, len);
}

/* reference §2: field values are trimmed (spaces and tabs only). */
static void
test_trim(void **state)
{
	(void)state;
	check_trim("  ab \t", "ab");
	check_trim("\tLATAM", "LATAM");
	check_trim("a b", "a b");		/* inner spaces stay */
	check_trim("   ", "");
	check_trim("", "");
	check_trim("x", "x");
	check_trim("\na\n", "\na\n");		/* only spaces and tabs */
	check_trim("\xC2\xA0" "a", "\xC2\xA0" "a");	/* no-break space is text */
	/* len bounds it: the trailing spaces of the prefix go */
	size_t len = 4;
	const char *t = trim(" ab cd", &len);
	assert_int_equal(len, 2);
	assert_memory_equal(t, "ab", 2);
}

static void
check_percent(const char *s, const char *want)
{
	size_t n = percent_len(s, strlen(s));
	assert_int_equal(n, strlen(want));
	assert_memory_equal(s, want, n);
}

/* percent_len(): what import and interview read of a typed percent. */
static void
test_percent_len(void **state)
{
	(void)state;
	check_percent("45%", "45");
	check_percent("45 %", "45");
	check_percent("45\t %", "45");
	check_percent("45", "45");
	check_percent("45%%", "45%");	/* one sign only: the rest is refused */
	check_percent("%", "");
	check_percent("", "");
	check_percent("0,45", "0,45");	/* no guess at a decimal comma */
	check_percent("% 45", "% 45");
}

static void
check_quote(const char *s, size_t len, size_t size, const char *want)
{
	char buf[256];
	assert_true(size <= sizeof(buf));
	assert_ptr_equal(quote_value(buf, size, s, len), buf);
	assert_string_equal(buf, want);
}

/* quote_value(): how a value is shown in a message. */
static void
test_quote_value(void **state)
{
	(void)state;
	check_quote("maybe", 5, 96, "\"maybe\"");
	check_quote("", 0, 96, "\"\"");
	check_quote("a\"b\\c", 5, 96, "\"a\\\"b\\\\c\"");
	check_quote("a\nb\tc\x01\x7F", 7, 96, "\"a\\x0ab\\x09c\\x01\\x7f\"");
	check_quote("Ñuñoa", 7, 96, "\"Ñuñoa\"");
	check_quote("a\0b", 3, 96, "\"a\\x00b\"");	/* len, not strlen */
	check_quote("a\xC2\x9B" "5m\xC2\x85", 7, 96, "\"a\\u009b5m\\u0085\"");	/* C1 */
	check_quote("a\xFF" "b", 3, 96, "\"a\\xffb\"");	/* not UTF-8 */

	char in[200], want[200];
	/* long values are cut at 60 bytes and marked */
	memset(in, 'x', 70);
	memset(want + 1, 'x', 60);
	want[0] = '"';
	strcpy(want + 61, "...\"");
	check_quote(in, 70, 96, want);
	/* exactly 60 bytes: shown whole */
	want[61] = '"';
	want[62] = '\0';
	check_quote(in, 60, 96, want);
	/* never cut inside a UTF-8 sequence: é on bytes 59-60, € on 58-60 */
	memcpy(in + 59, "\xC3\xA9", 2);
	char buf[96];
	quote_value(buf, sizeof(buf), in, 70);
	assert_int_equal(strlen(buf), 1 + 59 + 4);
	assert_memory_equal(buf + 60, "...\"", 4);
	memset(in, 'x', 70);
	memcpy(in + 58, "\xE2\x82\xAC", 3);
	quote_value(buf, sizeof(buf), in, 70);
	assert_int_equal(strlen(buf), 1 + 58 + 4);
	assert_memory_equal(buf + 59, "...\"", 4);
}

static void
test_quote_value_full_buffer(void **state)
{
	(void)state;
	char in[200], buf[96];

	/* Escapes take 4 bytes each, so a buffer may fill up before 60 input
	 * bytes: the value must still be marked as cut ("...") and stay valid
	 * UTF-8 (a message is text). 17 controls and "ab" take 71 bytes, and
	 * the euro signs after them run into the end of a 96-byte buffer. */
	size_t n = 17;
	memset(in, '\x01', n);
	memcpy(in + n, "ab", 2);
	n += 2;
	for (int k = 0; k < 10; k++, n += 3) {
		memcpy(in + n, "\xE2\x82\xAC", 3);
	}
	quote_value(buf, sizeof(buf), in, n);
	size_t blen = strlen(buf);
	assert_true(blen < sizeof(buf));
	if (utf8_check(buf, blen) != blen || blen < 4 ||
	    strcmp(buf + blen - 4, "...\"") != 0) {
		print_error("a value cut by the buffer size must end in ...\" and be valid "
			    "UTF-8, got: %s\n", buf);
		fail();
	}
	/* the same with only control characters */
	memset(in, '\x01', 40);
	quote_value(buf, sizeof(buf), in, 40);
	blen = strlen(buf);
	if (blen < 4 || strcmp(buf + blen - 4, "...\"") != 0) {
		print_error("a value cut by the buffer size must end in ...\", got: %s\n", buf);
		fail();
	}
}

/* control_escape(): the one escape of what must not reach a terminal raw
 * (issue 18 section 4). */
static void
test_control_escape(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len, n;	/* the character's bytes */
		const char *esc;
	} cases[] = {
		{ "\x1b[2J", 4, 1, "\\x1b" },
		{ "\a", 1, 1, "\\x07" },
		{ "\n", 1, 1, "\\x0a" },
		{ "\r", 1, 1, "\\x0d" },
		{ "\t", 1, 1, "\\x09" },
		{ "\x7F", 1, 1, "\\x7f" },
		{ "\0", 1, 1, "\\x00" },
		{ "\xC2\x80", 2, 2, "\\u0080" },	/* C1, first and last */
		{ "\xC2\x9F", 2, 2, "\\u009f" },
		{ "\xC2\x9B", 1, 1, "\\xc2" },	/* cut by len: no byte past it */
		{ "\xFF", 1, 1, "\\xff" },		/* not UTF-8, one byte at a time */
		{ "\xC3", 1, 1, "\\xc3" },
		{ "\xE2\x82", 2, 1, "\\xe2" },
		/* shown as they are */
		{ "a", 1, 1, "" },
		{ " ", 1, 1, "" },
		{ "\\", 1, 1, "" },
		{ "\xC2\xA0", 2, 2, "" },		/* U+00A0, just after C1 */
		{ "\xC3\xB1", 2, 2, "" },
		{ "\xE2\x82\xAC", 3, 3, "" },
		{ "\xF0\x9F\x98\x80", 4, 4, "" },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char esc[8];
		assert_int_equal(control_escape(esc, cases[i].s, cases[i].len), cases[i].n);
		assert_string_equal(esc, cases[i].esc);
	}
}

/* escape_controls(), put_text(), vmat_fput_text(): whole texts. */
static void
test_escape_controls(void **state)
{
	(void)state;
	const char *evil = "Evil\x1b]0;pwned\a\x1b[2J\nerror: forged\r\x7F\xC2\x85\xC2\x9B" "5m Corp";
	const char *want = "Evil\\x1b]0;pwned\\x07\\x1b[2J\\x0aerror: forged\\x0d\\x7f"
			   "\\u0085\\u009b5m Corp";
	char out[256], again[256];
	size_t n = escape_controls(out, evil, strlen(evil));
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
	/* what is escaped has nothing left to escape: diag_add() may take a
	 * message that quote_value() has escaped already */
	escape_controls(again, out, n);
	assert_string_equal(again, out);
	/* the worst case fits the room promised: 4 bytes for each byte */
	escape_controls(out, "\x01\x02\xFF", 3);
	assert_string_equal(out, "\\x01\\x02\\xff");
	const char *plain = "Ñuñoa 株式会社, \"a\\b\" 😀";
	escape_controls(out, plain, strlen(plain));
	assert_string_equal(out, plain);

	char *text;
	size_t len;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	put_text(fp, "a\x1b[1m*b*\n<i>&'\"\xC2\x9B", MARKUP_NONE);
	fputc('|', fp);
	put_text(fp, "a\x1b[1m*b*\n<i>&'\"\xC2\x9B", MARKUP_MD);
	fputc('|', fp);
	put_text(fp, "a\x1b[1m*b*\n<i>&'\"\xC2\x9B", MARKUP_HTML);
	fputc('|', fp);
	vmat_fput_text(fp, "f\x1b[2J\n.json");
	fclose(fp);
	assert_string_equal(text, "a\\x1b[1m*b*\\x0a<i>&'\"\\u009b|"
				  "a\\x1b\\[1m\\*b\\*\\x0a\\<i\\>\\&'\"\\u009b|"
				  "a\\x1b[1m*b*\\x0a&lt;i&gt;&amp;&#39;&quot;\\u009b|"
				  "f\\x1b[2J\\x0a.json");
	free(text);
}

/* cut_printf(): a text cut by its buffer ends in "..." at a character
 * boundary. */
static void
test_cut_printf(void **state)
{
	(void)state;
	char buf[10];
	cut_printf(buf, sizeof(buf), "%s", "abcdefghi");	/* fits */
	assert_string_equal(buf, "abcdefghi");
	cut_printf(buf, sizeof(buf), "%s", "abcdefghij");
	assert_string_equal(buf, "abcdef...");
	cut_printf(buf, sizeof(buf), "%s", "abcde\xE2\x82\xAC" "ghij");	/* € on bytes 6-8 */
	assert_string_equal(buf, "abcde...");
	cut_printf(buf, sizeof(buf), "%s", "abcdef\xC3\xB1ghij");	/* ñ on bytes 7-8 */
	assert_string_equal(buf, "abcdef...");
}

/* Every diagnostic is escaped as it is added: its file, its place and its
 * message may all hold data (issue 18 section 4). */
static void
test_diag_escaped(void **state)
{
	(void)state;
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	diag_add(d, VMAT_WARNING, "f\x1b[2J\n.json", 1, 2, "answers.q\x07",
		 "unknown key \"%s\"", "q\x07\nvmat: error: forged\xC2\x9B");
	diag_add_output(d, VMAT_ERROR, "t.gp", "gnuplot failed:\n",
			"\nplot x(\n      ^\x1b[2J\n");
	char *text = diags_text(d);
	assert_string_equal(text, "f\\x1b[2J\\x0a.json:1:2: warning: answers.q\\x07: unknown key "
				  "\"q\\x07\\x0avmat: error: forged\\u009b\"\n"
				  "t.gp: error: gnuplot failed:\n\nplot x(\n      ^\\x1b[2J\n\n");
	free(text);
	/* a message too long for its buffer */
	char long_msg[2000];
	memset(long_msg, 'x', sizeof(long_msg));
	memcpy(long_msg + 1019, "\xE2\x82\xAC", 3);	/* cut inside the euro sign */
	long_msg[sizeof(long_msg) - 1] = '\0';
	diag_add(d, VMAT_ERROR, "", 0, 0, "", "%s", long_msg);
	assert_string_equal(vmat_diags_get(d, 0)->msg + 1019, "...");
	vmat_diags_destroy(d);
}

/* slug(), response_name(): file names never come from data as is (RECIPES
 * item 8). */
static void
test_slug(void **state)
{
	(void)state;
	char buf[48];
	slug(buf, sizeof(buf), "Ñuñoa Café, Ltda.");
	assert_string_equal(buf, "nunoa-cafe-ltda");
	slug(buf, sizeof(buf), "株式会社");
	assert_string_equal(buf, "response");
	slug(buf, sizeof(buf), "");
	assert_string_equal(buf, "response");
	slug(buf, sizeof(buf), "../../etc/passwd");
	assert_string_equal(buf, "etc-passwd");
	slug(buf, sizeof(buf), "ACME  Corp");
	assert_string_equal(buf, "acme-corp");
	char small[6];
	slug(small, sizeof(small), "abcdefghij");
	assert_string_equal(small, "abcde");	/* capped at max - 1 bytes */
	char name[96];
	response_name(name, sizeof(name), "2010-05-12", "Solint S.A.",
		      "6f1c2a9e-8d4b-4c1e-9a53-0b7d2e4f1a22");
	assert_string_equal(name, "2010-05-12-solint-s-a-6f1c2a9e");
	response_name(name, sizeof(name), "2010-02-30", "../x", NULL);
	assert_string_equal(name, "undated-x-noid");
}

static bool
is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* derive_id(): reference §3, a row without an id gets one derived from its
 * content, the same on every run and in every release (so reruns agree). */
static void
test_derive_id(void **state)
{
	(void)state;
	char a[37], b[37], c[37];
	derive_id(a, "row", 3);
	derive_id(b, "row", 3);
	derive_id(c, "rox", 3);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	/* pinned: a change here changes the ids of every stored bulk row */
	assert_string_equal(a, "8a0bc119-6111-8d9b-af86-c7cb0af12d64");
	static const char *const inputs[] = { "", "row", "Solint,LATAM,2010-05-12",
					      "株式会社" };
	for (size_t i = 0; i < COUNT(inputs); i++) {
		derive_id(a, inputs[i], strlen(inputs[i]));
		assert_int_equal(strlen(a), 36);
		for (int k = 0; k < 36; k++) {
			if (k == 8 || k == 13 || k == 18 || k == 23) {
				assert_int_equal(a[k], '-');
			} else {
				assert_true(is_lower_hex(a[k]));
			}
		}
		assert_int_equal(a[14], '8');			/* RFC 9562 version 8 */
		assert_non_null(strchr("89ab", a[19]));		/* variant 10 */
	}
	/* every byte counts, NUL bytes and the last one included */
	derive_id(a, "a\0b", 3);
	derive_id(b, "a\0c", 3);
	derive_id(c, "a", 1);
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	derive_id(a, "ab", 2);
	derive_id(b, "ba", 2);
	assert_string_not_equal(a, b);
}

/* ---- file.c ------------------------------------------------------------ */

struct files {
	char dir[64];
	char path[128];
};

static int
files_setup(void **state)
{
	struct files *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	strcpy(f->dir, "/tmp/vmat-text-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/in.json", f->dir);
	*state = f;
	return 0;
}

static int
files_teardown(void **state)
{
	struct files *f = *state;
	char p[160];
	static const char *const names[] = { "in.json", "fifo", "sub" };
	for (size_t i = 0; i < COUNT(names); i++) {
		snprintf(p, sizeof(p), "%s/%s", f->dir, names[i]);
		remove(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* file_read() of path; returns the messages, *rc the result. */
static char *
read_problems(const char *path, size_t cap, int *rc, struct file_text *ft)
{
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	*rc = file_read(ft, path, cap, d);
	char *text = diags_text(d);
	vmat_diags_destroy(d);
	return text;
}

/* The one message expected for a file, "PATH" standing for its path. */
static void
expect_file_error(const char *path, size_t cap, int want_rc, const char *want)
{
	char full[512];
	const char *p = strstr(want, "PATH");
	assert_non_null(p);
	snprintf(full, sizeof(full), "%.*s%s%s", (int)(p - want), want, path, p + 4);
	struct file_text ft = { (char *)"sentinel", 99 };
	int rc;
	char *got = read_problems(path, cap, &rc, &ft);
	assert_string_equal(got, full);
	free(got);
	assert_int_equal(rc, want_rc);
	assert_null(ft.data);		/* nothing to free on failure */
	assert_int_equal(ft.len, 0);
}

/* RECIPES item 1: only regular files are read. */
static void
test_file_kinds(void **state)
{
	struct files *f = *state;
	expect_file_error(f->dir, 1 << 20, VMAT_EIO, "PATH: error: is a directory\n");
	expect_file_error("/dev/null", 1 << 20, VMAT_EIO, "PATH: error: not a regular file\n");
	expect_file_error("/dev/zero", 1 << 20, VMAT_EIO, "PATH: error: not a regular file\n");
	/* a FIFO without a writer: refused at once, not waited on */
	char fifo[160];
	snprintf(fifo, sizeof(fifo), "%s/fifo", f->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	expect_file_error(fifo, 1 << 20, VMAT_EIO, "PATH: error: not a regular file\n");
	expect_file_error(f->path, 1 << 20, VMAT_EIO,
			  "PATH: error: No such file or directory\n");
	char sub[200];
	snprintf(sub, sizeof(sub), "%s/in.json/x", f->dir);
	write_file(f->path, "{}", 2);
	expect_file_error(sub, 1 << 20, VMAT_EIO, "PATH: error: Not a directory\n");
}

/* The size cap, checked before reading (a test with a small cap). */
static void
test_file_cap(void **state)
{
	struct files *f = *state;
	write_file(f->path, "[1,2]", 5);
	expect_file_error(f->path, 4, VMAT_EINVAL,
			  "PATH: error: file too large (5 bytes; the limit is 4)\n");
	struct file_text ft;
	int rc;
	char *p = read_problems(f->path, 5, &rc, &ft);	/* exactly the cap: fine */
	assert_string_equal(p, "");
	assert_int_equal(rc, VMAT_OK);
	assert_int_equal(ft.len, 5);
	assert_string_equal(ft.data, "[1,2]");
	free(ft.data);
	free(p);
}

static void
expect_read_ok(const char *path, const char *data, size_t len, const char *want,
	       size_t want_len)
{
	write_file(path, data, len);
	struct file_text ft;
	int rc;
	char *p = read_problems(path, 1 << 20, &rc, &ft);
	assert_string_equal(p, "");
	free(p);
	assert_int_equal(rc, VMAT_OK);
	assert_non_null(ft.data);
	assert_int_equal(ft.len, want_len);
	assert_memory_equal(ft.data, want, want_len);
	assert_int_equal(ft.data[ft.len], '\0');	/* NUL-terminated for parsers */
	free(ft.data);
}

static void
test_file_ok(void **state)
{
	struct files *f = *state;
	expect_read_ok(f->path, "{\"a\": \"é\"}\n", 12, "{\"a\": \"é\"}\n", 12);
	expect_read_ok(f->path, "", 0, "", 0);
	/* one UTF-8 BOM is dropped (RFC 8259 8.1, reference §3), only one */
	expect_read_ok(f->path, "\xEF\xBB\xBF{}", 5, "{}", 2);
	expect_read_ok(f->path, "\xEF\xBB\xBF", 3, "", 0);
	expect_read_ok(f->path, "\xEF\xBB\xBF\xEF\xBB\xBFx", 7, "\xEF\xBB\xBFx", 4);
	/* a BOM later in the text is a character like any other */
	expect_read_ok(f->path, "x\xEF\xBB\xBF", 4, "x\xEF\xBB\xBF", 4);
}

/* RECIPES item 2: NUL bytes, invalid UTF-8 and wide encodings, each with
 * the line and byte column of the problem. */
static void
test_file_bad_text(void **state)
{
	struct files *f = *state;
	static const struct {
		const char *data;
		size_t len;
		const char *msg;
	} bad[] = {
		{ "\xFF\xFE{\0}\0", 6,
		  "PATH: error: the file is encoded in UTF-16; save it as UTF-8\n" },
		{ "\xFE\xFF\0{\0}", 6,
		  "PATH: error: the file is encoded in UTF-16; save it as UTF-8\n" },
		{ "\xFF\xFE", 2,
		  "PATH: error: the file is encoded in UTF-16; save it as UTF-8\n" },
		{ "\xFF\xFE\0\0{\0\0\0", 8,
		  "PATH: error: the file is encoded in UTF-32; save it as UTF-8\n" },
		{ "\0\0\xFE\xFF\0\0\0{", 8,
		  "PATH: error: the file is encoded in UTF-32; save it as UTF-8\n" },
		{ "{\n \"a\": \"\xC3\x28\"}", 13, "PATH:2:8: error: invalid UTF-8 (byte 0xc3)\n" },
		{ "{\n\n \0}", 6, "PATH:3:2: error: NUL byte in text\n" },
		{ "\0", 1, "PATH:1:1: error: NUL byte in text\n" },
		{ "[\"\xC0\x80\"]", 5, "PATH:1:3: error: invalid UTF-8 (byte 0xc0)\n" },
		{ "[\n\"ab\xE0\x80\x80\"]", 10, "PATH:2:4: error: invalid UTF-8 (byte 0xe0)\n" },
		{ "\n\n\xED\xA0\x80", 5, "PATH:3:1: error: invalid UTF-8 (byte 0xed)\n" },
		{ "\"\xF4\x90\x80\x80\"", 6, "PATH:1:2: error: invalid UTF-8 (byte 0xf4)\n" },
		{ "\"x\xE2\x82", 4, "PATH:1:3: error: invalid UTF-8 (byte 0xe2)\n" },
		{ "\"é\xE2\x82\"\n", 7, "PATH:1:4: error: invalid UTF-8 (byte 0xe2)\n" },
		{ "a\r\n\x80", 4, "PATH:2:1: error: invalid UTF-8 (byte 0x80)\n" },
		{ "\xFF", 1, "PATH:1:1: error: invalid UTF-8 (byte 0xff)\n" },
		/* positions count from after a dropped BOM */
		{ "\xEF\xBB\xBF[\xFF]", 6, "PATH:1:2: error: invalid UTF-8 (byte 0xff)\n" },
		/* the first problem only */
		{ "\xFF\n\0", 3, "PATH:1:1: error: invalid UTF-8 (byte 0xff)\n" },
	};
	for (size_t i = 0; i < COUNT(bad); i++) {
		write_file(f->path, bad[i].data, bad[i].len);
		expect_file_error(f->path, 1 << 20, VMAT_EINVAL, bad[i].msg);
	}
}

/* text_check(): the same checks on text in memory, named as given. */
static void
test_text_check(void **state)
{
	(void)state;
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	struct file_text ft;
	char src[] = "\xEF\xBB\xBF{\"a\": 1}";
	assert_int_equal(text_check(&ft, src, strlen(src), "-", d), VMAT_OK);
	assert_int_equal(ft.len, 8);
	assert_string_equal(ft.data, "{\"a\": 1}");
	assert_ptr_not_equal(ft.data, src + 3);		/* a copy */
	free(ft.data);
	assert_int_equal(text_check(&ft, "a\nb\xC3", 4, "stdin", d), VMAT_EINVAL);
	assert_null(ft.data);
	assert_int_equal(text_check(&ft, "\xFE\xFF\0x", 4, "stdin", d), VMAT_EINVAL);
	assert_int_equal(text_check(&ft, "ab\0", 3, "x.json", d), VMAT_EINVAL);
	char *text = diags_text(d);
	assert_string_equal(text, "stdin:2:2: error: invalid UTF-8 (byte 0xc3)\n"
				  "stdin: error: the file is encoded in UTF-16; save it as UTF-8\n"
				  "x.json:1:3: error: NUL byte in text\n");
	free(text);
	vmat_diags_destroy(d);
}

/* has_controls(): what control_escape() would escape, eight bytes at a time */
static void
test_has_controls(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		bool lines, want;
	} cases[] = {
		{ "Banco del Sur, S.A.", false, false },
		{ "Sahara & Z\xc3\xbcrich Mining (N\xc3\xbcrnberg)", false, false },
		{ "twenty printable ok\x1b", false, true },	/* past the first eight */
		{ "abcdefgh\x7f", false, true },
		{ "C1 \xc2\x9b here", false, true },
		{ "\xc2\xa0no-break space", false, false },
		{ "two\nlines\tand a tab", true, false },
		{ "two\nlines", false, true },
		{ "", false, false },
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		assert_int_equal(has_controls(cases[i].s, strlen(cases[i].s), cases[i].lines),
				 cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_has_controls),
		cmocka_unit_test(test_utf8_check),
		cmocka_unit_test(test_text_position),
		cmocka_unit_test(test_parse_number),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_percent_len),
		cmocka_unit_test(test_quote_value),
		cmocka_unit_test(test_quote_value_full_buffer),
		cmocka_unit_test(test_control_escape),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_cut_printf),
		cmocka_unit_test(test_diag_escaped),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_derive_id),
		cmocka_unit_test_setup_teardown(test_file_kinds, files_setup, files_teardown),
		cmocka_unit_test_setup_teardown(test_file_cap, files_setup, files_teardown),
		cmocka_unit_test_setup_teardown(test_file_ok, files_setup, files_teardown),
		cmocka_unit_test_setup_teardown(test_file_bad_text, files_setup,
						files_teardown),
		cmocka_unit_test(test_text_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
