/* The libcsv adapter (reference §3, STYLE.md "libcsv pitfalls", RECIPES.md item 4):
 * cells as RFC 4180 has them, physical line numbers, and broken records
 * reported without losing the ones after them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The delimiter the readers below are given: ',' (the default), ';', or 0
 * to find it from the header (reference §3). */
static char delimiter = ',';

/* Reads len bytes of text through a FILE*; returns one line per call of
 * csv_reader_next(): "LINE: cell@line|cell@line|..." for a record (<null>
 * for an empty unquoted cell), "(invalid)" for a malformed one; then the
 * diagnostics. The reader must end with 0 and stay there. */
static char *
dump_in_chunks(const char *text, size_t len, size_t chunk)
{
	FILE *in = fmemopen((void *)text, len, "rb");
	assert_non_null(in);
	struct csv_reader *r;
	struct vmat_diags *d;
	assert_int_equal(csv_reader_create(&r, in, "c.csv"), VMAT_OK);
	if (chunk) {
		csv_reader_set_chunk_size(r, chunk);
	}
	csv_reader_set_delimiter(r, delimiter);
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp = open_memstream(&out, &outlen);
	assert_non_null(fp);
	struct csv_record rec;
	int rc, calls = 0;
	while ((rc = csv_reader_next(r, &rec, d)) != 0) {
		assert_true(++calls < 100000);	/* it must end */
		if (rc != 1) {
			assert_int_equal(rc, VMAT_EINVAL);
			fprintf(fp, "(invalid)\n");
			continue;
		}
		fprintf(fp, "%ld:", rec.line);
		for (size_t i = 0; i < rec.n; i++) {
			/* lens agree with the cells: 0 for NULL, no NUL inside */
			assert_int_equal(rec.lens[i], rec.cells[i] ? strlen(rec.cells[i]) : 0);
			fprintf(fp, "%s%s@%ld", i ? "|" : " ",
				rec.cells[i] ? rec.cells[i] : "<null>", csv_cell_line(&rec, i));
		}
		fputc('\n', fp);
	}
	assert_int_equal(csv_reader_next(r, &rec, d), 0);	/* the end stays the end */
	char *problems = diags_text(d);
	fputs(problems, fp);
	free(problems);
	assert_int_equal(fclose(fp), 0);
	csv_reader_destroy(r);
	vmat_diags_destroy(d);
	fclose(in);
	return out;
}

/* The records and messages, which must not depend on where the input is
 * cut into chunks: cut after every record, and after every few bytes. */
static char *
dump(const char *text, size_t len)
{
	char *whole = dump_in_chunks(text, len, 0);
	static const size_t sizes[] = { 1, 2, 3, 5, 8, 13, 21, 64 };
	for (size_t i = 0; len < (1u << 16) && i < COUNT(sizes); i++) {
		char *cut = dump_in_chunks(text, len, sizes[i]);
		if (strcmp(cut, whole) != 0) {
			print_error("chunks of %zu bytes:\n%.2000s\nwhole:\n%.2000s\n", sizes[i], cut,
				    whole);
		}
		assert_string_equal(cut, whole);
		free(cut);
	}
	return whole;
}

/* Compares and frees got; fails showing both (cut, cells may be 1 MiB). */
static void
expect_same(char *got, const char *want, const char *input)
{
	bool same = strcmp(got, want) == 0;
	if (!same) {
		print_error("input:\n%.300s\nexpected:\n%.2000s\ngot:\n%.2000s\n", input, want,
			    got);
	}
	free(got);
	assert_true(same);
}

static void
check(const char *text, const char *want)
{
	expect_same(dump(text, strlen(text)), want, text);
}

static void
test_header_and_rows(void **state)
{
	(void)state;
	check("id,customer,region\n1,Solint,LATAM\n2,\"Banco del Sur, S.A.\",NA\n"
	      "3,\"Acme \"\"Gold\"\"\",Ñuñoa\n",
	      "1: id@1|customer@1|region@1\n2: 1@2|Solint@2|LATAM@2\n"
	      "3: 2@3|Banco del Sur, S.A.@3|NA@3\n4: 3@4|Acme \"Gold\"@4|Ñuñoa@4\n");
	check("only\n", "1: only@1\n");
	check("a,b\n", "1: a@1|b@1\n");
	check("", "");				/* nothing at all: no record, no error */
	check("\n\n", "");
}

/* Issue 18 §5: ";"-separated CSV, given or found from the header: a header
 * with a ";" and no "," outside quotes. Quoting works as with ","; a quoted
 * cell may hold either; records across lines, and cut anywhere. */
static void
test_semicolon(void **state)
{
	(void)state;
	static const char es[] = "\xEF\xBB\xBFid;customer;pct\r\n"
				 "1;\"Banco del Sur; S.A.\";45,5\r\n"
				 "2;\"two\r\nlines, \"\"here\"\"\";\r\n"
				 "3;Acme;\"\"\r\n";
	static const char want[] = "1: id@1|customer@1|pct@1\n"
				   "2: 1@2|Banco del Sur; S.A.@2|45,5@2\n"
				   "3: 2@3|two\r\nlines, \"here\"@3|<null>@4\n"
				   "5: 3@5|Acme@5|@5\n";
	delimiter = ';';
	check(es, want);
	delimiter = 0;
	check(es, want);
	/* the header decides: "," with a "," outside quotes, or no ";" */
	check("a;b,c\n1;2,3\n", "1: a;b@1|c@1\n2: 1;2@2|3@2\n");
	check("\"a,b\";c\n1;2\n", "1: a,b@1|c@1\n2: 1@2|2@2\n");
	check("a;\"b,\nc\"\n1;2\n", "1: a@1|b,\nc@1\n3: 1@3|2@3\n");
	check("abc\n1,2\n", "1: abc@1\n(invalid)\nc.csv:2: error: expected 1 cells as in "
	      "the header, got 2\n");
	/* a stray quote and an unclosed one, with ";" */
	check("a;b\n1;x\"y\n\"2;3\n", "1: a@1|b@1\n(invalid)\n(invalid)\n"
	      "c.csv:2: error: column \"b\": stray double quote (a cell with quotes must be "
	      "quoted whole, its inner quotes doubled)\n"
	      "c.csv:3: error: column \"a\": unterminated quoted cell: the closing quote is "
	      "missing\n");
	delimiter = ',';
	check("a;b\n1;2\n", "1: a;b@1\n2: 1;2@2\n");	/* "," given: ";" is text */
}

/* reference §3: an empty cell is unanswered (NULL); "" is an empty string. */
static void
test_null_and_empty(void **state)
{
	(void)state;
	check("a,b,c\n1,,\"\"\n,\"\",\n,,\n\"\",\"\",\"\"\n",
	      "1: a@1|b@1|c@1\n2: 1@2|<null>@2|@2\n3: <null>@3|@3|<null>@3\n"
	      "4: <null>@4|<null>@4|<null>@4\n5: @5|@5|@5\n");
}

/* RFC 4180 keeps spaces (libcsv would trim them from unquoted cells). */
static void
test_spaces_kept(void **state)
{
	(void)state;
	check("a,b,c\n x , y ,\t z\t\n\" q \",  ,\t\n",
	      "1: a@1|b@1|c@1\n2:  x @2| y @2|\t z\t@2\n3:  q @3|  @3|\t@3\n");
}

static void
test_line_ends(void **state)
{
	(void)state;
	check("a,b\r\n1,2\r\n", "1: a@1|b@1\n2: 1@2|2@2\n");			/* CRLF */
	check("a,b\n1,2\r\n3,4\n", "1: a@1|b@1\n2: 1@2|2@2\n3: 3@3|4@3\n");	/* mixed */
	/* a quoted CRLF is kept in the cell, and counted as one line */
	check("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n",
	      "1: a@1|b@1\n2: x\r\ny@2|2@3\n4: 3@4|4@4\n");
	/* blank CRLF lines */
	check("a,b\r\n\r\n\r\n1,2\r\n\r\n", "1: a@1|b@1\n4: 1@4|2@4\n");
}

/* Line numbers are physical: blank lines and newlines inside quoted cells
 * count, for the record (rec.line) and for each cell (csv_cell_line()). */
static void
test_physical_lines(void **state)
{
	(void)state;
	check("h1,h2\n\n\"two\nlines\",b\n\nc,\"d\n\ne\"\nf,g\n",
	      "1: h1@1|h2@1\n3: two\nlines@3|b@4\n6: c@6|d\n\ne@6\n9: f@9|g@9\n");
	/* leading and trailing blank lines */
	check("\n\n\na,b\n1,2\n\n\n", "4: a@4|b@4\n5: 1@5|2@5\n");
	/* a cell that starts on a later line than its record */
	check("a,b,c\n\"x\n\n\",\"y\nz\",w\nlast,1,2\n",
	      "1: a@1|b@1|c@1\n2: x\n\n@2|y\nz@4|w@5\n6: last@6|1@6|2@6\n");
	/* a header across lines */
	check("\"a\nb\",c\n1,2\n", "1: a\nb@1|c@2\n3: 1@3|2@3\n");
	/* errors name the physical line too */
	check("a,b\n\n\"x\ny\",2\n\n1,2,3\n",
	      "1: a@1|b@1\n3: x\ny@3|2@4\n(invalid)\n"
	      "c.csv:6: error: expected 2 cells as in the header, got 3\n");
}

/* reference §3: a leading BOM is accepted and ignored; wide encodings refused. */
static void
test_encodings(void **state)
{
	(void)state;
	check("\xEF\xBB\xBF" "id,n\nx,1\n", "1: id@1|n@1\n2: x@2|1@2\n");
	check("\xEF\xBB\xBF", "");
	check("\xEF\xBB\xBF\n" "id\n", "2: id@2\n");
	static const struct {
		const char *text;
		size_t len;
		const char *what;
	} wide[] = {
		{ "\xFF\xFE" "a\0,\0b\0\n\0", 10, "UTF-16" },		/* LE */
		{ "\xFE\xFF\0a\0,\0b\0\n", 10, "UTF-16" },			/* BE */
		{ "\xFF\xFE\0\0" "a\0\0\0\n\0\0\0", 12, "UTF-32" },	/* LE */
		{ "\0\0\xFE\xFF\0\0\0a\0\0\0\n", 12, "UTF-32" },		/* BE */
		/* issue 18 §5: without a BOM, from the NULs of the first bytes */
		{ "i\0d\0,\0n\0\r\0\n\0" "1\0,\0x\0\n\0", 20,
		  "UTF-16 (little-endian, without a byte order mark)" },
		{ "\0i\0d\0,\0n\0\n", 10, "UTF-16 (big-endian, without a byte order mark)" },
		{ "i\0\0\0d\0\0\0\n\0\0\0", 12,
		  "UTF-32 (little-endian, without a byte order mark)" },
		{ "\0\0\0i\0\0\0d\0\0\0\n", 12,
		  "UTF-32 (big-endian, without a byte order mark)" },
	};
	for (size_t i = 0; i < COUNT(wide); i++) {
		char want[160];
		snprintf(want, sizeof(want),
			 "(invalid)\nc.csv: error: the file is encoded in %s; save it as UTF-8\n",
			 wide[i].what);
		expect_same(dump(wide[i].text, wide[i].len), want, wide[i].text + 2);
	}
	/* a NUL further on is a NUL, not UTF-16 */
	expect_same(dump("id,n\nx\0,1\n", 10),
		    "1: id@1|n@1\n(invalid)\nc.csv:2: error: column \"id\": NUL byte in cell\n",
		    "id,n");
}

static void
test_end_of_file(void **state)
{
	(void)state;
	check("id,n\nx,1", "1: id@1|n@1\n2: x@2|1@2\n");		/* no final newline */
	check("id,n\nx,", "1: id@1|n@1\n2: x@2|<null>@2\n");
	check("id,n\nx,\"\"", "1: id@1|n@1\n2: x@2|@2\n");
	check("id,n\nx,\"a\nb\"", "1: id@1|n@1\n2: x@2|a\nb@2\n");
	check("id,n\r\nx,1\r", "1: id@1|n@1\n2: x@2|1@2\n");
	check("id,n", "1: id@1|n@1\n");
}

/* A row with another number of cells than the header: reported with its
 * line, and reading goes on with the next row. */
static void
test_ragged_rows(void **state)
{
	(void)state;
	check("a,b\n1,2,3\n4,5\n6\n7,8\n,,\n9,10\n",
	      "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n(invalid)\n5: 7@5|8@5\n(invalid)\n"
	      "7: 9@7|10@7\n"
	      "c.csv:2: error: expected 2 cells as in the header, got 3\n"
	      "c.csv:4: error: expected 2 cells as in the header, got 1\n"
	      "c.csv:6: error: expected 2 cells as in the header, got 3\n");
	check("a,b\n1,2\n3", "1: a@1|b@1\n2: 1@2|2@2\n(invalid)\n"
			     "c.csv:3: error: expected 2 cells as in the header, got 1\n");
}

/* Strict RFC 4180 quoting: the error names the line and the column header,
 * and the next row is read as usual. */
static void
test_bad_quotes(void **state)
{
	(void)state;
	static const char stray[] = "stray double quote (a cell with quotes must be quoted "
				    "whole, its inner quotes doubled)";
	char want[1024];
	snprintf(want, sizeof(want), "1: a@1|b@1|c@1\n(invalid)\n3: 4@3|5@3|6@3\n"
				     "c.csv:2: error: column \"b\": %s\n", stray);
	check("a,b,c\n1,x\"y,3\n4,5,6\n", want);
	snprintf(want, sizeof(want), "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
				     "c.csv:2: error: column \"a\": %s\n", stray);
	check("a,b\n5\" screen,2\n4,5\n", want);
	/* a quote that does not open the cell, after a space */
	snprintf(want, sizeof(want), "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
				     "c.csv:2: error: column \"b\": %s\n", stray);
	check("a,b\n1, \"y\"\n4,5\n", want);
	/* more quotes later on the broken line do not swallow the next rows */
	check("a,b\n1,x\"y\"z\"\n4,5\n", want);
	check("a,b\n\"1\"x,2\n4,5\n",
	      "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
	      "c.csv:2: error: column \"a\": text after the closing quote\n");
	check("a,b\n1,\"2\" \n4,5\n",
	      "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
	      "c.csv:2: error: column \"b\": text after the closing quote\n");
	/* inside a record across lines: the line where the cell starts (issue
	 * 18 §5), or of the stray quote */
	check("a,b\n\"m\nn\"x,2\n4,5\n", "1: a@1|b@1\n(invalid)\n4: 4@4|5@4\n"
					 "c.csv:2: error: column \"a\": quoted cell from here to "
					 "line 3, with text after its closing quote (is a closing "
					 "quote missing on this line?)\n");
	snprintf(want, sizeof(want), "1: a@1|b@1\n(invalid)\n4: 4@4|5@4\n"
				     "c.csv:3: error: column \"b\": %s\n", stray);
	check("a,b\n\"m\nn\",x\"y\n4,5\n", want);
	/* two broken rows in a row, then a good one */
	snprintf(want, sizeof(want), "1: a@1|b@1\n(invalid)\n(invalid)\n4: 4@4|5@4\n"
				     "c.csv:2: error: column \"b\": %s\n"
				     "c.csv:3: error: column \"a\": text after the closing "
				     "quote\n",
		 stray);
	check("a,b\n1,x\"y\n\"2\"z,3\n4,5\n", want);
}

static void
test_unterminated_quote(void **state)
{
	(void)state;
	check("a,b\n1,\"open\n2,3\n",
	      "1: a@1|b@1\n(invalid)\n"
	      "c.csv:2: error: column \"b\": unterminated quoted cell: the closing quote is "
	      "missing\n");
	/* issue 18 §5: closed by the next quote of the file, rows later: the
	 * line where the cell starts, not the line of that quote */
	check("a,b\n1,\"open\n2,3\n4,\"x\"\n5,6\n",
	      "1: a@1|b@1\n(invalid)\n5: 5@5|6@5\n"
	      "c.csv:2: error: column \"b\": quoted cell from here to line 4, with text after "
	      "its closing quote (is a closing quote missing on this line?)\n");
	check("a,b\n1,2\n\n\"x", "1: a@1|b@1\n2: 1@2|2@2\n(invalid)\n"
				 "c.csv:4: error: column \"a\": unterminated quoted cell: the "
				 "closing quote is missing\n");
}

/* Records of 100 cells of 0 to 6 bytes: commas on both sides of the 16- and
 * 64-byte steps in which a record's commas are found, and at its ends; in
 * rows 3 and 4, quoted cells with commas and quotes inside, the last one
 * too. */
static void
test_long_records(void **state)
{
	(void)state;
	char text[8192] = "", want[16384] = "";
	size_t t = 0, w = 0;
	for (int row = 0; row < 4; row++) {
		w += (size_t)snprintf(want + w, sizeof(want) - w, "%d:", row + 1);
		for (int i = 0; i < 100; i++) {
			int n = (i * 7 + row * 3) % 7;	/* 0 to 6 bytes */
			char cell[8] = "";
			for (int k = 0; k < n; k++) {
				cell[k] = (char)('a' + (i + k) % 26);
			}
			const char *sep = i ? "," : "";
			if (row >= 2 && ((i + row) % 9 == 0 || (row == 3 && i == 99))) {
				t += (size_t)snprintf(text + t, sizeof(text) - t,
						      "%s\"%s,\"\",%s\"", sep, cell, cell);
				w += (size_t)snprintf(want + w, sizeof(want) - w, "%s%s,\",%s@%d",
						      i ? "|" : " ", cell, cell, row + 1);
				continue;
			}
			t += (size_t)snprintf(text + t, sizeof(text) - t, "%s%s", sep, cell);
			w += (size_t)snprintf(want + w, sizeof(want) - w, "%s%s@%d", i ? "|" : " ",
					      n ? cell : "<null>", row + 1);
		}
		t += (size_t)snprintf(text + t, sizeof(text) - t, "\n");
		w += (size_t)snprintf(want + w, sizeof(want) - w, "\n");
	}
	expect_same(dump(text, t), want, text);
}

/* Cells must be valid UTF-8 without NUL bytes; the error names the column. */
static void
test_bad_bytes(void **state)
{
	(void)state;
	check("a,b\n1,\xff\n4,5\n", "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
				   "c.csv:2: error: column \"b\": invalid UTF-8\n");
	check("a,b\n\xC0\x80,2\n4,5\n", "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
				       "c.csv:2: error: column \"a\": invalid UTF-8\n");
	check("a,b\n1,\"x\xED\xA0\x80\"\n4,5\n", "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
						"c.csv:2: error: column \"b\": invalid UTF-8\n");
	/* NUL bytes: strlen() would cut the text without a word */
	static const char nul[] = "a,b\n1,x\0y\n\"\0\",2\n4,5\n";
	expect_same(dump(nul, sizeof(nul) - 1),
		    "1: a@1|b@1\n(invalid)\n(invalid)\n4: 4@4|5@4\n"
		    "c.csv:2: error: column \"b\": NUL byte in cell\n"
		    "c.csv:3: error: column \"a\": NUL byte in cell\n",
		    nul);
	/* a cell past the header's columns is named by its number; one
	 * message per record */
	check("a,b\n1,2,\xff\n4,5\n", "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
				     "c.csv:2: error: column 3: invalid UTF-8\n");
	check("a,b\n\xff,\xff\n", "1: a@1|b@1\n(invalid)\n"
				 "c.csv:2: error: column \"a\": invalid UTF-8\n");
	/* among bytes the chunker reads eight at a time */
	check("a,b\n1,abcdefghijklmnop\xffqrstuvwxyz0123456789\n4,5\n",
	      "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
	      "c.csv:2: error: column \"b\": invalid UTF-8\n");
	static const char nul8[] = "a,b\nabcdefghijklmnopqrs\0tuvwxyz0123456789,2\n4,5\n";
	expect_same(dump(nul8, sizeof(nul8) - 1),
		    "1: a@1|b@1\n(invalid)\n3: 4@3|5@3\n"
		    "c.csv:2: error: column \"a\": NUL byte in cell\n",
		    nul8);
}

/* A text of header "a,b" and rows built in memory. */
struct buf {
	char *s;
	size_t n, cap;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
put_repeat(struct buf *b, char c, size_t n)
{
	char chunk[4096];
	memset(chunk, c, sizeof(chunk));
	while (n) {
		size_t k = n < sizeof(chunk) ? n : sizeof(chunk);
		put(b, chunk, k);
		n -= k;
	}
}

static void
check_buf(struct buf *b, const char *want)
{
	char *got = dump(b->s, b->n);
	free(b->s);
	*b = (struct buf){ 0 };
	expect_same(got, want, "(built in memory)");
}

/* MAX_CSV_CELL (1 MiB) caps one cell: a longer one is an error naming its
 * column, and the next row is read as usual. */
static void
test_cell_cap(void **state)
{
	(void)state;
	struct buf b = { 0 };
	/* the last column */
	puts_(&b, "a,b\n1,");
	put_repeat(&b, 'x', MAX_CSV_CELL + 100);
	puts_(&b, "\n2,ok\n");
	check_buf(&b, "1: a@1|b@1\n(invalid)\n3: 2@3|ok@3\n"
		      "c.csv:2: error: column \"b\": cell longer than 1048576 bytes\n");
	/* a quoted cell across lines */
	puts_(&b, "a,b\n1,\"");
	for (int i = 0; i < 20; i++) {
		put_repeat(&b, 'y', MAX_CSV_CELL / 16);
		puts_(&b, "\n");
	}
	puts_(&b, "\"\n2,ok\n");
	check_buf(&b, "1: a@1|b@1\n(invalid)\n23: 2@23|ok@23\n"
		      "c.csv:2: error: column \"b\": cell longer than 1048576 bytes\n");
}

/* The cap must hold in any column, also when more cells follow the long
 * one on its line. */
static void
test_cell_cap_first_column(void **state)
{
	(void)state;
	struct buf b = { 0 };
	puts_(&b, "a,b\n");
	put_repeat(&b, 'x', MAX_CSV_CELL + 100);
	puts_(&b, ",1\n2,ok\n");
	check_buf(&b, "1: a@1|b@1\n(invalid)\n3: 2@3|ok@3\n"
		      "c.csv:2: error: column \"a\": cell longer than 1048576 bytes\n");
}

/* A cell of exactly MAX_CSV_CELL bytes is within the cap; one more is not. */
static void
test_cell_cap_exact(void **state)
{
	(void)state;
	struct buf b = { 0 };
	puts_(&b, "a,b\n1,");
	put_repeat(&b, 'x', MAX_CSV_CELL);
	puts_(&b, "\n2,ok\n");
	char *got = dump(b.s, b.n);
	free(b.s);
	b = (struct buf){ 0 };
	bool ok = strncmp(got, "1: a@1|b@1\n2: 1@2|xxx", 21) == 0 && !strstr(got, "error");
	if (!ok) {
		print_error("a cell of exactly %u bytes: %.200s\n", MAX_CSV_CELL, got);
	}
	free(got);
	assert_true(ok);
	/* quoted, with the quotes around it */
	puts_(&b, "a,b\n1,\"");
	put_repeat(&b, 'x', MAX_CSV_CELL);
	puts_(&b, "\"\n2,ok\n");
	got = dump(b.s, b.n);
	free(b.s);
	ok = !strstr(got, "error");
	if (!ok) {
		print_error("a quoted cell of exactly %u bytes: %.200s\n", MAX_CSV_CELL, got);
	}
	free(got);
	assert_true(ok);
	/* one byte more */
	b = (struct buf){ 0 };
	puts_(&b, "a,b\n1,");
	put_repeat(&b, 'x', MAX_CSV_CELL + 1);
	puts_(&b, "\n2,ok\n");
	check_buf(&b, "1: a@1|b@1\n(invalid)\n3: 2@3|ok@3\n"
		      "c.csv:2: error: column \"b\": cell longer than 1048576 bytes\n");
}

/* Records larger than the 64 KiB read block. */
static void
test_big_records(void **state)
{
	(void)state;
	/* a 200 KB quoted cell with inner quotes and newlines between others */
	struct buf b = { 0 };
	puts_(&b, "a,b,c\nfirst,\"");
	for (int i = 0; i < 2000; i++) {
		put_repeat(&b, 'z', 97);
		puts_(&b, i % 2 ? "\"\"" : "\n");
	}
	puts_(&b, "\",last\nnext,1,2\n");
	FILE *in = fmemopen(b.s, b.n, "rb");
	struct csv_reader *r;
	struct vmat_diags *d;
	assert_int_equal(csv_reader_create(&r, in, "c.csv"), VMAT_OK);
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	struct csv_record rec;
	assert_int_equal(csv_reader_next(r, &rec, d), 1);
	assert_int_equal(csv_reader_next(r, &rec, d), 1);
	assert_int_equal(rec.n, 3);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.cells[0], "first");
	assert_int_equal(rec.lens[1], 2000 * 97 + 1000 + 1000);
	for (int i = 0; i < 2000; i++) {
		const char *p = rec.cells[1] + i * 98;
		assert_int_equal(p[0], 'z');
		assert_int_equal(p[96], 'z');
		assert_int_equal(p[97], i % 2 ? '"' : '\n');
	}
	assert_string_equal(rec.cells[2], "last");
	assert_int_equal(rec.lines[2], 2 + 1000);
	assert_int_equal(csv_reader_next(r, &rec, d), 1);
	assert_int_equal(rec.line, 1003);
	assert_string_equal(rec.cells[0], "next");
	assert_int_equal(csv_reader_next(r, &rec, d), 0);
	assert_int_equal(vmat_diags_count(d), 0);
	csv_reader_destroy(r);
	vmat_diags_destroy(d);
	fclose(in);
	free(b.s);

	/* a record of 20000 cells (about 150 KB), under a header as wide */
	b = (struct buf){ 0 };
	char cellbuf[32];
	for (int row = 0; row < 2; row++) {
		for (int i = 0; i < 20000; i++) {
			snprintf(cellbuf, sizeof(cellbuf), "%s%s%d", i ? "," : "", row ? "v" : "h",
				 i);
			puts_(&b, cellbuf);
		}
		puts_(&b, "\n");
	}
	in = fmemopen(b.s, b.n, "rb");
	assert_int_equal(csv_reader_create(&r, in, "c.csv"), VMAT_OK);
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	assert_int_equal(csv_reader_next(r, &rec, d), 1);
	assert_int_equal(rec.n, 20000);
	assert_string_equal(rec.cells[19999], "h19999");
	assert_int_equal(csv_reader_next(r, &rec, d), 1);
	assert_int_equal(rec.n, 20000);
	assert_int_equal(rec.line, 2);
	for (int i = 0; i < 20000; i += 997) {
		snprintf(cellbuf, sizeof(cellbuf), "v%d", i);
		assert_string_equal(rec.cells[i], cellbuf);
		assert_int_equal(csv_cell_line(&rec, i), 2);
	}
	assert_string_equal(rec.cells[19999], "v19999");
	assert_int_equal(csv_reader_next(r, &rec, d), 0);
	assert_int_equal(vmat_diags_count(d), 0);
	csv_reader_destroy(r);
	vmat_diags_destroy(d);
	fclose(in);
	free(b.s);
}

/* A quoted newline exactly at the block boundary (offset 65536). */
static void
test_newline_at_block_boundary(void **state)
{
	(void)state;
	struct buf b = { 0 };
	puts_(&b, "a,b\n\"");
	put_repeat(&b, 'p', 65536 - 5 - 2);	/* then "" on 65534-65535 */
	puts_(&b, "\"\"");
	assert_int_equal(b.n, 65536);
	puts_(&b, "\n\",z\nlast,1\n");		/* the quoted newline is byte 65536 */
	char *got = dump(b.s, b.n);
	assert_int_equal(strncmp(got, "1: a@1|b@1\n2: ppp", 17), 0);
	const char *tail = "pp\"\n@2|z@3\n4: last@4|1@4\n";
	assert_true(strlen(got) > strlen(tail));
	assert_string_equal(got + strlen(got) - strlen(tail), tail);
	free(got);
	free(b.s);
	/* and as the last byte of the first block */
	b = (struct buf){ 0 };
	puts_(&b, "a,b\n\"");
	put_repeat(&b, 'p', 65536 - 5 - 1);
	puts_(&b, "\n");
	assert_int_equal(b.n, 65536);
	puts_(&b, "q\",z\nlast,1\n");
	got = dump(b.s, b.n);
	tail = "pp\nq@2|z@3\n4: last@4|1@4\n";
	assert_string_equal(got + strlen(got) - strlen(tail), tail);
	free(got);
	free(b.s);
}

/* The same bytes must give the same records and messages wherever the
 * 64 KiB read block ends: a padding row moves the boundary over every byte
 * of a text with the tricky cases. */
static const char tricky[] =
	"\"q\"\"\r\nx\",2\r\n"	/* 3-4: escaped quote, quoted CRLF */
	"1,\"x\"y\n"		/* 5: text after the closing quote */
	"3,4\n"			/* 6 */
	"5,x\"y\"z\n"		/* 7: stray quote, more quotes after it */
	"6,7\n"			/* 8 */
	"\xC3\xA9,\"\"\n"	/* 9: two-byte character, empty quoted cell */
	"\n"			/* 10 */
	"8,\"a\n\nb\"\n"	/* 11-13 */
	"9,10\n"		/* 14 */
	"1,2,3\n"		/* 15: ragged */
	"ok,\"end\"\n";		/* 16 */

static const char tricky_want[] =
	"1: a@1|b@1\n"
	"3: q\"\r\nx@3|2@4\n"
	"(invalid)\n"
	"6: 3@6|4@6\n"
	"(invalid)\n"
	"8: 6@8|7@8\n"
	"9: é@9|@9\n"
	"11: 8@11|a\n\nb@11\n"
	"14: 9@14|10@14\n"
	"(invalid)\n"
	"16: ok@16|end@16\n"
	"c.csv:5: error: column \"b\": text after the closing quote\n"
	"c.csv:7: error: column \"b\": stray double quote (a cell with quotes must be quoted "
	"whole, its inner quotes doubled)\n"
	"c.csv:15: error: expected 2 cells as in the header, got 3\n";

/* The dump of "a,b\n" + k bytes of padding + ",1\n" + tricky, without the
 * padding row's line. */
static char *
dump_padded(size_t k)
{
	struct buf b = { 0 };
	puts_(&b, "a,b\n");
	put_repeat(&b, 'p', k);
	puts_(&b, ",1\n");
	puts_(&b, tricky);
	char *got = dump(b.s, b.n);
	free(b.s);
	char *row = strstr(got, "\n2: p");
	assert_non_null(row);
	char *end = strchr(row + 1, '\n');
	memmove(row, end, strlen(end) + 1);
	return got;
}

static void
test_block_boundary_sweep(void **state)
{
	(void)state;
	char *ref = dump_padded(1);
	assert_string_equal(ref, tricky_want);
	free(ref);
	size_t len = sizeof(tricky) - 1;
	int wrong = 0;
	/* tricky starts at 4 + k + 3; the boundary lands on its byte j */
	for (size_t j = 0; j <= len; j++) {
		char *got = dump_padded(65536 - 7 - j);
		if (strcmp(got, tricky_want) != 0) {
			print_error("block boundary before byte %zu of the tricky text "
				    "(%.8s...):\n%s\n", j, tricky + j, got);
			wrong++;
		}
		free(got);
	}
	assert_int_equal(wrong, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_and_rows),
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_physical_lines),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_end_of_file),
		cmocka_unit_test(test_ragged_rows),
		cmocka_unit_test(test_bad_quotes),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_long_records),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_cell_cap),
		cmocka_unit_test(test_cell_cap_first_column),
		cmocka_unit_test(test_cell_cap_exact),
		cmocka_unit_test(test_big_records),
		cmocka_unit_test(test_newline_at_block_boundary),
		cmocka_unit_test(test_block_boundary_sweep),
		cmocka_unit_test(test_semicolon),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
