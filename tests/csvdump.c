/* Prints a CSV file as libvmat's bulk CSV reader sees it: a JSON array of
 * objects keyed by the header, as the csv-spectrum suite writes them.
 * Problems go to stderr, exit status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: csvdump FILE.csv\n");
		return 2;
	}
	FILE *fp = fopen(argv[1], "rb");
	struct vmat_diags *diags;
	struct csv_reader *r;
	if (!fp || vmat_diags_create(&diags) != VMAT_OK ||
	    csv_reader_create(&r, fp, argv[1]) != VMAT_OK) {
		return 2;
	}
	char *header[256];
	size_t nheader = 0, rows = 0;
	struct csv_record rec;
	int rc, status = 0;
	printf("[");
	while ((rc = csv_reader_next(r, &rec, diags)) != 0) {
		if (rc < 0) {
			status = 1;
			if (rc != VMAT_EINVAL) {
				break;
			}
			continue;
		}
		if (!nheader) {
			for (size_t i = 0; i < rec.n && i < 256; i++) {
				header[nheader++] = strdup(rec.cells[i] ? rec.cells[i] : "");
			}
			continue;
		}
		printf("%s\n{", rows++ ? "," : "");
		for (size_t i = 0; i < rec.n && i < nheader; i++) {
			printf("%s", i ? ", " : "");
			json_string(stdout, header[i], strlen(header[i]));
			printf(": ");
			json_string(stdout, rec.cells[i] ? rec.cells[i] : "", rec.lens[i]);
		}
		printf("}");
	}
	printf("\n]\n");
	for (size_t i = 0; i < vmat_diags_count(diags); i++) {
		vmat_diag_print(stderr, vmat_diags_get(diags, i));
	}
	for (size_t i = 0; i < nheader; i++) {
		free(header[i]);
	}
	csv_reader_destroy(r);
	vmat_diags_destroy(diags);
	fclose(fp);
	return status;
}
