/* The reader (reference §8 inputs and input order, §2-§3 invalid inputs), through
 * the public API, over real files in a temporary directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

/* One stage, one dimension, one choice question; region is required and has
 * declared values. */
static const char survey_json[] =
	"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":2,\"title\":\"T\","
	"\"stages\":[{\"id\":\"one\",\"name\":\"One\",\"requires\":{\"c\":1}}],"
	"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"}],"
	"\"fields\":[{\"id\":\"region\",\"name\":\"Region\",\"required\":true,"
	"\"values\":[\"NA\",\"EMEA\"]}],"
	"\"questions\":[{\"id\":\"q\",\"type\":\"choice\",\"dimension\":\"c\",\"text\":\"Q\","
	"\"choices\":[{\"id\":\"lo\",\"label\":\"Lo\",\"level\":0},"
	"{\"id\":\"hi\",\"label\":\"Hi\",\"level\":1}]}]}";

/* The last trace of assert_trace(), freed by the next one or by teardown(),
 * also when an assertion on it fails. */
static char *last_trace;

/* Each test runs in a fresh directory under /tmp, removed afterwards. */
struct fixture {
	char dir[64];
	char cwd[4096];
	struct vmat_survey *s;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_non_null(getcwd(f->cwd, sizeof(f->cwd)));
	strcpy(f->dir, "/tmp/vmat-test-reader-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(chdir(f->dir), 0);
	f->s = survey_ok(survey_json);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = chdir(f->cwd);
	rc |= remove_tree(f->dir);
	vmat_survey_destroy(f->s);
	free(f);
	free(last_trace);
	last_trace = NULL;
	return rc;
}

/* Writes text to path (relative to the test directory), making its parent
 * directories. */
static void
write_file(const char *path, const char *text)
{
	char dir[256];
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = strchr(dir, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0) {
			assert_int_equal(errno, EEXIST);
		}
		*p = '/';
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

/* A valid response file whose customer is its own path, so that a trace
 * shows which file was read. */
static void
write_response(const char *path)
{
	char json[512];
	snprintf(json, sizeof(json),
		 "{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"customer\":\"%s\","
		 "\"region\":\"NA\",\"date\":\"2010-01-01\",\"answers\":{\"q\":\"hi\"}}\n",
		 path);
	write_file(path, json);
}

/* Reads every input to the end and returns a trace (malloc'd): for each
 * call of vmat_reader_next(), "SOURCE:LINE CUSTOMER" for a response or the
 * status name for a failure, or "end" at the end, each followed by the
 * diagnostics that call appended. A call after the end must give the end
 * again, with nothing to say. */
static char *
trace(const struct vmat_survey *s, const char *const *paths, size_t n,
      const struct vmat_read_options *opt)
{
	struct vmat_reader *r;
	struct vmat_diags *d;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	assert_int_equal(vmat_reader_create(&r, s, paths, n, opt), VMAT_OK);
	long customer = vmat_survey_field_index(s, "customer");
	assert_true(customer >= 0);
	const struct vmat_response *resp;
	int rc;
	for (int calls = 0; (rc = vmat_reader_next(r, &resp, d)) != 0; calls++) {
		assert_true(calls < 10000);
		if (rc == 1) {
			assert_non_null(resp);
			fprintf(fp, "%s:%ld %s\n", resp->source, resp->line,
				resp->fields[customer] ? resp->fields[customer] : "(none)");
		} else {
			assert_int_equal(rc, VMAT_EINVAL);
			fputs("EINVAL\n", fp);
		}
		char *diags = diags_text(d);
		fputs(diags, fp);
		free(diags);
	}
	fputs("end\n", fp);
	char *diags = diags_text(d);	/* the last call may append warnings too */
	fputs(diags, fp);
	free(diags);
	assert_int_equal(vmat_reader_next(r, &resp, d), 0);
	assert_int_equal(vmat_diags_count(d), 0);
	vmat_reader_destroy(r);
	vmat_diags_destroy(d);
	fclose(fp);
	return text;
}

/* Asserts the trace of reading paths (an array). */
#define assert_trace(s, paths, opt, expected) \
	do { \
		free(last_trace); \
		last_trace = trace((s), (paths), sizeof(paths) / sizeof(*(paths)), (opt)); \
		assert_string_equal(last_trace, (expected)); \
	} while (0)

/* reference §8: the arguments in their order; inside a directory every *.json file
 * below it in byte order of the full paths ("A" < "a-" < "a." < "a/" < "b"),
 * names starting with "." skipped, other files ignored without a word. */
static void
test_input_order(void **state)
{
	struct fixture *f = *state;
	write_response("z.json");
	write_response("m.json");
	write_response("in/b/x.json");
	write_response("in/a.json");
	write_response("in/A.json");
	write_response("in/a/z.json");
	write_response("in/a-b.json");
	write_response("in/.drafts/draft.json");
	write_response("in/.hidden.json");
	write_response("in/b/.x.json");
	write_file("in/notes.txt", "not a response\n");
	write_file("in/bulk.csv", "customer,region,date\nIn A Directory,NA,2010-01-01\n");
	write_file("in/a.json.bak", "{");
	write_file("in/empty/README", "");
	static const char *const paths[] = { "z.json", "in", "m.json" };
	assert_trace(f->s, paths, NULL,
		     "z.json:0 z.json\n"
		     "in/A.json:0 in/A.json\n"
		     "in/a-b.json:0 in/a-b.json\n"
		     "in/a.json:0 in/a.json\n"
		     "in/a/z.json:0 in/a/z.json\n"
		     "in/b/x.json:0 in/b/x.json\n"
		     "m.json:0 m.json\n"
		     "end\n");

	/* A file reached again (a directory given twice, with a trailing "/"
	 * or not, a file by another path) is read once. */
	static const char *const again[] = { "in/b/", "in/b", "in/../in/b/x.json", "in/a.json" };
	assert_trace(f->s, again, NULL,
		     "in/b/x.json:0 in/b/x.json\n"
		     "in/a.json:0 in/a.json\n"
		     "end\n");
}

/* A bulk CSV argument: one response per row, in row order, each with the
 * physical line its row starts on (blank lines and lines inside quoted cells
 * counted), between the responses of the other arguments. */
static void
test_bulk_csv(void **state)
{
	struct fixture *f = *state;
	write_response("a.json");
	write_file("bulk.csv",
		   "\xEF\xBB\xBF" "customer,region,date,q\r\n"
		   "Row Two,NA,2010-01-01,hi\r\n"
		   "\"Three\r\nand Four\",EMEA,2010-01-02,lo\r\n"
		   "\r\n"
		   "Row Six,na,2010-01-03,\r\n");
	write_response("b.json");
	static const char *const paths[] = { "a.json", "bulk.csv", "b.json" };
	assert_trace(f->s, paths, NULL,
		     "a.json:0 a.json\n"
		     "bulk.csv:2 Row Two\n"
		     "bulk.csv:3 Three\r\nand Four\n"
		     "bulk.csv:3: warning: column \"customer\": \"Three\\x0d\\x0aand Four\" holds a "
		     "control character\n"
		     "bulk.csv:6 Row Six\n"
		     "b.json:0 b.json\n"
		     "end\n");
}

/* A bulk CSV file bigger than a read block: lines stay right across block
 * boundaries, where a quoted cell spans two lines in every row. */
static void
test_bulk_csv_many_rows(void **state)
{
	struct fixture *f = *state;
	enum { ROWS = 3000 };
	FILE *fp = fopen("many.csv", "wb");
	assert_non_null(fp);
	fputs("customer,region,date,q\n", fp);
	for (int i = 0; i < ROWS; i++) {
		fprintf(fp, "\"Customer\n%d\",NA,2010-01-01,%s\n", i, i % 2 ? "hi" : "lo");
	}
	assert_int_equal(fclose(fp), 0);
	struct vmat_reader *r;
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	static const char *const paths[] = { "many.csv" };
	assert_int_equal(vmat_reader_create(&r, f->s, paths, 1, NULL), VMAT_OK);
	long customer = vmat_survey_field_index(f->s, "customer");
	const struct vmat_response *resp;
	int i = 0, rc;
	while ((rc = vmat_reader_next(r, &resp, d)) == 1) {
		char want[32];
		snprintf(want, sizeof(want), "Customer\n%d", i);
		assert_string_equal(resp->fields[customer], want);
		assert_int_equal(resp->line, 2 + 2 * i);
		assert_int_equal(resp->answers[0].choice, (size_t)(i % 2));
		i++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(i, ROWS);
	assert_int_equal(vmat_diags_count(d), ROWS);	/* a line break in each name: a warning */
	vmat_reader_destroy(r);
	vmat_diags_destroy(d);
}

/* "-" is bulk CSV read from opt->stdin_fp, named "-" in messages; the reader
 * does not close it. */
static void
test_stdin(void **state)
{
	struct fixture *f = *state;
	char csv[] = "customer,region,date,q\n"
		     "From Stdin,NA,2010-01-01,hi\n"
		     "Bad Stdin,NA,2010-01-01,maybe\n"
		     "Last Stdin,EMEA,2010-01-01,lo\n";
	FILE *in = fmemopen(csv, strlen(csv), "r");
	assert_non_null(in);
	write_response("a.json");
	struct vmat_read_options opt = { .stdin_fp = in };
	static const char *const paths[] = { "a.json", "-" };
	assert_trace(f->s, paths, &opt,
		     "a.json:0 a.json\n"
		     "-:2 From Stdin\n"
		     "EINVAL\n"
		     "-:3: error: column \"q\": unknown choice \"maybe\" (expected: lo, hi)\n"
		     "-:4 Last Stdin\n"
		     "end\n");
	assert_int_equal(fclose(in), 0);	/* still open: not closed by the reader */
}

/* An invalid response in the middle: VMAT_EINVAL with its problems, and the
 * next call goes on with the next response, in JSON files and in CSV rows. */
static void
test_invalid_in_the_middle(void **state)
{
	struct fixture *f = *state;
	write_response("a.json");
	write_file("bad.json", "{\"format\":\"vmat-response/1\",\"survey\":\"t\",\n"
			       "\"region\":\"Mars\",\"date\":\"2010-01-01\",\n"
			       "\"answers\":{\"q\":\"maybe\"}}\n");
	write_response("b.json");
	write_file("rows.csv", "customer,region,date,q\n"
			       "One,NA,2010-01-01,hi\n"
			       "Two,NA,2010-02-30,hi\n"
			       "Three,NA,2010-01-01,lo\n");
	static const char *const paths[] = { "a.json", "bad.json", "b.json", "rows.csv" };
	assert_trace(f->s, paths, NULL,
		     "a.json:0 a.json\n"
		     "EINVAL\n"
		     "bad.json:2:10: error: region: unknown region \"Mars\" "
		     "(expected: NA, EMEA)\n"
		     "bad.json:3:16: error: answers.q: unknown choice \"maybe\" "
		     "(expected: lo, hi)\n"
		     "bad.json: error: missing required field \"customer\"\n"
		     "b.json:0 b.json\n"
		     "rows.csv:2 One\n"
		     "EINVAL\n"
		     "rows.csv:3: error: column \"date\": \"2010-02-30\" is not a date written "
		     "YYYY-MM-DD\n"
		     "rows.csv:4 Three\n"
		     "end\n");
}

/* A path that does not exist and a file that is neither .json nor .csv are
 * one invalid input each; reading goes on with the next argument. */
static void
test_missing_and_unknown_inputs(void **state)
{
	struct fixture *f = *state;
	write_response("a.json");
	write_file("notes.txt", "customer,region,date\nX,NA,2010-01-01\n");
	static const char *const paths[] = { "nope.json", "notes.txt", "nope.csv", "nodir/",
					     "a.json" };
	assert_trace(f->s, paths, NULL,
		     "EINVAL\n"
		     "nope.json: error: No such file or directory\n"
		     "EINVAL\n"
		     "notes.txt: error: not a response file: expected a .json or .csv file, "
		     "a directory, or - for standard input\n"
		     "EINVAL\n"
		     "nope.csv: error: No such file or directory\n"
		     "EINVAL\n"
		     "nodir/: error: No such file or directory\n"
		     "a.json:0 a.json\n"
		     "end\n");
}

/* A CSV file whose header lacks a required field's column: its rows cannot
 * be read, so the whole file is one invalid input, and reading goes on with
 * the next argument. Under strict, an unknown column does the same. */
static void
test_bad_header(void **state)
{
	struct fixture *f = *state;
	write_file("bad.csv", "customer,date,q\n"
			      "One,2010-01-01,hi\n"
			      "Two,2010-01-01,hi\n");
	write_file("extra.csv", "customer,region,date,colour\n"
				"Three,NA,2010-01-01,blue\n");
	write_response("a.json");
	static const char *const paths[] = { "bad.csv", "extra.csv", "a.json" };
	assert_trace(f->s, paths, NULL,
		     "EINVAL\n"
		     "bad.csv:1: error: no column \"region\" for the required field \"region\"\n"
		     "extra.csv:2 Three\n"
		     "extra.csv:1: warning: column \"colour\": neither a field nor a question "
		     "of survey \"t\"; ignored\n"
		     "a.json:0 a.json\n"
		     "end\n");

	struct vmat_read_options strict = { .strict = true };
	static const char *const paths2[] = { "extra.csv", "a.json" };
	assert_trace(f->s, paths2, &strict,
		     "EINVAL\n"
		     "extra.csv:1: error: column \"colour\": neither a field nor a question "
		     "of survey \"t\"\n"
		     "a.json:0 a.json\n"
		     "end\n");
}

/* An empty CSV file (or one with only a BOM) has no header: an error. A file
 * with a header and no rows holds no response, and that is fine; a warning
 * about its header is still given, even as the last input. */
static void
test_empty_csv(void **state)
{
	struct fixture *f = *state;
	write_file("empty.csv", "");
	write_file("bom.csv", "\xEF\xBB\xBF");
	write_file("header.csv", "customer,region,date,q\n");
	write_file("unknown.csv", "customer,region,date,colour\n");
	write_response("a.json");
	static const char *const paths[] = { "empty.csv", "bom.csv", "header.csv", "a.json",
					     "unknown.csv" };
	assert_trace(f->s, paths, NULL,
		     "EINVAL\n"
		     "empty.csv: error: empty file: expected a header row\n"
		     "EINVAL\n"
		     "bom.csv: error: empty file: expected a header row\n"
		     "a.json:0 a.json\n"
		     "end\n"
		     "unknown.csv:1: warning: column \"colour\": neither a field nor a question "
		     "of survey \"t\"; ignored\n");
}

/* Reads the ids of every response of paths into ids (n of them). */
static void
read_ids(const struct vmat_survey *s, const char *const *paths, size_t npaths, char ids[][40],
	 size_t n)
{
	struct vmat_reader *r;
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	assert_int_equal(vmat_reader_create(&r, s, paths, npaths, NULL), VMAT_OK);
	const struct vmat_response *resp;
	size_t i = 0;
	int rc;
	while ((rc = vmat_reader_next(r, &resp, d)) == 1) {
		assert_true(i < n);
		assert_non_null(resp->id);
		assert_string_equal(resp->id, resp->fields[0]);	/* field 0 is id */
		snprintf(ids[i++], 40, "%s", resp->id);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(i, n);
	assert_int_equal(vmat_diags_count(d), 0);
	vmat_reader_destroy(r);
	vmat_diags_destroy(d);
}

/* reference §3: a response without an id gets one derived from its content, the
 * same on every run; different rows get different ids; a given id is kept. */
static void
test_derived_id(void **state)
{
	struct fixture *f = *state;
	write_file("rows.csv", "customer,region,date,q\n"
			       "One,NA,2010-01-01,hi\n"
			       "Two,NA,2010-01-01,hi\n"
			       "One,NA,2010-01-01,lo\n");
	write_response("a.json");
	write_file("given.csv", "id,customer,region,date\nmine,One,NA,2010-01-01\n");
	static const char *const paths[] = { "rows.csv", "a.json" };
	char first[4][40], second[4][40];
	read_ids(f->s, paths, 2, first, 4);
	read_ids(f->s, paths, 2, second, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(first[i], second[i]);
		for (size_t k = 0; k < i; k++) {
			assert_string_not_equal(first[i], first[k]);
		}
	}

	static const char *const given[] = { "given.csv" };
	char ids[1][40];
	read_ids(f->s, given, 1, ids, 1);
	assert_string_equal(ids[0], "mine");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_input_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_csv_many_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_in_the_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_unknown_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_derived_id, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
