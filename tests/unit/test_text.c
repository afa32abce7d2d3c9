/* Input text checks (text.c, file.c): UTF-8, positions, ids, dates, slugs. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static void
test_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t len, bad;
	} cases[] = {
		{ "plain", 5, 5 },
		{ "Ñuñoa 株式会社 \xF0\x9F\x98\x80", 25, 25 },	/* 2-, 3- and 4-byte */
		{ "a\xC0\x80", 3, 1 },				/* overlong NUL */
		{ "ab\xE0\x80\x80", 5, 2 },			/* overlong */
		{ "\xED\xA0\x80", 3, 0 },			/* surrogate U+D800 */
		{ "x\xF4\x90\x80\x80", 5, 1 },			/* above U+10FFFF */
		{ "x\xE2\x82", 3, 1 },				/* truncated */
		{ "\x80", 1, 0 },				/* lone continuation */
		{ "a\0b", 3, 1 },				/* NUL */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(utf8_check(cases[i].s, cases[i].len), cases[i].bad);
	}
	long line, col;
	text_position("ab\ncd\nef", 7, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 2);
}

static char *
read_problems(const char *path, int *rc, struct file_text *ft)
{
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	*rc = file_read(ft, path, 1 << 20, d);
	char *text = diags_text(d);
	vmat_diags_destroy(d);
	return text;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(data, 1, len, fp);
	fclose(fp);
}

static void
test_file_read(void **state)
{
	(void)state;
	char dir[] = "/tmp/vmat-text-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	struct file_text ft;
	int rc;
	char *p = read_problems(dir, &rc, &ft);
	assert_int_equal(rc, VMAT_EIO);
	assert_non_null(strstr(p, ": error: is a directory\n"));
	free(p);
	p = read_problems("/dev/null", &rc, &ft);
	assert_string_equal(p, "/dev/null: error: not a regular file\n");
	free(p);
	snprintf(path, sizeof(path), "%s/missing.json", dir);
	p = read_problems(path, &rc, &ft);
	assert_non_null(strstr(p, "missing.json: error: No such file or directory\n"));
	free(p);

	snprintf(path, sizeof(path), "%s/bom.json", dir);
	write_file(path, "\xEF\xBB\xBF{}", 5);
	p = read_problems(path, &rc, &ft);
	assert_int_equal(rc, VMAT_OK);
	assert_string_equal(ft.data, "{}");	/* one BOM dropped */
	free(ft.data);
	free(p);

	static const struct {
		const char *data;
		size_t len;
		const char *msg;
	} bad[] = {
		{ "\xFF\xFE{\0}\0", 6, "error: the file is encoded in UTF-16; save it as UTF-8\n" },
		{ "\xFE\xFF\0{\0}", 6, "error: the file is encoded in UTF-16; save it as UTF-8\n" },
		{ "\xFF\xFE\0\0{\0\0\0", 8, "error: the file is encoded in UTF-32; save it as UTF-8\n" },
		{ "{\n \"a\": \"\xC3\x28\"}", 13, ":2:8: error: invalid UTF-8 (byte 0xc3)\n" },
		{ "{\n\n \0}", 6, ":3:2: error: NUL byte in text\n" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(path, bad[i].data, bad[i].len);
		p = read_problems(path, &rc, &ft);
		assert_int_equal(rc, VMAT_EINVAL);
		assert_non_null(strstr(p, bad[i].msg));
		free(p);
	}
	unlink(path);
	rmdir(dir);
}

static void
test_ids_dates_slugs(void **state)
{
	(void)state;
	assert_true(is_id("dr_plan2", false));
	assert_false(is_id("dr-plan", false));
	assert_true(is_id("business-production", true));
	assert_false(is_id("2fast", false));
	assert_false(is_id("Region", false));
	assert_false(is_id("", false));
	assert_true(is_survey_id("2010-journey"));
	assert_false(is_survey_id("journey!"));
	assert_true(is_date("2012-02-29"));
	assert_false(is_date("2011-02-29"));
	assert_true(is_date("2000-02-29"));
	assert_false(is_date("1900-02-29"));
	assert_false(is_date("2010-13-01"));
	assert_false(is_date("2010-4-01"));
	assert_false(is_date("2010-04-01 "));
	char buf[48];
	slug(buf, sizeof(buf), "Ñuñoa Café, Ltda.");
	assert_string_equal(buf, "nunoa-cafe-ltda");
	slug(buf, sizeof(buf), "株式会社");
	assert_string_equal(buf, "response");
	slug(buf, sizeof(buf), "../../etc/passwd");
	assert_string_equal(buf, "etc-passwd");
	char a[37], b[37], c[37];
	derive_id(a, "row", 3);
	derive_id(b, "row", 3);
	derive_id(c, "rox", 3);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 36);
	assert_int_equal(a[14], '8');	/* RFC 9562 version 8 */
	size_t len = 6;
	const char *t = trim("  ab \t", &len);
	assert_int_equal(len, 2);
	assert_memory_equal(t, "ab", 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_file_read),
		cmocka_unit_test(test_ids_dates_slugs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
