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
