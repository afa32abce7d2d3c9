/* bench/csvparse: the ceiling of the CSV parser vmat uses (bench/README.md).
 *
 * Reads FILE in 64 KiB blocks and hands them to libcsv with the options of
 * lib/csvread.c, doing nothing per field but counting it, then prints
 * "ROWS FIELDS". No scoring, no allocation per row: whatever vmat report takes
 * beyond this loop is vmat's own work.
 *
 *	cc -O2 -o csvparse bench/csvparse.c -lcsv
 *	csvparse FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

enum { BLOCK = 1 << 16 };	/* bytes per fread, as lib/csvread.c reads */

struct counts {
	unsigned long long fields, rows;
};

static void
on_field(void *field, size_t len, void *data)
{
	(void)field;
	(void)len;
	((struct counts *)data)->fields++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	((struct counts *)data)->rows++;
}

/* RFC 4180 keeps spaces; libcsv trims them unless told otherwise (as lib/csvread.c). */
static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: csvparse FILE\n");
		return 2;
	}
	FILE *fp = fopen(argv[1], "rb");
	if (!fp) {
		perror(argv[1]);
		return 1;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
		fprintf(stderr, "csvparse: csv_init failed\n");
		return 1;
	}
	csv_set_space_func(&p, never_space);
	csv_set_blk_size(&p, BLOCK);

	static char buf[BLOCK];
	struct counts n = { 0, 0 };
	size_t got;
	int status = 0;
	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (csv_parse(&p, buf, got, on_field, on_row, &n) != got) {
			fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			status = 1;
			break;
		}
	}
	if (ferror(fp)) {
		perror(argv[1]);
		status = 1;
	}
	if (status == 0 && csv_fini(&p, on_field, on_row, &n) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
		status = 1;
	}
	csv_free(&p);
	fclose(fp);
	if (status == 0) {
		printf("%llu %llu\n", n.rows, n.fields);
	}
	return status;
}
