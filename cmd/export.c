/* vmat export -s SURVEY INPUT...: responses as bulk CSV (reference §3). */
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
	"      --threads=N       read and score on N threads (default: one per CPU)\n"
	"      --delimiter=D     bulk CSV cells separated by D, ',' or ';' (default:\n"
	"                        found from each file's header)\n"
	"  -q, --quiet           no progress on standard error\n"
	"  -h, --help            show this help\n";

int
cmd_export(int argc, char **argv)
{
	static const struct option options[] = {
		READING_OPTIONS,
		CSV_GUARD_OPTION,
		{ 0 },
	};
	struct reading r = { .cmd = "export", .guard = true };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:qh", options, NULL)) != -1) {
		if (reading_option(&r, c, optarg)) {
			continue;
		}
		if (c == 'h') {
			fputs(help, stdout);
			return finish_stdout("export");
		}
		return option_error("export", c, argv, options);
	}
	int status = reading_start(&r, argc);
	if (status != EXIT_OK) {
		return reading_end(&r, status);
	}
	struct vmat_export *export;
	if (vmat_export_create(&export, stdout, r.survey, r.guard) != VMAT_OK) {
		fprintf(stderr, "vmat export: out of memory\n");
		return reading_end(&r, EXIT_DATA);
	}
	status = reading_run(&r, argc, argv, &vmat_export_sink, export);
	int out = finish_stdout("export");
	vmat_export_destroy(export);
	return reading_end(&r, out != EXIT_OK ? out : status);
}
