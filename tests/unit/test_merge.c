/* vmat_merge() (reference §8, issue 18), through the public API, over real
 * files in a temporary directory: the lock on DIR, bulk CSV from a stream,
 * and what a failed merge leaves. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

static const char survey_json[] =
	"{\"format\":\"vmat-survey/1\",\"id\":\"t\",\"version\":2,\"title\":\"T\","
	"\"stages\":[{\"id\":\"one\",\"name\":\"One\",\"requires\":{\"c\":1}}],"
	"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"}],"
	"\"questions\":[{\"id\":\"q\",\"type\":\"choice\",\"dimension\":\"c\",\"text\":\"Q\","
	"\"choices\":[{\"id\":\"lo\",\"label\":\"Lo\",\"level\":0},"
	"{\"id\":\"hi\",\"label\":\"Hi\",\"level\":1}]}]}";

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
	strcpy(f->dir, "/tmp/vmat-test-merge-XXXXXX");
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
	return rc;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

static size_t
count_files(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = 0;
	assert_int_equal(fscanf(p, "%zu", &n), 1);
	pclose(p);
	return n;
}

/* The test holds the lock on DIR itself (another open file description, so
 * flock() conflicts within one process); on_wait releases it. */
struct lock_calls {
	int held_fd;
	int waits, locks;
};

static void
on_wait(void *ctx, const char *dir)
{
	struct lock_calls *c = ctx;
	assert_string_equal(dir, "all");
	c->waits++;
	assert_int_equal(flock(c->held_fd, LOCK_UN), 0);
}

static void
on_lock(void *ctx, const char *dir)
{
	struct lock_calls *c = ctx;
	assert_string_equal(dir, "all");
	c->locks++;
	/* now held by the merge: another taker is refused */
	int fd = open("all", O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	close(fd);
}

static void
test_waits_for_the_lock(void **state)
{
	(void)state;
	write_file("one.json", "{\"format\":\"vmat-response/1\",\"survey\":\"t\",\"id\":\"a1\","
			       "\"customer\":\"Koala Air\",\"date\":\"2013-01-30\"}\n");
	assert_int_equal(mkdir("all", 0700), 0);
	struct lock_calls calls = { .held_fd = open("all", O_RDONLY | O_DIRECTORY) };
	assert_true(calls.held_fd >= 0);
	assert_int_equal(flock(calls.held_fd, LOCK_EX), 0);
	struct vmat_merge_options opt = { .on_wait = on_wait, .on_lock = on_lock, .ctx = &calls };
	const char *inputs[] = { "one.json" };
	struct vmat_merge_counts n;
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	assert_int_equal(vmat_merge("all", inputs, 1, &opt, &n, d), VMAT_OK);
	assert_int_equal(vmat_diags_count(d), 0);
	assert_int_equal(calls.waits, 1);
	assert_int_equal(calls.locks, 1);
	assert_int_equal(n.added, 1);
	/* released at the end: the lock can be taken again at once */
	assert_int_equal(flock(calls.held_fd, LOCK_EX | LOCK_NB), 0);
	close(calls.held_fd);
	struct stat st;
	assert_int_equal(stat("all/2013-01-30-koala-air-a1.json", &st), 0);
	vmat_diags_destroy(d);
}

static void
test_csv_from_a_stream(void **state)
{
	struct fixture *f = *state;
	static const char csv[] = "id,customer,region,date,q,note:q\n"
				  "r1,Koala Air,APJ,2013-01-30,hi,\"fine, \"\"mostly\"\"\"\n"
				  "r2,Andes Retail,LATAM,2010-03-10,,\n";
	FILE *in = fmemopen((void *)csv, sizeof(csv) - 1, "r");
	assert_non_null(in);
	struct vmat_merge_options opt = { .survey = f->s, .stdin_fp = in };
	const char *inputs[] = { "-" };
	struct vmat_merge_counts n;
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	assert_int_equal(vmat_merge("all", inputs, 1, &opt, &n, d), VMAT_OK);
	fclose(in);
	char *text = diags_text(d);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(n.added, 2);
	assert_int_equal(count_files("all"), 2);
	/* the file vmat import would write: vmat_response_write_json() */
	FILE *fp = fopen("all/2013-01-30-koala-air-1.json", "r");
	assert_non_null(fp);
	char buf[1024];
	size_t len = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	assert_string_equal(buf, "{\n"
				 "  \"format\": \"vmat-response/1\",\n"
				 "  \"survey\": \"t\",\n"
				 "  \"survey_version\": 2,\n"
				 "  \"id\": \"r1\",\n"
				 "  \"customer\": \"Koala Air\",\n"
				 "  \"region\": \"APJ\",\n"
				 "  \"date\": \"2013-01-30\",\n"
				 "  \"answers\": {\n"
				 "    \"q\": \"hi\"\n"
				 "  },\n"
				 "  \"notes\": {\n"
				 "    \"q\": \"fine, \\\"mostly\\\"\"\n"
				 "  }\n"
				 "}\n");
	/* without a survey, a bulk CSV input is an invalid input */
	const char *again[] = { "x.csv" };
	write_file("x.csv", csv);
	assert_int_equal(vmat_merge("all", again, 1, NULL, &n, d), VMAT_EINVAL);
	assert_int_equal(n.invalid, 1);
	text = diags_text(d);
	assert_string_equal(text, "x.csv: error: a bulk CSV input needs the survey (-s SURVEY)\n");
	free(text);
	vmat_diags_destroy(d);
}

static void
test_failure_leaves_no_directory(void **state)
{
	(void)state;
	write_file("a.json", "{\"format\":\"vmat-response/1\",\"id\":\"x\",\"date\":\"2013-01-30\","
			     "\"customer\":\"A\",\"answers\":{\"q\":\"lo\"}}\n");
	write_file("b.json", "{\"format\":\"vmat-response/1\",\"id\":\"x\",\"date\":\"2013-01-30\","
			     "\"customer\":\"A\",\"answers\":{\"q\":\"hi\"}}\n");
	const char *inputs[] = { "a.json", "b.json" };
	struct vmat_merge_counts n;
	struct vmat_diags *d;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	assert_int_equal(vmat_merge("new", inputs, 2, NULL, &n, d), VMAT_EINVAL);
	assert_int_equal(n.conflicts, 1);
	assert_int_equal(n.added, 0);
	struct stat st;
	assert_int_equal(stat("new", &st), -1);
	/* an existing directory stays, as it was */
	assert_int_equal(mkdir("there", 0700), 0);
	assert_int_equal(vmat_merge("there", inputs, 2, NULL, &n, d), VMAT_EINVAL);
	assert_int_equal(stat("there", &st), 0);
	assert_int_equal(count_files("there"), 0);
	vmat_diags_destroy(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_waits_for_the_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_from_a_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_leaves_no_directory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
