/* vmat peers -s SURVEY INPUT...: customers at the same point of the journey,
 * in meetings of a few (reference §9). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat peers -s SURVEY [OPTION]... INPUT...\n"
	"Propose customer-only meetings of peers: in each group (region by default),\n"
	"the customers at the same stage held back by the same blocker, by their latest\n"
	"interview, in meetings of a few, with what they share and the survey's advice.\n"
	"Customers are matched across interviews as by 'vmat history'.\n"
	"\n"
	"  -s, --survey=FILE     the survey definition (required)\n"
	"      --by=FIELD[,...]  one list of meetings per group (default: region)\n"
	"      --size=N          at most N customers a meeting (default: 5)\n"
	"      --names           name the customers and their SE (left out by default,\n"
	"                        for lists that leave the team)\n"
	"      --aliases=FILE    CSV of other names of customers: alias,customer\n"
	"      --format=FORMAT   csv (default), table, or md (a page to send)\n"
	"      --strict          treat warnings as errors\n"
	"      --skip-invalid    leave invalid responses out and exit 0\n"
	"      --no-csv-guard    do not prefix formula-like text cells with '\n"
	"      --threads=N       read and score on N threads (default: one per CPU)\n"
	"      --delimiter=D     bulk CSV cells separated by D, ',' or ';' (default:\n"
	"                        found from each file's header)\n"
	"  -q, --quiet           no progress on standard error\n"
	"  -h, --help            show this help\n";

enum { OPT_BY = 256, OPT_SIZE, OPT_NAMES, OPT_FORMAT };

int
cmd_peers(int argc, char **argv)
{
	static const struct option options[] = {
		READING_OPTIONS,
		CSV_GUARD_OPTION,
		ALIASES_OPTION,
		{ "by", required_argument, NULL, OPT_BY },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "names", no_argument, NULL, OPT_NAMES },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ 0 },
	};
	struct reading r = { .cmd = "peers", .guard = true };
	struct vmat_peers_options popt = { .size = 5 };
	struct vmat_report_options opt = { .movement = true };
	char *by_list = NULL, *end;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:qh", options, NULL)) != -1) {
		if (reading_option(&r, c, optarg)) {
			continue;
		}
		switch (c) {
		case OPT_BY:
			by_list = optarg;
			break;
		case OPT_SIZE:
			errno = 0;
			popt.size = strtoul(optarg, &end, 10);
			if (errno || *end || optarg[0] < '1' || optarg[0] > '9' || popt.size < 2 ||
			    popt.size > 1000) {
				return usage_error("peers", "--size takes a whole number from 2 to "
							    "1000, not '%s'", optarg);
			}
			break;
		case OPT_NAMES:
			popt.names = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "csv") == 0) {
				popt.format = VMAT_PEERS_CSV;
			} else if (strcmp(optarg, "table") == 0) {
				popt.format = VMAT_PEERS_TABLE;
			} else if (strcmp(optarg, "md") == 0) {
				popt.format = VMAT_PEERS_MD;
			} else {
				return usage_error("peers", "unknown format '%s' (expected csv, table "
							    "or md)", optarg);
			}
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("peers");
		default:
			return option_error("peers", c, argv, options);
		}
	}
	const char *by[MAX_BY_FIELDS + 1];
	if (parse_by("peers", by_list, by, &opt.nby) != EXIT_OK) {
		return EXIT_USAGE;
	}
	opt.by = by;
	popt.csv_guard = r.guard;
	int status = reading_start(&r, argc);
	if (status != EXIT_OK) {
		return reading_end(&r, status);
	}
	struct vmat_agg *agg;
	int rc;
	status = reading_aggregate(&r, argc, argv, &opt, &agg, &rc);
	if (status == EXIT_USAGE) {
		vmat_agg_destroy(agg);
		return reading_end(&r, status);
	}
	if (rc == VMAT_OK) {
		errno = 0;
		rc = vmat_peers_write(stdout, agg, r.survey, &popt);
		if (rc == VMAT_EIO) {
			fprintf(stderr, "vmat peers: cannot write to standard output: %s\n",
				errno ? strerror(errno) : "write error");
		}
	}
	if (rc == VMAT_ENOMEM && r.rc != VMAT_ENOMEM) {
		fprintf(stderr, "vmat peers: out of memory\n");
	}
	vmat_agg_destroy(agg);
	return reading_end(&r, rc == VMAT_OK ? status : EXIT_DATA);
}
