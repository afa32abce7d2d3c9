#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

void
print_diags(struct vmat_diags *diags)
{
	for (size_t i = 0; i < vmat_diags_count(diags); i++) {
		vmat_diag_print(stderr, vmat_diags_get(diags, i));
	}
	vmat_diags_clear(diags);
}

void
print_diags_of(const char *cmd, struct vmat_diags *diags)
{
	for (size_t i = 0; i < vmat_diags_count(diags); i++) {
		const struct vmat_diag *d = vmat_diags_get(diags, i);
		if (!d->file[0]) {
			fprintf(stderr, "vmat %s: ", cmd);
		}
		vmat_diag_print(stderr, d);
	}
	vmat_diags_clear(diags);
}

static void
vtell(const char *cmd, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "vmat %s: ", cmd);
	vmat_fput_text(stderr, msg);
	putc('\n', stderr);
}

void
tell(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vtell(cmd, fmt, ap);
	va_end(ap);
}

int
usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vtell(cmd, fmt, ap);
	fprintf(stderr, "Try 'vmat %s --help'.\n", cmd);
	va_end(ap);
	return EXIT_USAGE;
}

int
parse_format(const char *cmd, const char *arg, enum vmat_format *format)
{
	static const struct {
		const char *name;
		enum vmat_format format;
	} formats[] = { { "csv", VMAT_FORMAT_CSV },
			{ "json", VMAT_FORMAT_JSON },
			{ "table", VMAT_FORMAT_TABLE } };
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(arg, formats[i].name) == 0) {
			*format = formats[i].format;
			return EXIT_OK;
		}
	}
	return usage_error(cmd, "unknown format '%s' (expected csv, json or table)", arg);
}

int
reading_aggregate(struct reading *r, int argc, char **argv,
		  const struct vmat_report_options *opt, struct vmat_agg **out, int *rc)
{
	*out = NULL;
	struct vmat_report_options o = *opt;
	o.aliases = r->aliases;
	*rc = vmat_agg_create(out, r->survey, &o, r->diags);
	if (*rc == VMAT_EINVAL) {
		for (size_t i = 0; i < vmat_diags_count(r->diags); i++) {
			const struct vmat_diag *d = vmat_diags_get(r->diags, i);
			usage_error(r->cmd, "%s: %s", d->where, d->msg);
		}
		return EXIT_USAGE;
	}
	int status = EXIT_DATA;
	if (*rc == VMAT_OK) {
		status = reading_run(r, argc, argv, &vmat_agg_sink, *out);
		*rc = r->rc != VMAT_OK ? r->rc : vmat_agg_finish(*out);
	}
	if (*rc == VMAT_OK) {
		/* reference §9: names the customer keys join, said once */
		*rc = vmat_agg_warnings(*out, r->diags);
		print_diags_of(r->cmd, r->diags);
	}
	return status;
}

int
parse_by(const char *cmd, char *list, const char **by, size_t *nby)
{
	static char default_by[] = "region";
	*nby = 0;
	for (char *tok = strtok(list ? list : default_by, ","); tok; tok = strtok(NULL, ",")) {
		if (*nby == MAX_BY_FIELDS) {
			return usage_error(cmd, "--by takes at most %d fields", MAX_BY_FIELDS);
		}
		by[(*nby)++] = tok;
	}
	if (*nby == 0) {
		return usage_error(cmd, "--by needs at least one field");
	}
	return EXIT_OK;
}

int
load_survey(struct vmat_survey **out, const char *path, struct vmat_diags *diags)
{
	int rc = vmat_survey_load(out, path, diags);
	print_diags(diags);
	if (rc == VMAT_ENOMEM) {
		fprintf(stderr, "vmat: out of memory\n");
	}
	return rc == VMAT_OK ? EXIT_OK : EXIT_DATA;
}

int
finish_stdout(const char *cmd)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "vmat %s: cannot write to standard output: %s\n", cmd,
			errno ? strerror(errno) : "write error");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static double
seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Progress only for people: on a terminal, for work that takes more than a
 * second. */
struct progress {
	const char *cmd;
	double start, shown;
};

static void
show_diags(void *ctx, struct vmat_diags *diags)
{
	(void)ctx;
	print_diags(diags);
}

static void
show_progress(void *ctx, size_t valid, size_t invalid)
{
	(void)invalid;
	struct progress *p = ctx;
	double now = seconds();
	if (now - p->start > 1 && now - p->shown > 0.25) {
		fprintf(stderr, "\rvmat %s: %zu responses read (%.0f/s)", p->cmd, valid,
			(double)valid / (now - p->start));
		p->shown = now;
	}
}

/* The sink's context, with the progress shown next to it. */
struct run_ctx {
	struct progress progress;
	const struct vmat_sink *sink;
	void *ctx;
};

static void *
ctx_part_create(void *ctx)
{
	struct run_ctx *c = ctx;
	return c->sink->part_create(c->ctx);
}

static int
ctx_part_merge(void *ctx, void *part)
{
	struct run_ctx *c = ctx;
	return c->sink->part_merge(c->ctx, part);
}

static bool
ctx_any_order(void *ctx)
{
	struct run_ctx *c = ctx;
	return c->sink->any_order && c->sink->any_order(c->ctx);
}

int
each_response(const struct vmat_survey *survey, char **inputs, size_t ninputs,
	      const struct vmat_run_options *opt, const struct vmat_sink *sink, void *ctx,
	      struct vmat_run_counts *counts, const char *progress)
{
	struct run_ctx c = { .progress = { .cmd = progress }, .sink = sink, .ctx = ctx };
	struct vmat_sink wrapped = *sink;
	wrapped.part_create = ctx_part_create;
	wrapped.part_merge = ctx_part_merge;
	wrapped.any_order = ctx_any_order;
	struct vmat_run_options o = *opt;
	o.diags = show_diags;
	if (progress && isatty(STDERR_FILENO)) {
		o.progress = show_progress;
		c.progress.start = c.progress.shown = seconds();
	}
	int rc = vmat_run(survey, (const char *const *)inputs, ninputs, &o, &wrapped, &c, counts);
	if (c.progress.shown > c.progress.start) {
		fputs("\r\033[K", stderr);	/* the line is cleared for what comes next */
	}
	return rc;
}

/* One line for what was read once: files given again, duplicate responses. */
static void
show_read_once(const char *cmd, const struct vmat_run_counts *n)
{
	if (!n->repeated && !n->duplicates) {
		return;
	}
	fprintf(stderr, "vmat %s: warning: read once:", cmd);
	if (n->repeated) {
		fprintf(stderr, " %zu input%s given again", n->repeated, n->repeated == 1 ? "" : "s");
	}
	if (n->duplicates) {
		fprintf(stderr, "%s %zu duplicate response%s (the same id and content)",
			n->repeated ? "," : "", n->duplicates, n->duplicates == 1 ? "" : "s");
	}
	fputc('\n', stderr);
}

int
invalid_status(const char *cmd, size_t valid, size_t invalid, bool skip_invalid)
{
	if (!invalid) {
		return EXIT_OK;
	}
	if (skip_invalid) {
		fprintf(stderr, "vmat %s: skipped %zu invalid response%s; %zu scored\n", cmd, invalid,
			invalid == 1 ? "" : "s", valid);
		return EXIT_OK;
	}
	fprintf(stderr, "vmat %s: %zu of %zu responses invalid\n", cmd, invalid, invalid + valid);
	return EXIT_DATA;
}

const char *
default_templates(void)
{
	/* A vmat run from its build tree uses the templates of its source tree;
	 * an installed one, those installed beside it (bin/../share/...), which
	 * also holds when the installation was staged or moved. */
	static char beside[4096 + 64];
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t root = strlen(VMAT_BUILD_ROOT);
	if (n > 0) {
		exe[n] = '\0';
		if (strncmp(exe, VMAT_BUILD_ROOT, root) == 0 && exe[root] == '/') {
			return VMAT_SOURCE_TEMPLATES;
		}
		char *slash = strrchr(exe, '/');
		struct stat st;
		if (slash) {
			*slash = '\0';
			snprintf(beside, sizeof(beside), "%s/%s", exe, VMAT_RELATIVE_TEMPLATES);
			if (stat(beside, &st) == 0 && S_ISDIR(st.st_mode)) {
				return beside;
			}
		}
	}
	return VMAT_INSTALLED_TEMPLATES;
}

int
option_error(const char *cmd, int c, char **argv, const struct option *options)
{
	const char *arg = argv[optind - 1];
	if (c == ':') {
		return usage_error(cmd, "option '%s' needs a value", arg);
	}
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
	const char *names[32];
	char spelled[32][40];
	size_t n = 0;
	for (; options[n].name && n < 32; n++) {
		snprintf(spelled[n], sizeof(spelled[n]), "--%s", options[n].name);
		names[n] = spelled[n];
	}
	const char *guess = strncmp(name, "--", 2) == 0 ? vmat_nearest(name, names, n) : NULL;
	if (guess) {
		return usage_error(cmd, "unknown option '%s'; did you mean '%s'?", name, guess);
	}
	return usage_error(cmd, "unknown option '%s'", name);
}

bool
parse_delimiter(const char *arg, char *out)
{
	if ((arg[0] != ',' && arg[0] != ';') || arg[1]) {
		return false;
	}
	*out = arg[0];
	return true;
}

bool
reading_option(struct reading *r, int c, const char *arg)
{
	switch (c) {
	case 's':
		r->survey_path = arg;
		return true;
	case OPT_STRICT:
		r->run.read.strict = true;
		return true;
	case OPT_THREADS: {
		char *end;
		errno = 0;
		unsigned long n = strtoul(arg, &end, 10);
		if (errno || *end || !*arg || arg[0] == '-' || n == 0 || n > 1024) {
			r->bad_threads = arg;
		} else {
			r->run.threads = (unsigned)n;
		}
		return true;
	}
	case OPT_SKIP_INVALID:
		r->skip_invalid = true;
		return true;
	case OPT_DELIMITER:
		if (!parse_delimiter(arg, &r->run.read.delimiter)) {
			r->bad_delimiter = arg;
		}
		return true;
	case OPT_NO_CSV_GUARD:
		r->guard = false;
		return true;
	case OPT_ALIASES:
		r->aliases_path = arg;
		return true;
	case 'q':
		r->quiet = true;
		return true;
	default:
		return false;
	}
}

int
reading_start(struct reading *r, int argc)
{
	if (r->bad_threads) {
		return usage_error(r->cmd, "--threads takes a whole number from 1 to 1024, not '%s'",
				   r->bad_threads);
	}
	if (r->bad_delimiter) {
		return usage_error(r->cmd, "--delimiter takes ',' or ';', not '%s'", r->bad_delimiter);
	}
	if (!r->survey_path) {
		return usage_error(r->cmd, "no survey given (-s SURVEY)");
	}
	if (optind == argc) {
		return usage_error(r->cmd, "no input given (files, directories or -)");
	}
	if (vmat_diags_create(&r->diags) != VMAT_OK) {
		fprintf(stderr, "vmat %s: out of memory\n", r->cmd);
		return EXIT_DATA;
	}
	int status = load_survey(&r->survey, r->survey_path, r->diags);
	if (status == EXIT_OK && r->aliases_path) {
		int rc = vmat_aliases_read(&r->aliases, r->aliases_path, r->diags);
		print_diags_of(r->cmd, r->diags);
		if (rc == VMAT_ENOMEM) {
			fprintf(stderr, "vmat %s: out of memory\n", r->cmd);
		}
		status = rc == VMAT_OK ? EXIT_OK : EXIT_DATA;
	}
	return status;
}

int
reading_run(struct reading *r, int argc, char **argv, const struct vmat_sink *sink, void *ctx)
{
	r->run.conflicts_left_out = r->skip_invalid;
	int rc = each_response(r->survey, argv + optind, (size_t)(argc - optind), &r->run, sink,
			       ctx, &r->counts, r->quiet ? NULL : r->cmd);
	r->rc = rc;
	if (rc == VMAT_OK) {
		show_read_once(r->cmd, &r->counts);
	}
	if (rc == VMAT_ENOMEM) {
		fprintf(stderr, "vmat %s: out of memory\n", r->cmd);
		return EXIT_DATA;
	}
	if (rc == VMAT_EIO) {
		return EXIT_DATA;	/* a write error: the caller says which */
	}
	return invalid_status(r->cmd, r->counts.valid, r->counts.invalid, r->skip_invalid);
}

int
reading_end(struct reading *r, int status)
{
	vmat_aliases_destroy(r->aliases);
	vmat_survey_destroy(r->survey);
	vmat_diags_destroy(r->diags);
	return status;
}

void
test_hold(const char *var, const char *said)
{
	const char *fifo = getenv(var);
	if (!fifo || !*fifo) {
		return;
	}
	char buf[64];
	int fd = open(fifo, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)!write(fd, said, strlen(said));
		(void)!write(fd, "\n", 1);
		close(fd);
	}
	fd = open(fifo, O_RDONLY | O_CLOEXEC);
	while (fd >= 0 && read(fd, buf, sizeof(buf)) > 0) {
	}
	if (fd >= 0) {
		close(fd);
	}
}
