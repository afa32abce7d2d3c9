/* vmat explain -s SURVEY RESPONSE...: one customer's page. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat explain -s SURVEY [--format text|md] RESPONSE...\n"
	"Explain one customer's scores: the stage reached, each dimension against the\n"
	"next stage, aspiration and gap, what blocks the next stage and the answers\n"
	"behind it, not-applicable answers, and the survey's advice. A RESPONSE is a\n"
	"response .json file (or any input of 'vmat score'; each response gets a page).\n"
	"\n"
	"  -s, --survey=FILE   the survey definition (required)\n"
	"      --format=FORMAT text (default) or md (Markdown)\n"
	"      --strict        treat warnings as errors\n"
	"      --skip-invalid  leave invalid responses out and exit 0\n"
	"  -q, --quiet         no progress on standard error\n"
	"  -h, --help          show this help\n";

enum { OPT_FORMAT = 256 };

struct page {
	const struct vmat_survey *survey;
	bool md;
	size_t count;
};

static int
explain_one(void *ctx, const struct vmat_response *resp, const struct vmat_result *res)
{
	struct page *p = ctx;
	if (p->count++) {
		fputs(p->md ? "\n---\n\n" : "\n\n", stdout);
	}
	return vmat_explain_write(stdout, p->survey, resp, res, p->md);
}

int
cmd_explain(int argc, char **argv)
{
	static const struct option options[] = {
		READING_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ 0 },
	};
	struct reading r = { .cmd = "explain" };
	struct page page = { 0 };
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
			page.md = optarg[0] == 'm';
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("explain");
		default:
			return option_error("explain", c, argv, options);
		}
	}
	int status = reading_start(&r, argc);
	if (status == EXIT_OK) {
		page.survey = r.survey;
		status = reading_each(&r, argc, argv, explain_one, &page);
		int out = finish_stdout("explain");
		status = status != EXIT_OK ? status : out;
	}
	return reading_end(&r, status);
}
