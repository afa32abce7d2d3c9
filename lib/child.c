/* Running a helper program (gnuplot for the charts, Chromium for the PDF)
 * and fixing what it stamps into a PDF. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "private.h"

extern char **environ;

int
child_run(char *const argv[], const char *what, int timeout, char *msg, size_t size)
{
	int pipefd[2];
	msg[0] = '\0';
	if (pipe(pipefd) != 0) {
		snprintf(msg, size, "cannot run %s: %s", what, strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	pid_t pid;
	int err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (err != 0) {
		close(pipefd[0]);
		if (err == ENOENT) {
			return ENOENT;
		}
		snprintf(msg, size, "cannot run %s: %s", what, strerror(err));
		return -1;
	}
	size_t len = 0;
	bool timed_out = false;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = (long)timeout * 1000 - ((now.tv_sec - start.tv_sec) * 1000 +
						    (now.tv_nsec - start.tv_nsec) / 1000000);
		struct pollfd p = { .fd = pipefd[0], .events = POLLIN };
		if (left <= 0) {
			timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		int n = poll(&p, 1, (int)left);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		char buf[512];
		ssize_t got = n > 0 ? read(pipefd[0], buf, sizeof(buf)) : 0;
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got <= 0 && n != 0) {
			break;	/* EOF: the program (and any child it made) is done */
		}
		size_t keep = (size_t)got < size - 1 - len ? (size_t)got : size - 1 - len;
		memcpy(msg + len, buf, keep);
		len += keep;
		msg[len] = '\0';
	}
	close(pipefd[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	if (timed_out) {
		snprintf(msg, size, "%s took longer than %d second%s and was stopped", what,
			 timeout, timeout == 1 ? "" : "s");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && len == 0) {
		return ENOENT;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) {
			msg[--len] = '\0';
		}
		if (len == 0) {
			snprintf(msg, size, "%s failed (status %d)", what,
				 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		}
		return -1;
	}
	return 0;
}

/* Sets the dates after each key in buf[0..n) (read from offset base of fp). */
static void
unstamp(FILE *fp, const char *buf, size_t n, long base)
{
	static const char *const keys[] = { "/CreationDate (D:", "/ModDate (D:" };
	for (size_t k = 0; k < COUNT(keys); k++) {
		size_t klen = strlen(keys[k]);
		for (size_t i = 0; i + klen <= n; i++) {
			if (memcmp(buf + i, keys[k], klen) != 0) {
				continue;	/* the PDF may hold NUL bytes: no strstr */
			}
			size_t at = i + klen;
			if (at + 14 > n || strspn(buf + at, "0123456789") < 14 ||
			    fseek(fp, base + (long)at, SEEK_SET) != 0) {
				continue;
			}
			fwrite("19700101000000", 1, 14, fp);
			/* a time zone, +HH'MM (Skia, cairo): UTC, so that the
			 * file does not depend on TZ either */
			at += 14;
			if (at + 6 <= n && (buf[at] == '+' || buf[at] == '-') &&
			    strspn(buf + at + 1, "0123456789") >= 2 && buf[at + 3] == '\'' &&
			    fseek(fp, base + (long)at, SEEK_SET) == 0) {
				fwrite("+00'00", 1, 6, fp);
			}
		}
	}
}

void
pdf_unstamp(const char *path)
{
	FILE *fp = fopen(path, "r+b");
	if (!fp) {
		return;
	}
	/* The Info dictionary is near the end (cairo) or the start (Skia):
	 * look at the first and the last 64 KiB. */
	char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	unstamp(fp, buf, n, 0);
	if (n == sizeof(buf) - 1 && fseek(fp, -(long)(sizeof(buf) - 1), SEEK_END) == 0) {
		long base = ftell(fp);
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		buf[n] = '\0';
		unstamp(fp, buf, n, base);
	}
	fclose(fp);
}
