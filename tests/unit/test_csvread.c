/* The libcsv adapter: cells as RFC 4180 has them, physical line numbers, and
 * broken records reported without losing the ones after them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Reads all of text; returns one line per record, "LINE: cell|cell|..."
 * (<null> for an empty unquoted cell), then the diagnostics. */
static char *
dump(const char *text, size_t len)
{
	FILE *in = fmemopen((void *)text, len, "rb");
	assert_non_null(in);
	struct csv_reader *r;
	struct vmat_diags *d;
	assert_int_equal(csv_reader_create(&r, in, "c.csv"), VMAT_OK);
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp = open_memstream(&out, &outlen);
	struct csv_record rec;
	int rc;
	while ((rc = csv_reader_next(r, &rec, d)) != 0) {
		if (rc != 1) {
			fprintf(fp, "(invalid)\n");
			continue;
		}
		fprintf(fp, "%ld:", rec.line);
		for (size_t i = 0; i < rec.n; i++) {
			fprintf(fp, "%s%s@%ld", i ? "|" : " ", rec.cells[i] ? rec.cells[i] : "<null>",
				rec.lines[i]);
		}
		fputc('\n', fp);
	}
	char *problems = diags_text(d);
	fputs(problems, fp);
	free(problems);
	fclose(fp);
	csv_reader_destroy(r);
	vmat_diags_destroy(d);
	fclose(in);
	return out;
}

static void
check(const char *text, const char *want)
{
	char *got = dump(text, strlen(text));
	assert_string_equal(got, want);
	free(got);
}

static void
test_cells(void **state)
{
	(void)state;
	/* empty unquoted is NULL (unanswered), "" is an empty string; spaces stay */
	check("a,b,c\n1,,\"\"\n x , y ,z\n",
	      "1: a@1|b@1|c@1\n2: 1@2|<null>@2|@2\n3:  x @3| y @3|z@3\n");
	/* a quote that does not open the cell is an error (strict RFC 4180) */
	check("a,b\n1, \"y\"\n", "1: a@1|b@1\n(invalid)\n"
				   "c.csv:2: error: column \"b\": stray double quote (a cell with "
				   "quotes must be quoted whole, its inner quotes doubled)\n");
	check("a,b\n\"1\"x,2\n", "1: a@1|b@1\n(invalid)\n"
				  "c.csv:2: error: column \"a\": text after the closing quote\n");
	check("a,b\r\n1,2\r\n", "1: a@1|b@1\n2: 1@2|2@2\n");			/* CRLF */
	check("\xEF\xBB\xBF" "id,n\nx,1", "1: id@1|n@1\n2: x@2|1@2\n");		/* BOM, no final LF */
}

static void
test_physical_lines(void **state)
{
	(void)state;
	/* blank lines and newlines inside quoted cells count */
	check("h1,h2\n\n\"two\nlines\",b\n\nc,\"d\n\ne\"\nf,g\n",
	      "1: h1@1|h2@1\n3: two\nlines@3|b@4\n6: c@6|d\n\ne@6\n9: f@9|g@9\n");
}

static void
test_broken_records_and_recovery(void **state)
{
	(void)state;
	check("a,b\n1,2,3\n4,5\n", "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
				   "c.csv:2: error: expected 2 cells as in the header, got 3\n");
	check("a,b\n1,x\"y\n4,5\n",
	      "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
	      "c.csv:2: error: column \"b\": stray double quote (a cell with quotes must be "
	      "quoted whole, its inner quotes doubled)\n");
	check("a,b\n1,\"open\n2,3\n",
	      "1: a@1|b@1\n(invalid)\n"
	      "c.csv:2: error: column \"b\": unterminated quoted cell: the closing quote is "
	      "missing\n");
	check("a,b\n1,\xff\n4,5\n", "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
				   "c.csv:2: error: column \"b\": invalid UTF-8\n");
	check("\xFF\xFE" "a\0,\0", "(invalid)\nc.csv: error: the file is encoded in UTF-16 or UTF-32; save it "
				   "as UTF-8\n");
}

/* A cell over the cap, and records across the 64 KiB read blocks. */
static void
test_big_input(void **state)
{
	(void)state;
	size_t big = MAX_CSV_CELL + 100, n = 0;
	char *text = malloc(big + 4096);
	n += (size_t)sprintf(text, "a,b\n1,");
	memset(text + n, 'x', big);
	n += big;
	n += (size_t)sprintf(text + n, "\n2,ok\n");
	char *got = dump(text, n);
	assert_string_equal(got, "1: a@1|b@1\n(invalid)\n3: 2@3|ok@3\n"
				 "c.csv:2: error: column \"b\": cell longer than 1048576 bytes\n");
	free(got);
	/* a quoted newline right at the block boundary, 65536 */
	n = (size_t)sprintf(text, "a,b\n");
	size_t pad = 65536 - n - 3;	/* the quoted newline lands on byte 65536 */
	text[n++] = '"';
	memset(text + n, 'p', pad);
	n += pad;
	n += (size_t)sprintf(text + n, "\"\"\n\",z\nlast,1\n");
	got = dump(text, n);
	assert_non_null(strstr(got, "pp\"\n@2|z@3\n4: last@4|1@4\n"));	/* z is on line 3 */
	assert_null(strstr(got, "error"));
	free(got);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_physical_lines),
		cmocka_unit_test(test_broken_records_and_recovery),
		cmocka_unit_test(test_big_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
