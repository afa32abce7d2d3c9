/* vmat merge -o DIR INPUT...: gather response files into one directory. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat merge -o DIR INPUT...\n"
	"Gather response files (.json files, or directories of them) into DIR, created\n"
	"if missing. A response already in DIR or given twice with the same content is\n"
	"written once; the same id with other answers is a conflict: both sources are\n"
	"named and nothing is written. A file in DIR is never replaced.\n"
	"\n"
	"  -o, --output=DIR  the directory to gather into (required)\n"
	"  -h, --help        show this help\n";

int
cmd_merge(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *dir = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("merge");
		default:
			return option_error("merge", c, argv, options);
		}
	}
	if (!dir) {
		return usage_error("merge", "no output directory given (-o DIR)");
	}
	if (optind == argc) {
		return usage_error("merge", "no input given (response files or directories)");
	}
	struct vmat_diags *diags;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		fprintf(stderr, "vmat merge: out of memory\n");
		return EXIT_DATA;
	}
	struct vmat_merge_counts n;
	int rc = vmat_merge(dir, (const char *const *)argv + optind, (size_t)(argc - optind), &n,
			    diags);
	print_diags(diags);
	vmat_diags_destroy(diags);
	if (rc == VMAT_ENOMEM) {
		fprintf(stderr, "vmat merge: out of memory\n");
		return EXIT_DATA;
	}
	if (rc != VMAT_OK) {
		fprintf(stderr, "vmat merge: nothing written: %zu conflict%s, %zu invalid input%s\n",
			n.conflicts, n.conflicts == 1 ? "" : "s", n.invalid, n.invalid == 1 ? "" : "s");
		return EXIT_DATA;
	}
	fprintf(stderr, "vmat merge: %zu added, %zu duplicate%s, 0 conflicts\n", n.added,
		n.duplicates, n.duplicates == 1 ? "" : "s");
	return EXIT_OK;
}
