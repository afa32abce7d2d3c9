/* libFuzzer: the bulk CSV reader, through the public reader on "-". */
#include <stdio.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmat_survey *s = fuzz_survey();
	FILE *in = fmemopen((void *)data, size, "rb");
	struct vmat_diags *diags;
	if (!s || !in || vmat_diags_create(&diags) != VMAT_OK) {
		if (in) {
			fclose(in);
		}
		return 0;
	}
	static const char *const inputs[] = { "-" };
	struct vmat_read_options opt = { .stdin_fp = in };
	struct vmat_reader *r;
	struct vmat_result res;
	if (vmat_reader_create(&r, s, inputs, 1, &opt) == VMAT_OK) {
		if (vmat_result_init(&res, s) == VMAT_OK) {
			const struct vmat_response *resp;
			int rc;
			while ((rc = vmat_reader_next(r, &resp, diags)) != 0 && rc != VMAT_ENOMEM) {
				if (rc == 1) {
					vmat_score(s, resp, &res);
				}
				vmat_diags_clear(diags);
			}
			vmat_result_finish(&res);
		}
		vmat_reader_destroy(r);
	}
	vmat_diags_destroy(diags);
	fclose(in);
	return 0;
}
