/* vmat import: web form exports to response files (doc/formats.md). */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat import -s SURVEY --map MAP.json [-o DIR] [--skip-invalid] EXPORT.csv\n"
	"       vmat import -s SURVEY --template EXPORT.csv > MAP.json\n"
	"Turn a web form tool's CSV export (Google Forms, Microsoft Forms, LimeSurvey)\n"
	"into response files, one per row, as the map says (doc/formats.md). Nothing is\n"
	"written unless every row is valid. Importing the same export again writes\n"
	"nothing new. --template writes a starting map, matching the header to the\n"
	"question texts and field names.\n"
	"\n"
	"  -s, --survey=FILE   the survey definition (required)\n"
	"      --map=FILE      the import map\n"
	"  -o, --output=DIR    where the response files go (default: .)\n"
	"      --template      write a starting map on standard output\n"
	"      --skip-invalid  leave invalid rows out (each is listed) and write the rest\n"
	"  -h, --help          show this help\n";

enum { OPT_MAP = 256, OPT_TEMPLATE };

int
cmd_import(int argc, char **argv)
{
	static const struct option options[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "output", required_argument, NULL, 'o' },
		{ "template", no_argument, NULL, OPT_TEMPLATE },
		{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *survey_path = NULL, *map = NULL, *dir = ".";
	bool template = false, skip_invalid = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:o:h", options, NULL)) != -1) {
		switch (c) {
		case 's':
			survey_path = optarg;
			break;
		case OPT_MAP:
			map = optarg;
			break;
		case 'o':
			dir = optarg;
			break;
		case OPT_TEMPLATE:
			template = true;
			break;
		case OPT_SKIP_INVALID:
			skip_invalid = true;
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("import");
		default:
			return option_error("import", c, argv, options);
		}
	}
	if (!survey_path) {
		return usage_error("import", "no survey given (-s SURVEY)");
	}
	if (argc - optind != 1) {
		return usage_error("import", "expected one EXPORT.csv");
	}
	if (!template && !map) {
		return usage_error("import", "no map given (--map MAP.json, or --template to "
					     "start one)");
	}
	struct vmat_diags *diags;
	struct vmat_survey *survey = NULL;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		fprintf(stderr, "vmat import: out of memory\n");
		return EXIT_DATA;
	}
	int status = load_survey(&survey, survey_path, diags);
	if (status == EXIT_OK && template) {
		int rc = vmat_import_template(stdout, survey, argv[optind], diags);
		print_diags(diags);
		status = rc == VMAT_OK ? finish_stdout("import") : EXIT_DATA;
	} else if (status == EXIT_OK) {
		struct vmat_import_counts n;
		int rc = vmat_import(survey, argv[optind], map, dir, skip_invalid, &n, diags);
		print_diags(diags);
		if (rc == VMAT_OK) {
			fprintf(stderr, "vmat import: %zu row%s: %zu written, %zu already imported, "
					"%zu left out\n",
				n.rows, n.rows == 1 ? "" : "s", n.written, n.unchanged, n.invalid);
		} else {
			fprintf(stderr, "vmat import: nothing written%s\n",
				n.invalid ? "; fix the rows above, or use --skip-invalid" : "");
			status = EXIT_DATA;
		}
	}
	vmat_survey_destroy(survey);
	vmat_diags_destroy(diags);
	return status;
}
