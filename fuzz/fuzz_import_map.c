/* libFuzzer: an import map, applied to a fixed form export. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char export_csv[] =
	"Timestamp,Region,Pick,Several,Yes?,Scale,Num,Pct,Text\n"
	"5/12/2010 14:03:22,NA,X,P; Q,Yes,3,2.5,45%,hello\n"
	"13/45/2010,Mars,Z,,maybe,9,abc,150,\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64], map[96], csv[96];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/vmat-fuzz-%ld", (long)getpid());
		snprintf(map, sizeof(map), "%s-map.json", dir);
		snprintf(csv, sizeof(csv), "%s-export.csv", dir);
		FILE *fp = fopen(csv, "w");
		if (fp) {
			fputs(export_csv, fp);
			fclose(fp);
		}
	}
	FILE *fp = fopen(map, "w");
	struct vmat_survey *s = fuzz_survey();
	struct vmat_diags *diags;
	if (!fp || !s || vmat_diags_create(&diags) != VMAT_OK) {
		if (fp) {
			fclose(fp);
		}
		return 0;
	}
	fwrite(data, 1, size, fp);
	fclose(fp);
	struct vmat_import_counts counts;
	/* a directory that is never made: every map either fails or
	 * finds rows to write, and the write fails harmlessly */
	char out[128];
	snprintf(out, sizeof(out), "%s/does/not/exist", dir);
	vmat_import(s, csv, map, out, true, &counts, diags);
	vmat_diags_destroy(diags);
	return 0;
}
