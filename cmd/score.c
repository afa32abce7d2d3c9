/* vmat score -s SURVEY INPUT...: one row of scores per response (SPEC §4, §6, §8). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat score -s SURVEY [OPTION]... INPUT...\n"
	"Score every response and write one row per response, in input order.\n"
	"An INPUT is a response .json file, a directory (every *.json below it),\n"
	"a bulk .csv file, or - (bulk CSV on standard input).\n"
	"\n"
	"  -s, --survey=FILE     the survey definition (required)\n"
	"      --format=FORMAT   csv (default), json (JSON Lines) or table\n"
	"      --strict          treat warnings (unknown answers or columns, another\n"
	"                        survey version) as errors\n"
	"      --skip-invalid    leave invalid responses out and exit 0\n"
	"      --no-csv-guard    do not prefix formula-like text cells with '\n"
	"  -q, --quiet           no progress on standard error\n"
	"  -h, --help            show this help\n"
	"\n"
	"Invalid responses are reported on standard error and left out; the run ends\n"
	"with their count and exit status 1, or 0 with --skip-invalid.\n";

enum { OPT_FORMAT = 256, OPT_STRICT, OPT_SKIP_INVALID, OPT_NO_CSV_GUARD };

/* Streams: each row goes out as soon as its response is scored (SPEC §8). */
static int
write_row(void *rows, const struct vmat_response *resp, const struct vmat_result *res)
{
	return vmat_rows_write(rows, resp, res);
}

int
cmd_score(int argc, char **argv)
{
	static const struct option options[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },
		{ "no-csv-guard", no_argument, NULL, OPT_NO_CSV_GUARD },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *survey_path = NULL;
	enum vmat_format format = VMAT_FORMAT_CSV;
	struct vmat_read_options ropt = { 0 };
	bool skip_invalid = false, guard = true;
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:s:qh", options, NULL)) != -1) {
		switch (c) {
		case 's':
			survey_path = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "csv") == 0) {
				format = VMAT_FORMAT_CSV;
			} else if (strcmp(optarg, "json") == 0) {
				format = VMAT_FORMAT_JSON;
			} else if (strcmp(optarg, "table") == 0) {
				format = VMAT_FORMAT_TABLE;
			} else {
				return usage_error("score", "unknown format '%s' (expected csv, json "
							    "or table)", optarg);
			}
			break;
		case OPT_STRICT:
			ropt.strict = true;
			break;
		case OPT_SKIP_INVALID:
			skip_invalid = true;
			break;
		case OPT_NO_CSV_GUARD:
			guard = false;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("score");
		default:
			return option_error("score", c, argv, options);
		}
	}
	if (!survey_path) {
		return usage_error("score", "no survey given (-s SURVEY)");
	}
	if (optind == argc) {
		return usage_error("score", "no input given (files, directories or -)");
	}

	struct vmat_diags *diags = NULL;
	struct vmat_survey *survey = NULL;
	struct vmat_rows *rows = NULL;
	int status = EXIT_DATA;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		goto out_of_memory;
	}
	if (load_survey(&survey, survey_path, diags) != EXIT_OK) {
		goto out;
	}
	if (vmat_rows_create(&rows, stdout, survey, format, guard) != VMAT_OK) {
		goto out_of_memory;
	}
	size_t valid, invalid;
	int rc = each_response(survey, argv + optind, (size_t)(argc - optind), &ropt, diags,
			       write_row, rows, &valid, &invalid, quiet ? NULL : "score");
	if (rc == VMAT_ENOMEM) {
		goto out_of_memory;
	}
	if (vmat_rows_finish(rows) != VMAT_OK) {
		fprintf(stderr, "vmat score: cannot write to standard output: %s\n",
			errno ? strerror(errno) : "write error");
		goto out;
	}
	status = invalid_status("score", valid, invalid, skip_invalid);
	goto out;
out_of_memory:
	fprintf(stderr, "vmat score: out of memory\n");
	status = EXIT_DATA;
out:
	vmat_rows_destroy(rows);
	vmat_survey_destroy(survey);
	vmat_diags_destroy(diags);
	return status;
}
