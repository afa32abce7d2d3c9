/* libFuzzer: the response JSON reader, then scoring and writing back. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmat_survey *s = fuzz_survey();
	struct response_builder *b;
	struct vmat_diags *diags;
	struct file_text ft;
	if (!s || vmat_diags_create(&diags) != VMAT_OK) {
		return 0;
	}
	if (text_check(&ft, (const char *)data, size, "r.json", diags) == VMAT_OK &&
	    response_builder_create(&b, s, false) == VMAT_OK) {
		const struct vmat_response *r;
		if (response_from_json(b, &r, "r.json", ft.data, ft.len, diags) == VMAT_OK) {
			struct vmat_result res;
			if (vmat_result_init(&res, s) == VMAT_OK) {
				vmat_score(s, r, &res);
				FILE *null = fopen("/dev/null", "w");
				if (null) {
					vmat_response_write_json(null, s, r);
					fclose(null);
				}
				vmat_result_finish(&res);
			}
		}
		response_builder_destroy(b);
		free(ft.data);
	}
	vmat_diags_destroy(diags);
	return 0;
}
