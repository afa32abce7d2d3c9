/* vmat check SURVEY...: validate survey definitions (reference §1). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat check SURVEY...\n"
	"Validate survey definitions. A valid survey gets a summary on standard output;\n"
	"every problem of an invalid one is listed on standard error as\n"
	"FILE:LINE:COL: error: JSON.PATH: message. Unknown keys are warnings.\n"
	"\n"
	"  -h, --help  show this help\n";

static const char *const type_names[] = { "choice", "multi",   "yesno", "scale",
					  "number", "percent", "text" };

static void
summary(const char *path, const struct vmat_survey *s)
{
	size_t ns, nd, nf, nq;
	const struct vmat_stage *stages = vmat_survey_stages(s, &ns);
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	const struct vmat_field *fields = vmat_survey_fields(s, &nf);
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	char num[32];

	/* names from the survey, and the path, escaped: a survey may hold
	 * control characters (reference §6) */
	vmat_fput_text(stdout, path);
	printf(": survey \"%s\" version %ld: ", vmat_survey_id(s), vmat_survey_version(s));
	vmat_fput_text(stdout, vmat_survey_title(s));
	putchar('\n');
	printf("\nStages (%zu):\n", ns);
	for (size_t i = 0; i < ns; i++) {
		printf("  %zu  %-22s ", i + 1, stages[i].id);
		vmat_fput_text(stdout, stages[i].name);
		printf("\n      requires");
		for (size_t k = 0; k < stages[i].nrequires; k++) {
			const struct vmat_requirement *r = &stages[i].requires[k];
			printf("%s %s >= %s", k ? "," : "", dims[r->dimension].id,
			       vmat_fmt_number(num, r->min));
		}
		printf("%s\n", stages[i].nrequires ? "" : " nothing");
	}
	printf("\nDimensions (%zu):\n", nd);
	for (size_t i = 0; i < nd; i++) {
		printf("  %-14s %-10s weight %-4s %2zu question%s  ", dims[i].id,
		       dims[i].intent ? "intent" : "capability", vmat_fmt_number(num, dims[i].weight),
		       dims[i].nquestions, dims[i].nquestions == 1 ? " " : "s");
		vmat_fput_text(stdout, dims[i].name);
		putchar('\n');
	}
	printf("\nFields (* required):");
	for (size_t i = 0; i < nf; i++) {
		printf("%s %s%s", i ? "," : "", fields[i].id, fields[i].required ? "*" : "");
		if (fields[i].nvalues) {
			printf(" (");
			for (size_t k = 0; k < fields[i].nvalues; k++) {
				fputs(k ? " " : "", stdout);
				vmat_fput_text(stdout, fields[i].values[k]);
			}
			printf(")");
		}
	}
	size_t per_type[7] = { 0 }, when = 0, scored = 0;
	for (size_t i = 0; i < nq; i++) {
		per_type[qs[i].type]++;
		when += qs[i].has_when;
		scored += qs[i].dimension >= 0;
	}
	printf("\n\nQuestions: %zu (%zu scored, %zu with skip logic):", nq, scored, when);
	for (size_t t = 0, first = 1; t < 7; t++) {
		if (per_type[t]) {
			printf("%s %zu %s", first ? "" : ",", per_type[t], type_names[t]);
			first = 0;
		}
	}
	printf("\n");
}

int
cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return finish_stdout("check");
		}
		return option_error("check", c, argv, options);
	}
	if (optind == argc) {
		return usage_error("check", "no survey file given");
	}
	struct vmat_diags *diags;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		fprintf(stderr, "vmat: out of memory\n");
		return EXIT_DATA;
	}
	int status = EXIT_OK;
	bool printed = false;
	for (int i = optind; i < argc; i++) {
		struct vmat_survey *s;
		if (load_survey(&s, argv[i], diags) != EXIT_OK) {
			status = EXIT_DATA;
			continue;
		}
		if (printed) {
			printf("\n");
		}
		summary(argv[i], s);
		printed = true;
		vmat_survey_destroy(s);
	}
	vmat_diags_destroy(diags);
	int out = finish_stdout("check");
	return status ? status : out;
}
