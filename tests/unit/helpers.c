
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

char *
diags_text(struct vmat_diags *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	for (size_t i = 0; i < vmat_diags_count(d); i++) {
		vmat_diag_print(fp, vmat_diags_get(d, i));
	}
	fclose(fp);
	vmat_diags_clear(d);
	return text;
}

struct vmat_survey *
survey_ok(const char *json)
{
	struct vmat_diags *d;
	struct vmat_survey *s;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	int rc = vmat_survey_parse(&s, json, strlen(json), "s.json", d);
	char *text = diags_text(d);
	if (rc != VMAT_OK) {
		print_error("survey expected valid, got:\n%s", text);
	}
	free(text);
	vmat_diags_destroy(d);
	assert_int_equal(rc, VMAT_OK);
	return s;
}

char *
survey_problems(const char *json)
{
	struct vmat_diags *d;
	struct vmat_survey *s;
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	int rc = vmat_survey_parse(&s, json, strlen(json), "s.json", d);
	vmat_survey_destroy(s);
	char *text = diags_text(d);
	vmat_diags_destroy(d);
	if (rc != VMAT_EINVAL) {
		print_error("survey expected invalid, got rc %d and:\n%s", rc, text);
	}
	assert_int_equal(rc, VMAT_EINVAL);
	return text;
}

static struct response_builder *builder;

void
response_done(void)
{
	response_builder_destroy(builder);
	builder = NULL;
}

const struct vmat_response *
response_json(const struct vmat_survey *s, const char *json, char **problems)
{
	struct vmat_diags *d;
	const struct vmat_response *r = NULL;
	response_done();
	assert_int_equal(response_builder_create(&builder, s, false), VMAT_OK);
	assert_int_equal(vmat_diags_create(&d), VMAT_OK);
	int rc = response_from_json(builder, &r, "r.json", json, strlen(json), d);
	char *text = diags_text(d);
	vmat_diags_destroy(d);
	if (problems) {
		*problems = text;
	} else {
		if (rc != VMAT_OK) {
			print_error("response expected valid, got:\n%s", text);
		}
		free(text);
	}
	return rc == VMAT_OK ? r : NULL;
}

void
assert_near_impl(double a, double b, const char *file, int line)
{
	if ((isnan(a) && isnan(b)) || fabs(a - b) < 1e-9) {
		return;
	}
	print_error("%s:%d: expected %.17g, got %.17g\n", file, line, b, a);
	fail();
}

static int
remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

int
remove_tree(const char *dir)
{
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
