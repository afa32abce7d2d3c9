/* vmat export -s SURVEY INPUT...: responses as bulk CSV (SPEC §3). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat export -s SURVEY [OPTION]... INPUT...\n"
	"Write the responses as bulk CSV on standard output: the fields, one column per\n"
	"question, then a note:QUESTION column per question. Any vmat command reads\n"
	"it back to the same answers, not-applicable reasons, notes and scores.\n"
	"\n"
	"  -s, --survey=FILE     the survey definition (required)\n"
	"      --strict          treat warnings as errors\n"
	"      --skip-invalid    leave invalid responses out and exit 0\n"
	"      --no-csv-guard    do not prefix formula-like text cells with '\n"
	"  -q, --quiet           no progress on standard error\n"
	"  -h, --help            show this help\n";

enum { OPT_STRICT = 256, OPT_SKIP_INVALID, OPT_NO_CSV_GUARD };

static int
write_row(void *export, const struct vmat_response *resp, const struct vmat_result *res)
{
	(void)res;
	return vmat_export_write(export, resp);
}

int
cmd_export(int argc, char **argv)
{
	static const struct option options[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },
		{ "no-csv-guard", no_argument, NULL, OPT_NO_CSV_GUARD },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *survey_path = NULL;
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
			return finish_stdout("export");
		default:
			return option_error("export", c, argv, options);
		}
	}
	if (!survey_path) {
		return usage_error("export", "no survey given (-s SURVEY)");
	}
	if (optind == argc) {
		return usage_error("export", "no input given (files, directories or -)");
	}
	struct vmat_diags *diags = NULL;
	struct vmat_survey *survey = NULL;
	struct vmat_export *export = NULL;
	int status = EXIT_DATA;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		goto out_of_memory;
	}
	if (load_survey(&survey, survey_path, diags) != EXIT_OK) {
		goto out;
	}
	if (vmat_export_create(&export, stdout, survey, guard) != VMAT_OK) {
		goto out_of_memory;
	}
	size_t valid, invalid;
	int rc = each_response(survey, argv + optind, (size_t)(argc - optind), &ropt, diags,
			       write_row, export, &valid, &invalid, quiet ? NULL : "export");
	if (rc == VMAT_ENOMEM) {
		goto out_of_memory;
	}
	status = finish_stdout("export");
	if (status == EXIT_OK) {
		status = invalid_status("export", valid, invalid, skip_invalid);
	}
	goto out;
out_of_memory:
	fprintf(stderr, "vmat export: out of memory\n");
	status = EXIT_DATA;
out:
	vmat_export_destroy(export);
	vmat_survey_destroy(survey);
	vmat_diags_destroy(diags);
	return status;
}
