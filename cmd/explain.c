/* vmat explain -s SURVEY RESPONSE...: one customer's page. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat explain -s SURVEY [--format text|md] RESPONSE...\n"
	"Explain one customer's scores: the stage reached, each dimension against the\n"
	"next stage, aspiration and gap, what blocks the next stage and the answers\n"
	"behind it, notes, not-applicable answers, and the survey's advice; then what\n"
	"changed since the customer's previous interview, when the inputs hold it.\n"
	"A RESPONSE is a response .json file (or any input of 'vmat score'; each\n"
	"response gets a page).\n"
	"\n"
	"  -s, --survey=FILE   the survey definition (required)\n"
	"      --format=FORMAT text (default) or md (Markdown)\n"
	"      --strict        treat warnings as errors\n"
	"      --skip-invalid  leave invalid responses out and exit 0\n"
	"      --delimiter=D   bulk CSV cells separated by D, ',' or ';' (default:\n"
	"                      found from each file's header)\n"
	"  -q, --quiet         no progress on standard error\n"
	"  -h, --help          show this help\n";

enum { OPT_FORMAT = 256 };

int
cmd_explain(int argc, char **argv)
{
	static const struct option options[] = {
		READING_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ 0 },
	};
	struct reading r = { .cmd = "explain" };
	bool md = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:qh", options, NULL)) != -1) {
		if (reading_option(&r, c, optarg)) {
			continue;
		}
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "md") != 0 && strcmp(optarg, "text") != 0) {
				return usage_error("explain", "unknown format '%s' (expected text "
							      "or md)", optarg);
			}
			md = optarg[0] == 'm';
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("explain");
		default:
			return option_error("explain", c, argv, options);
		}
	}
	int status = reading_start(&r, argc);
	if (status != EXIT_OK) {
		return reading_end(&r, status);
	}
	struct vmat_explain *e;
	if (vmat_explain_create(&e, r.survey) != VMAT_OK) {
		fprintf(stderr, "vmat explain: out of memory\n");
		return reading_end(&r, EXIT_DATA);
	}
	status = reading_run(&r, argc, argv, &vmat_explain_sink, e);
	errno = 0;
	int rc = r.rc == VMAT_OK ? vmat_explain_finish(e, stdout, md, r.diags) : r.rc;
	print_diags_of("explain", r.diags);
	if (rc == VMAT_ENOMEM && r.rc == VMAT_OK) {
		fprintf(stderr, "vmat explain: out of memory\n");
	}
	if (rc == VMAT_EIO) {
		fprintf(stderr, "vmat explain: cannot write to standard output: %s\n",
			errno ? strerror(errno) : "write error");
	}
	vmat_explain_destroy(e);
	return reading_end(&r, rc == VMAT_OK ? status : EXIT_DATA);
}
