/* vmat score -s SURVEY INPUT...: one row of scores per response (reference §4, §6, §8). */
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
	"      --threads=N       read and score on N threads (default: one per CPU)\n"
	"      --delimiter=D     bulk CSV cells separated by D, ',' or ';' (default:\n"
	"                        found from each file's header)\n"
	"  -q, --quiet           no progress on standard error\n"
	"  -h, --help            show this help\n"
	"\n"
	"Invalid responses are reported on standard error and left out; the run ends\n"
	"with their count and exit status 1, or 0 with --skip-invalid.\n";

enum { OPT_FORMAT = 256 };

int
cmd_score(int argc, char **argv)
{
	static const struct option options[] = {
		READING_OPTIONS,
		CSV_GUARD_OPTION,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ 0 },
	};
	struct reading r = { .cmd = "score", .guard = true };
	enum vmat_format format = VMAT_FORMAT_CSV;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:qh", options, NULL)) != -1) {
		if (reading_option(&r, c, optarg)) {
			continue;
		}
		switch (c) {
		case OPT_FORMAT:
			if (parse_format("score", optarg, &format) != EXIT_OK) {
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("score");
		default:
			return option_error("score", c, argv, options);
		}
	}
	int status = reading_start(&r, argc);
	if (status != EXIT_OK) {
		return reading_end(&r, status);
	}
	struct vmat_rows *rows;
	if (vmat_rows_create(&rows, stdout, r.survey, format, r.guard) != VMAT_OK) {
		fprintf(stderr, "vmat score: out of memory\n");
		return reading_end(&r, EXIT_DATA);
	}
	status = reading_run(&r, argc, argv, &vmat_rows_sink, rows);
	if (vmat_rows_finish(rows) != VMAT_OK) {
		fprintf(stderr, "vmat score: cannot write to standard output: %s\n",
			errno ? strerror(errno) : "write error");
		status = EXIT_DATA;
	}
	vmat_rows_destroy(rows);
	return reading_end(&r, status);
}
