#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
print_diags(struct vmat_diags *diags)
{
	for (size_t i = 0; i < vmat_diags_count(diags); i++) {
		vmat_diag_print(stderr, vmat_diags_get(diags, i));
	}
	vmat_diags_clear(diags);
}

int
usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "vmat %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'vmat %s --help'.\n", cmd);
	va_end(ap);
	return EXIT_USAGE;
}

int
load_survey(struct vmat_survey **out, const char *path, struct vmat_diags *diags)
{
	int rc = vmat_survey_load(out, path, diags);
	print_diags(diags);
	if (rc == VMAT_ENOMEM) {
		fprintf(stderr, "vmat: out of memory\n");
	}
	return rc == VMAT_OK ? EXIT_OK : EXIT_DATA;
}

int
finish_stdout(const char *cmd)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "vmat %s: cannot write to standard output: %s\n", cmd,
			errno ? strerror(errno) : "write error");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int
each_response(const struct vmat_survey *survey, char **inputs, size_t ninputs,
	      const struct vmat_read_options *opt, struct vmat_diags *diags, each_fn *fn, void *ctx,
	      size_t *valid, size_t *invalid)
{
	struct vmat_reader *reader;
	struct vmat_result result;
	*valid = *invalid = 0;
	if (vmat_reader_create(&reader, survey, (const char *const *)inputs, ninputs, opt) !=
	    VMAT_OK) {
		return VMAT_ENOMEM;
	}
	if (vmat_result_init(&result, survey) != VMAT_OK) {
		vmat_reader_destroy(reader);
		return VMAT_ENOMEM;
	}
	const struct vmat_response *resp;
	int rc;
	while ((rc = vmat_reader_next(reader, &resp, diags)) != 0) {
		print_diags(diags);
		if (rc == VMAT_ENOMEM) {
			break;
		}
		if (rc < 0) {
			++*invalid;
			continue;
		}
		++*valid;
		vmat_score(survey, resp, &result);
		if ((rc = fn(ctx, resp, &result)) != VMAT_OK) {
			break;
		}
	}
	vmat_result_finish(&result);
	vmat_reader_destroy(reader);
	return rc;
}

int
invalid_status(const char *cmd, size_t valid, size_t invalid, bool skip_invalid)
{
	if (!invalid) {
		return EXIT_OK;
	}
	if (skip_invalid) {
		fprintf(stderr, "vmat %s: skipped %zu invalid response%s; %zu scored\n", cmd, invalid,
			invalid == 1 ? "" : "s", valid);
		return EXIT_OK;
	}
	fprintf(stderr, "vmat %s: %zu of %zu responses invalid\n", cmd, invalid, invalid + valid);
	return EXIT_DATA;
}
