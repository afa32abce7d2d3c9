/* vmat history -s SURVEY INPUT...: each customer's interviews in order, each
 * beside the one before it (reference §9). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat history -s SURVEY [OPTION]... INPUT...\n"
	"Follow each customer from interview to interview: one row per interview,\n"
	"by customer, then date, with what changed since the customer's previous one.\n"
	"A customer is matched by its customer_id when a response has one, otherwise\n"
	"by its name with case, accents, punctuation and legal forms (S.A., Inc.) left\n"
	"out. An INPUT is a response .json file, a directory (every *.json below it),\n"
	"a bulk .csv file, or - (bulk CSV on standard input).\n"
	"\n"
	"  -s, --survey=FILE     the survey definition (required)\n"
	"  -c, --customer=NAME   only this customer's interviews (a name or a customer_id)\n"
	"      --aliases=FILE    CSV of other names of customers: alias,customer\n"
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
	"with their count and exit status 1, or 0 with --skip-invalid. A customer\n"
	"with no interview is an error (status 1).\n";

enum { OPT_FORMAT = 256 };

int
cmd_history(int argc, char **argv)
{
	static const struct option options[] = {
		READING_OPTIONS,
		CSV_GUARD_OPTION,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "customer", required_argument, NULL, 'c' },
		ALIASES_OPTION,
		{ 0 },
	};
	struct reading r = { .cmd = "history", .guard = true };
	enum vmat_format format = VMAT_FORMAT_CSV;
	const char *customer = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:c:qh", options, NULL)) != -1) {
		if (reading_option(&r, c, optarg)) {
			continue;
		}
		switch (c) {
		case OPT_FORMAT:
			if (parse_format("history", optarg, &format) != EXIT_OK) {
				return EXIT_USAGE;
			}
			break;
		case 'c':
			customer = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("history");
		default:
			return option_error("history", c, argv, options);
		}
	}
	int status = reading_start(&r, argc);
	if (status != EXIT_OK) {
		return reading_end(&r, status);
	}
	struct vmat_history *h;
	if (vmat_history_create(&h, r.survey) != VMAT_OK) {
		fprintf(stderr, "vmat history: out of memory\n");
		return reading_end(&r, EXIT_DATA);
	}
	vmat_history_set_aliases(h, r.aliases);
	status = reading_run(&r, argc, argv, &vmat_history_sink, h);
	int rc = r.rc;
	if (rc == VMAT_OK) {
		rc = vmat_history_finish(h);
	}
	if (rc == VMAT_OK) {
		errno = 0;
		rc = vmat_history_write(h, stdout, format, r.guard, customer, r.diags);
		print_diags_of("history", r.diags);
		if (rc == VMAT_EIO) {
			fprintf(stderr, "vmat history: cannot write to standard output: %s\n",
				errno ? strerror(errno) : "write error");
		}
	}
	if (rc == VMAT_ENOMEM) {
		fprintf(stderr, "vmat history: out of memory\n");
	}
	vmat_history_destroy(h);
	return reading_end(&r, rc == VMAT_OK ? status : EXIT_DATA);
}
