/* libFuzzer: the survey loader (JSON checks, then every validation rule). */
#include "private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmat_diags *diags;
	struct vmat_survey *s;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		return 0;
	}
	vmat_survey_parse(&s, (const char *)data, size, "fuzz.json", diags);
	vmat_survey_destroy(s);
	vmat_diags_destroy(diags);
	return 0;
}
