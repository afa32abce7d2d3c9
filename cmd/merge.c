/* vmat merge -o DIR [-s SURVEY] INPUT...: gather responses into one directory. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat merge -o DIR [-s SURVEY] INPUT...\n"
	"Gather responses into DIR, created if missing: response files (.json files,\n"
	"or directories of them) as they are, and the rows of bulk CSV files (or - for\n"
	"standard input) as response files, which needs the survey. A response already\n"
	"in DIR or given twice with the same content is written once; the same id with\n"
	"other answers is a conflict: both sources are named and nothing is written. A\n"
	"file in DIR is never replaced. One merge at a time writes into DIR; another\n"
	"waits for it.\n"
	"\n"
	"  -o, --output=DIR   the directory to gather into (required)\n"
	"  -s, --survey=FILE  the survey, to read bulk CSV inputs\n"
	"      --delimiter=D  bulk CSV cells separated by D, ',' or ';' (default: found\n"
	"                     from the header)\n"
	"  -h, --help         show this help\n";

static void
waiting(void *ctx, const char *dir)
{
	(void)ctx;
	tell("merge", "%s: another merge is writing there; waiting for it", dir);
}

/* For tests/cli/issue-18-merge-concurrent only: with VMAT_TEST_MERGE_HOLD
 * naming a FIFO, a merge that has taken the lock says "locked" into it and
 * waits, so that a test can run a second merge while the first holds it. */
static void
locked(void *ctx, const char *dir)
{
	(void)ctx;
	(void)dir;
	test_hold("VMAT_TEST_MERGE_HOLD", "locked");
}

static bool
reads_csv(char **inputs, int n)
{
	for (int i = 0; i < n; i++) {
		size_t len = strlen(inputs[i]);
		if (strcmp(inputs[i], "-") == 0 ||
		    (len >= 4 && strcmp(inputs[i] + len - 4, ".csv") == 0)) {
			return true;
		}
	}
	return false;
}

int
cmd_merge(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "survey", required_argument, NULL, 's' },
		{ "delimiter", required_argument, NULL, OPT_DELIMITER },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *dir = NULL, *survey_path = NULL;
	char delimiter = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:s:h", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 's':
			survey_path = optarg;
			break;
		case OPT_DELIMITER:
			if (!parse_delimiter(optarg, &delimiter)) {
				return usage_error("merge", "--delimiter takes ',' or ';', not '%s'",
						   optarg);
			}
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("merge");
		default:
			return option_error("merge", c, argv, options);
		}
	}
	if (!dir) {
		return usage_error("merge", "no output directory given (-o DIR)");
	}
	if (optind == argc) {
		return usage_error("merge", "no input given (response files, directories, "
				   "bulk CSV files or -)");
	}
	if (!survey_path && reads_csv(argv + optind, argc - optind)) {
		return usage_error("merge", "bulk CSV input needs the survey (-s SURVEY)");
	}
	struct vmat_diags *diags;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		fprintf(stderr, "vmat merge: out of memory\n");
		return EXIT_DATA;
	}
	struct vmat_merge_options opt = { .on_wait = waiting, .on_lock = locked,
					  .delimiter = delimiter };
	struct vmat_survey *survey = NULL;
	if (survey_path && load_survey(&survey, survey_path, diags) != EXIT_OK) {
		vmat_diags_destroy(diags);
		return EXIT_DATA;
	}
	opt.survey = survey;
	struct vmat_merge_counts n;
	int rc = vmat_merge(dir, (const char *const *)argv + optind, (size_t)(argc - optind), &opt,
			    &n, diags);
	print_diags(diags);
	vmat_diags_destroy(diags);
	vmat_survey_destroy(survey);
	if (rc == VMAT_ENOMEM) {
		fprintf(stderr, "vmat merge: out of memory\n");
		return EXIT_DATA;
	}
	if (rc != VMAT_OK) {
		/* issue 18: a write error is named, not hidden behind "0 conflicts" */
		fprintf(stderr, "vmat merge: nothing written: %s%s%s%zu conflict%s, %zu invalid input%s\n",
			rc == VMAT_EIO ? "could not write into " : "", rc == VMAT_EIO ? dir : "",
			rc == VMAT_EIO ? "; " : "", n.conflicts, n.conflicts == 1 ? "" : "s",
			n.invalid, n.invalid == 1 ? "" : "s");
		return EXIT_DATA;
	}
	fprintf(stderr, "vmat merge: %zu added, %zu duplicate%s, 0 conflicts\n", n.added,
		n.duplicates, n.duplicates == 1 ? "" : "s");
	return EXIT_OK;
}
