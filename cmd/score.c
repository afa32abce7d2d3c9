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
	"  -h, --help            show this help\n"
	"\n"
	"Invalid responses are reported on standard error and left out; the run ends\n"
	"with their count and exit status 1, or 0 with --skip-invalid.\n";

enum { OPT_FORMAT = 256, OPT_STRICT, OPT_SKIP_INVALID, OPT_NO_CSV_GUARD };

int
cmd_score(int argc, char **argv)
{
	static const struct option options[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },
		{ "no-csv-guard", no_argument, NULL, OPT_NO_CSV_GUARD },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *survey_path = NULL;
	enum vmat_format format = VMAT_FORMAT_CSV;
	struct vmat_read_options ropt = { 0 };
	bool skip_invalid = false, guard = true;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:h", options, NULL)) != -1) {
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
		case 'h':
			fputs(help, stdout);
			return finish_stdout("score");
		default:
			if (optopt == 's') {
				return usage_error("score", "option '-s' needs a survey file");
			}
			return usage_error("score", "unknown option '%s'", argv[optind - 1]);
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
	struct vmat_reader *reader = NULL;
	struct vmat_rows *rows = NULL;
	struct vmat_result result = { 0 };
	int status = EXIT_DATA;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		goto out_of_memory;
	}
	if (load_survey(&survey, survey_path, diags) != EXIT_OK) {
		goto out;
	}
	if (vmat_reader_create(&reader, survey, (const char *const *)argv + optind,
			       (size_t)(argc - optind), &ropt) != VMAT_OK ||
	    vmat_result_init(&result, survey) != VMAT_OK ||
	    vmat_rows_create(&rows, stdout, survey, format, guard) != VMAT_OK) {
		goto out_of_memory;
	}
	size_t valid = 0, invalid = 0;
	int rc;
	const struct vmat_response *resp;
	while ((rc = vmat_reader_next(reader, &resp, diags)) != 0) {
		print_diags(diags);
		if (rc == VMAT_ENOMEM) {
			goto out_of_memory;
		}
		if (rc < 0) {
			invalid++;
			continue;
		}
		valid++;
		vmat_score(survey, resp, &result);
		rc = vmat_rows_write(rows, resp, &result);
		if (rc == VMAT_ENOMEM) {
			goto out_of_memory;
		}
		if (rc != VMAT_OK) {
			break;	/* a write error: reported below */
		}
	}
	if (vmat_rows_finish(rows) != VMAT_OK) {
		fprintf(stderr, "vmat score: cannot write to standard output: %s\n",
			errno ? strerror(errno) : "write error");
		goto out;
	}
	if (invalid && skip_invalid) {
		fprintf(stderr, "vmat score: skipped %zu invalid response%s; %zu scored\n", invalid,
			invalid == 1 ? "" : "s", valid);
	} else if (invalid) {
		fprintf(stderr, "vmat score: %zu of %zu responses invalid\n", invalid,
			invalid + valid);
		goto out;
	}
	status = EXIT_OK;
	goto out;
out_of_memory:
	fprintf(stderr, "vmat score: out of memory\n");
	status = EXIT_DATA;
out:
	vmat_rows_destroy(rows);
	vmat_result_finish(&result);
	vmat_reader_destroy(reader);
	vmat_survey_destroy(survey);
	vmat_diags_destroy(diags);
	return status;
}
