/* vmat_outdir (issue 18 §3), over real directories in a temporary one: the
 * swap, what is carried over and what is not, the way without
 * RENAME_EXCHANGE, and what dead runs left. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

static const char *const owned[] = { "summary.csv", "stale.csv", "charts/*.svg", NULL };

struct fixture {
	char dir[64];
	char cwd[4096];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_non_null(getcwd(f->cwd, sizeof(f->cwd)));
	strcpy(f->dir, "/tmp/vmat-test-outdir-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(chdir(f->dir), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = chdir(f->cwd);
	rc |= remove_tree(f->dir);
	free(f);
	return rc;
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The file's text (up to 63 bytes), or "" when it is missing. */
static const char *
get(const char *path)
{
	static char buf[64];
	buf[0] = '\0';
	FILE *fp = fopen(path, "r");
	if (fp) {
		buf[fread(buf, 1, sizeof(buf) - 1, fp)] = '\0';
		fclose(fp);
	}
	return buf;
}

static bool
exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* The entries of the current directory that start with `prefix`. */
static int
count(const char *prefix)
{
	FILE *ls = popen("ls -A", "r");
	char line[256];
	int n = 0;
	while (ls && fgets(line, sizeof(line), ls)) {
		n += strncmp(line, prefix, strlen(prefix)) == 0;
	}
	if (ls) {
		pclose(ls);
	}
	return n;
}

/* A pid that no process has: a child's that has ended. */
static long
dead_pid(void)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		_exit(0);
	}
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return (long)pid;
}

/* Writes summary.csv ("new") as a new version of dir, the exchange failing
 * with swap_error (0: not); returns commit's rc. */
static int
write_new(const char *dir, int swap_error)
{
	struct vmat_diags *diags;
	assert_int_equal(vmat_diags_create(&diags), VMAT_OK);
	struct vmat_outdir *d;
	assert_int_equal(vmat_outdir_open(&d, dir, owned, diags), VMAT_OK);
	outdir_swap_error(d, swap_error);
	char path[4200];
	snprintf(path, sizeof(path), "%s/summary.csv", vmat_outdir_path(d));
	put(path, "new");
	int rc = vmat_outdir_commit(d, diags);
	char *text = diags_text(diags);
	char said[256] = "";
	if (swap_error == EXDEV) {
		snprintf(said, sizeof(said), "%s: warning: cannot be renamed (%s); its files were "
			 "replaced one by one, not all in one step\n", dir, strerror(EXDEV));
	}
	assert_string_equal(text, said);
	free(text);
	vmat_diags_destroy(diags);
	return rc;
}

static void
test_new_dir(void **state)
{
	(void)state;
	assert_int_equal(write_new("out", 0), VMAT_OK);
	assert_string_equal(get("out/summary.csv"), "new");
	assert_int_equal(count(".out"), 0);
}

/* Not carried: vmat's files, a dead run's temporary file, a directory that
 * held only vmat's files. Carried, the same files: everything else. */
static void
test_replaces_whole(void **state)
{
	(void)state;
	char dead[64], live[64];
	snprintf(dead, sizeof(dead), "out/.summary.csv.tmp-%ld-0", dead_pid());
	snprintf(live, sizeof(live), "out/.summary.csv.tmp-%ld-0", (long)getppid());
	assert_int_equal(mkdir("out", 0750), 0);
	assert_int_equal(mkdir("out/charts", 0777), 0);
	assert_int_equal(mkdir("out/drafts", 0777), 0);
	assert_int_equal(mkdir("out/empty", 0777), 0);
	put("out/summary.csv", "old");
	put("out/stale.csv", "old");
	put("out/notes.txt", "mine");
	put("out/drafts/a", "draft");
	put("out/charts/stages.svg", "old");
	put(dead, "x");
	put(live, "x");
	assert_int_equal(symlink("notes.txt", "out/link"), 0);
	assert_int_equal(chmod("out/drafts", 0500), 0);
	struct stat before, after;
	assert_int_equal(stat("out/notes.txt", &before), 0);
	assert_int_equal(write_new("out", 0), VMAT_OK);
	assert_string_equal(get("out/summary.csv"), "new");
	assert_false(exists("out/stale.csv"));
	assert_false(exists("out/charts"));
	assert_false(exists(dead));
	assert_true(exists(live));
	assert_true(exists("out/empty"));
	assert_string_equal(get("out/drafts/a"), "draft");
	assert_string_equal(get("out/link"), "mine");
	assert_int_equal(stat("out/notes.txt", &after), 0);
	assert_true(before.st_ino == after.st_ino);
	assert_int_equal(stat("out", &after), 0);
	assert_int_equal(after.st_mode & 07777, 0750);
	assert_int_equal(stat("out/drafts", &after), 0);
	assert_int_equal(after.st_mode & 07777, 0500);
	assert_int_equal(chmod("out/drafts", 0700), 0);	/* for teardown() */
	assert_int_equal(count(".out"), 0);
}

/* EINVAL: no RENAME_EXCHANGE, two renames; EXDEV: DIR cannot be renamed,
 * its files are replaced in turn (and an earlier run's stay). */
static void
test_without_exchange(void **state)
{
	(void)state;
	const int errs[] = { EINVAL, EXDEV };
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(mkdir("out", 0777), 0);
		assert_int_equal(mkdir("out/charts", 0777), 0);
		put("out/summary.csv", "old");
		put("out/stale.csv", "old");
		put("out/notes.txt", "mine");
		put("out/charts/mine.txt", "mine");
		assert_int_equal(write_new("out", errs[i]), VMAT_OK);
		assert_string_equal(get("out/summary.csv"), "new");
		assert_string_equal(get("out/notes.txt"), "mine");
		assert_string_equal(get("out/charts/mine.txt"), "mine");
		assert_true(exists("out/stale.csv") == (errs[i] == EXDEV));
		assert_int_equal(count(".out"), 0);
		assert_int_equal(remove_tree("out"), 0);
	}
}

static void
test_abort_leaves_dir(void **state)
{
	(void)state;
	assert_int_equal(mkdir("out", 0777), 0);
	put("out/summary.csv", "old");
	struct vmat_diags *diags;
	assert_int_equal(vmat_diags_create(&diags), VMAT_OK);
	struct vmat_outdir *d;
	assert_int_equal(vmat_outdir_open(&d, "out", owned, diags), VMAT_OK);
	assert_int_equal(count(".out.new-"), 1);
	vmat_outdir_abort(d);
	vmat_diags_destroy(diags);
	assert_string_equal(get("out/summary.csv"), "old");
	assert_int_equal(count(".out"), 0);
}

/* A dead run's siblings are removed, and its old version put back when DIR
 * is missing; a live run's stay: its pid is alive, or it holds the lock. */
static void
test_leftovers(void **state)
{
	(void)state;
	long dead = dead_pid();
	char old[64], new[64], live[64], locked[64];
	snprintf(old, sizeof(old), ".out.old-%ld", dead);
	snprintf(new, sizeof(new), ".out.new-%ld", dead);
	snprintf(live, sizeof(live), ".out.new-%ld", (long)getppid());
	snprintf(locked, sizeof(locked), ".out.new-%ld", dead_pid());
	assert_int_equal(mkdir(old, 0777), 0);
	assert_int_equal(mkdir(new, 0777), 0);
	assert_int_equal(mkdir(live, 0777), 0);
	assert_int_equal(mkdir(locked, 0777), 0);
	char path[128];
	snprintf(path, sizeof(path), "%s/notes.txt", old);
	put(path, "mine");
	snprintf(path, sizeof(path), "%s/summary.csv", new);
	put(path, "killed");
	int fd = open(locked, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(write_new("out", 0), VMAT_OK);
	close(fd);
	assert_string_equal(get("out/notes.txt"), "mine");
	assert_string_equal(get("out/summary.csv"), "new");
	assert_false(exists(old));
	assert_false(exists(new));
	assert_true(exists(live));
	assert_true(exists(locked));
}

/* A link to a directory keeps pointing at it; the current directory and a
 * file are refused. */
static void
test_link_cwd_file(void **state)
{
	(void)state;
	assert_int_equal(mkdir("real", 0777), 0);
	assert_int_equal(symlink("real", "link"), 0);
	assert_int_equal(write_new("link/", 0), VMAT_OK);
	assert_string_equal(get("real/summary.csv"), "new");
	struct stat st;
	assert_int_equal(lstat("link", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(count(".real"), 0);

	struct vmat_diags *diags;
	assert_int_equal(vmat_diags_create(&diags), VMAT_OK);
	struct vmat_outdir *d;
	put("file", "x");
	assert_int_equal(vmat_outdir_open(&d, "file", owned, diags), VMAT_EIO);
	assert_null(d);
	assert_int_equal(chdir("real"), 0);
	assert_int_equal(vmat_outdir_open(&d, ".", owned, diags), VMAT_EIO);
	assert_int_equal(vmat_outdir_open(&d, "../real", owned, diags), VMAT_EIO);
	assert_int_equal(chdir(".."), 0);
	char *text = diags_text(diags);
	assert_string_equal(text, "file: error: not a directory\n"
			    ".: error: is the current directory; it is replaced whole, so run "
			    "vmat from outside it\n"
			    "../real: error: is the current directory; it is replaced whole, so "
			    "run vmat from outside it\n");
	free(text);
	vmat_diags_destroy(diags);
	assert_int_equal(count(".real"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaces_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_exchange, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_leaves_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leftovers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_cwd_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
