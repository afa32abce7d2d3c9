/* vmat sample -s SURVEY -n COUNT [--seed N]: made-up responses as bulk CSV. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat sample -s SURVEY -n COUNT [--seed N]\n"
	"Write COUNT made-up responses to SURVEY as bulk CSV on standard output, to\n"
	"try vmat out or to benchmark it: id, customer, region, segment, date, the\n"
	"survey's own fields, then one column per question. Every row is valid for\n"
	"the survey. The same survey, COUNT and seed give the same bytes.\n"
	"\n"
	"  -s, --survey=FILE     the survey definition (required)\n"
	"  -n, --count=COUNT     how many responses to write (required; 0: the header)\n"
	"      --seed=N          another seed, other data (default 1)\n"
	"  -h, --help            show this help\n";

enum { OPT_SEED = 1000 };

/* A whole number in decimal digits, nothing else; false when it is not one
 * or does not fit. */
static bool
whole_number(const char *s, uint64_t *out)
{
	if (*s < '0' || *s > '9') {
		return false;	/* strtoull would take "-1" and " 1" */
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end) {
		return false;
	}
	*out = v;
	return true;
}

int
cmd_sample(int argc, char **argv)
{
	static const struct option options[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *survey_path = NULL;
	uint64_t count = 0, seed = 1;
	bool have_count = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:n:h", options, NULL)) != -1) {
		switch (c) {
		case 's':
			survey_path = optarg;
			break;
		case 'n':
			if (!whole_number(optarg, &count)) {
				return usage_error("sample", "-n takes a whole number, not '%s'",
						   optarg);
			}
			have_count = true;
			break;
		case OPT_SEED:
			if (!whole_number(optarg, &seed)) {
				return usage_error("sample",
						   "--seed takes a whole number, not '%s'", optarg);
			}
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("sample");
		default:
			return option_error("sample", c, argv, options);
		}
	}
	if (!survey_path) {
		return usage_error("sample", "no survey given (-s SURVEY)");
	}
	if (!have_count) {
		return usage_error("sample", "no count given (-n COUNT)");
	}
	if (optind != argc) {
		return usage_error("sample", "unexpected argument '%s'", argv[optind]);
	}
	struct vmat_diags *diags;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		fprintf(stderr, "vmat sample: out of memory\n");
		return EXIT_DATA;
	}
	struct vmat_survey *survey = NULL;
	int status = load_survey(&survey, survey_path, diags);
	if (status == EXIT_OK) {
		errno = 0;
		int rc = vmat_sample_write(stdout, survey, count, seed);
		/* the reason fwrite() gave, when a write failed: the stream
		 * keeps only its error flag */
		int why = errno;
		if (rc == VMAT_ENOMEM) {
			fprintf(stderr, "vmat sample: out of memory\n");
			status = EXIT_DATA;
		} else if (rc == VMAT_EIO) {
			fprintf(stderr, "vmat sample: cannot write to standard output: %s\n",
				why ? strerror(why) : "write error");
			status = EXIT_DATA;
		} else {
			status = finish_stdout("sample");
		}
	}
	vmat_survey_destroy(survey);
	vmat_diags_destroy(diags);
	return status;
}
