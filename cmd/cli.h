/* What the subcommands of the vmat CLI share. */
#ifndef VMAT_CLI_H
#define VMAT_CLI_H

#include "vmat.h"

/* SPEC §8 exit status */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,		/* invalid input data, or output that could not be written */
	EXIT_USAGE = 2,
};

int cmd_check(int argc, char **argv);
int cmd_score(int argc, char **argv);

/* Prints the diagnostics to stderr and empties the list. */
void print_diags(struct vmat_diags *diags);

/* Prints "vmat CMD: MESSAGE" and a pointer to --help on stderr; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Loads the survey named by -s, printing its problems. Returns EXIT_OK or
 * EXIT_DATA. */
int load_survey(struct vmat_survey **out, const char *path, struct vmat_diags *diags);

/* Flushes standard output; on a write error prints it and returns EXIT_DATA. */
int finish_stdout(const char *cmd);

#endif
