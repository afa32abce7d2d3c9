/* vmat: the command table. Each command lives in its own file. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, "validate survey definitions" },
	{ "score", cmd_score, "score responses: one row per response" },
	{ "report", cmd_report, "summarize responses by region or other fields" },
	{ "explain", cmd_explain, "one customer's page: stage, blockers, advice" },
	{ "history", cmd_history, "each customer's interviews, with what changed" },
	{ "peers", cmd_peers, "customers at the same point of the journey, to meet" },
	{ "interview", cmd_interview, "record an interview at the terminal" },
	{ "import", cmd_import, "turn a web form export into response files" },
	{ "export", cmd_export, "write responses as bulk CSV" },
	{ "merge", cmd_merge, "gather response files into one directory" },
	{ "sample", cmd_sample, "write made-up responses as bulk CSV" },
};

static void
usage(FILE *fp)
{
	fprintf(fp, "Usage: vmat COMMAND [OPTION]... [ARG]...\n"
		    "Turn customer interviews about virtualization maturity into scores.\n\n"
		    "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	}
	fprintf(fp, "\n'vmat COMMAND --help' describes a command.\n"
		    "Exit status: 0 success, 1 invalid input data, 2 wrong usage.\n");
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage(stdout);
		return finish_stdout("--help");
	}
	if (strcmp(name, "--version") == 0) {
		printf("vmat %s\n", VMAT_VERSION);
		return finish_stdout("--version");
	}
	bool help = strcmp(name, "help") == 0;
	if (help) {
		if (argc < 3) {
			usage(stdout);
			return finish_stdout("help");
		}
		name = argv[2];
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) == 0) {
			char *help_argv[] = { (char *)name, "--help", NULL };
			return help ? commands[i].run(2, help_argv) : commands[i].run(argc - 1, argv + 1);
		}
	}
	const char *names[sizeof(commands) / sizeof(commands[0])];
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		names[i] = commands[i].name;
	}
	const char *guess = vmat_nearest(name, names, sizeof(names) / sizeof(names[0]));
	fputs("vmat: unknown command '", stderr);
	vmat_fput_text(stderr, name);	/* an argument may hold control characters */
	if (guess) {
		fprintf(stderr, "'; did you mean '%s'?\n", guess);
	} else {
		fputs("'\n", stderr);
	}
	fprintf(stderr, "Try 'vmat --help'.\n");
	return EXIT_USAGE;
}
