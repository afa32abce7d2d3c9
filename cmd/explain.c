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
	"  -q, --quiet         no progress on standard error\n"
	"  -h, --help          show this help\n";

enum { OPT_FORMAT = 256, OPT_STRICT };

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
		{ "survey", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *survey_path = NULL;
	struct page page = { 0 };
	struct vmat_read_options ropt = { 0 };
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:s:qh", options, NULL)) != -1) {
		switch (c) {
		case 's':
			survey_path = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "md") != 0 && strcmp(optarg, "text") != 0) {
				return usage_error("explain", "unknown format '%s' (expected text "
							      "or md)", optarg);
			}
			page.md = optarg[0] == 'm';
			break;
		case OPT_STRICT:
			ropt.strict = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("explain");
		default:
			return option_error("explain", c, argv, options);
		}
	}
	if (!survey_path) {
		return usage_error("explain", "no survey given (-s SURVEY)");
	}
	if (optind == argc) {
		return usage_error("explain", "no response given");
	}
	struct vmat_diags *diags;
	struct vmat_survey *survey = NULL;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		fprintf(stderr, "vmat explain: out of memory\n");
		return EXIT_DATA;
	}
	int status = load_survey(&survey, survey_path, diags);
	if (status == EXIT_OK) {
		page.survey = survey;
		size_t valid, invalid;
		int rc = each_response(survey, argv + optind, (size_t)(argc - optind), &ropt, diags,
				       explain_one, &page, &valid, &invalid, quiet ? NULL : "explain");
		if (rc == VMAT_ENOMEM) {
			fprintf(stderr, "vmat explain: out of memory\n");
		}
		status = rc == VMAT_ENOMEM ? EXIT_DATA : invalid_status("explain", valid, invalid,
									   false);
		int out = finish_stdout("explain");
		status = status ? status : out;
	}
	vmat_survey_destroy(survey);
	vmat_diags_destroy(diags);
	return status;
}
