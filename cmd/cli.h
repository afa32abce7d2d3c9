/* What the subcommands of the vmat CLI share. */
#ifndef VMAT_CLI_H
#define VMAT_CLI_H

#include "vmat.h"

/* reference §8 exit status */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,		/* invalid input data, or output that could not be written */
	EXIT_USAGE = 2,
};

int cmd_check(int argc, char **argv);
int cmd_interview(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_peers(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_sample(int argc, char **argv);

/* Prints the diagnostics to stderr and empties the list. */
void print_diags(struct vmat_diags *diags);
/* The same, with "vmat CMD: " before those that name no file. */
void print_diags_of(const char *cmd, struct vmat_diags *diags);

/* Prints "vmat CMD: MESSAGE" and a line break on stderr, the message's
 * control characters escaped (a file name or an argument may hold them). */
void tell(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "vmat CMD: MESSAGE" and a pointer to --help on stderr; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For getopt_long() with an optstring starting ":": the usage error for the
 * option it could not take (c is ':' for a missing value, '?' otherwise),
 * with the nearest long option when it looks like a typo. */
struct option;
int option_error(const char *cmd, int c, char **argv, const struct option *options);

/* --format csv|json|table, as vmat score takes it. Returns EXIT_OK or the
 * usage error's EXIT_USAGE. */
int parse_format(const char *cmd, const char *arg, enum vmat_format *format);

/* --by FIELD[,FIELD...] (NULL: region) into by[0..*nby), pointing into list
 * (cut at its commas). Returns EXIT_OK or the usage error's EXIT_USAGE. */
enum { MAX_BY_FIELDS = 16 };
int parse_by(const char *cmd, char *list, const char **by, size_t *nby);

/* --delimiter=,|; (reference §3): the delimiter into *out; false for another
 * value. */
bool parse_delimiter(const char *arg, char *out);

/* Loads the survey named by -s, printing its problems. Returns EXIT_OK or
 * EXIT_DATA. */
int load_survey(struct vmat_survey **out, const char *path, struct vmat_diags *diags);

/* What score, report, export and explain share: their common options, the
 * survey, and the loop over the inputs. */
enum { OPT_STRICT = 1000, OPT_SKIP_INVALID, OPT_NO_CSV_GUARD, OPT_THREADS, OPT_ALIASES,
       OPT_DELIMITER };
#define READING_OPTIONS                                                                        \
	{ "survey", required_argument, NULL, 's' }, { "strict", no_argument, NULL, OPT_STRICT }, \
		{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },                       \
		{ "quiet", no_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' },        \
		{ "threads", required_argument, NULL, OPT_THREADS },                           \
		{ "delimiter", required_argument, NULL, OPT_DELIMITER }
#define CSV_GUARD_OPTION { "no-csv-guard", no_argument, NULL, OPT_NO_CSV_GUARD }
/* --aliases FILE, of the commands that follow customers (reference §9) */
#define ALIASES_OPTION { "aliases", required_argument, NULL, OPT_ALIASES }

struct reading {
	const char *cmd;
	const char *survey_path;
	struct vmat_run_options run;
	const char *bad_threads;	/* a --threads value to refuse */
	const char *bad_delimiter;	/* a --delimiter value to refuse */
	bool skip_invalid, quiet;
	bool guard;		/* CSV output: the formula guard (reference §6) */
	const char *aliases_path;	/* ALIASES_OPTION */
	struct vmat_survey *survey;
	struct vmat_aliases *aliases;	/* read by reading_start(), or NULL */
	struct vmat_diags *diags;
	struct vmat_run_counts counts;
	int rc;			/* reading_run(): what vmat_run() returned */
};

/* Takes option c if it is one of READING_OPTIONS, CSV_GUARD_OPTION or ALIASES_OPTION (but
 * -h, which the command answers itself); false otherwise. */
bool reading_option(struct reading *r, int c, const char *arg);

/* After the options: checks that -s and an input were given (usage errors),
 * loads the survey and the aliases. Returns EXIT_OK, or the status to exit with. */
int reading_start(struct reading *r, int argc);

/* Reads and scores every response of argv[optind..] with vmat_run(), on
 * --threads threads, into sink; then the closing count. Returns the exit
 * status. */
int reading_run(struct reading *r, int argc, char **argv, const struct vmat_sink *sink,
		void *ctx);
/* Reads into an aggregate made with opt, and prints its warnings about the
 * customers it follows: *out (destroy it in any case) and *rc, what
 * vmat_agg_create(), the run, vmat_agg_finish() or the warnings returned.
 * Returns the exit status of the reading, or EXIT_USAGE for options the
 * aggregate refused (said). */
int reading_aggregate(struct reading *r, int argc, char **argv,
		      const struct vmat_report_options *opt, struct vmat_agg **out, int *rc);
/* Frees what reading_start() made; returns status. */
int reading_end(struct reading *r, int status);

/* vmat_run() with the problems printed to stderr as they come, and with
 * progress (the command's name) shown on standard error when it is a
 * terminal and the work takes more than a second. */
int each_response(const struct vmat_survey *survey, char **inputs, size_t ninputs,
		  const struct vmat_run_options *opt, const struct vmat_sink *sink, void *ctx,
		  struct vmat_run_counts *counts, const char *progress);
/* reference §8: the closing count of invalid responses. Returns the exit status:
 * EXIT_OK when none was invalid or skip_invalid is set. */
int invalid_status(const char *cmd, size_t valid, size_t invalid, bool skip_invalid);

/* Where the chart templates are when --templates does not say. */
const char *default_templates(void);

/* Flushes standard output; on a write error prints it and returns EXIT_DATA. */
int finish_stdout(const char *cmd);

/* For the test suite only, so that a test can act at one point of a run
 * without timing: when the environment variable `var` names a FIFO, writes
 * `said` and a newline into it, then waits until something is written to it
 * (or the process is killed there). Does nothing when var is not set. */
void test_hold(const char *var, const char *said);

/* Columns taken by the first n bytes of s on a terminal: one per character
 * (UTF-8), as libedit counts them too (cmd/interview.c). */
size_t columns(const char *s, size_t n);

/* cmd/edit.c: a line read at a terminal with libedit (its only user). */
#include <signal.h>
struct editor;
/* The words Tab may put in place of typed[*start..], *count of them
 * (vmat_interview_complete()'s contract); borrowed. */
typedef const char *const *editor_complete_fn(void *ctx, const char *typed, size_t *start,
					       size_t *count);
/* An editor when standard input and output are both a terminal (and TERM is
 * not "dumb"), else NULL: the caller then reads lines as they come. Sets
 * LC_CTYPE from the environment (UTF-8 whatever it says). A read ends early,
 * as at the end of input, when *stop becomes non-zero (a signal handler's
 * flag). Free it with editor_destroy(), NULL-safe. */
struct editor *editor_create(volatile sig_atomic_t *stop, editor_complete_fn *complete, void *ctx);
void editor_destroy(struct editor *ed);
/* Shows prompt and reads one line into buf (without its newline, cut to
 * size - 1 bytes); a line that is not blank goes into the history. Returns
 * 0, or -1 at the end of input, on an error or when stopped. prompt is
 * borrowed until it returns. */
int editor_read(struct editor *ed, const char *prompt, char *buf, size_t size);

#endif
