/* Scores response files with libvmat and prints one line per response.
 *
 *	cc example.c $(pkg-config --cflags --libs vmat) -o example
 *	./example surveys/journey.json surveys/samples
 */
#include <stdio.h>

#include <vmat.h>

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s SURVEY RESPONSE...\n", argv[0]);
		return 2;
	}
	struct vmat_diags *diags;
	struct vmat_survey *survey;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		return 1;
	}
	int status = 1;
	if (vmat_survey_load(&survey, argv[1], diags) == VMAT_OK) {
		struct vmat_reader *reader;
		struct vmat_result result;
		if (vmat_reader_create(&reader, survey, (const char *const *)argv + 2,
				       (size_t)argc - 2, NULL) == VMAT_OK &&
		    vmat_result_init(&result, survey) == VMAT_OK) {
			const struct vmat_response *r;
			int rc;
			status = 0;
			while ((rc = vmat_reader_next(reader, &r, diags)) != 0) {
				if (rc < 0) {
					status = 1;	/* the reasons are in diags */
					continue;
				}
				vmat_score(survey, r, &result);
				char index[32];
				printf("%s: %s, index %s\n", r->fields[1],
				       vmat_survey_stage_id(survey, result.stage),
				       vmat_fmt_number(index, result.index));
			}
			vmat_result_finish(&result);
		}
		vmat_reader_destroy(reader);
		vmat_survey_destroy(survey);
	}
	for (size_t i = 0; i < vmat_diags_count(diags); i++) {
		vmat_diag_print(stderr, vmat_diags_get(diags, i));
	}
	vmat_diags_destroy(diags);
	return status;
}
