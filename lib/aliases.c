/* The other names of customers (reference §9 `--aliases`): a CSV file of
 * alias,customer rows, read into a map from an alias's customer key to its
 * customer's, which `history`, `report` and `peers` look names up in. */
#include <stdlib.h>
#include <string.h>

#include "private.h"

struct vmat_aliases {
	struct arena arena;
	struct strmap map;	/* an alias's key -> its customer's, in to */
	struct alias {
		const char *to;	/* the customer's key */
		const char *name;	/* the customer, as the file spells it */
		long line;	/* the row that gives it */
	} *to;
	size_t n, cap;
};

/* A problem in the data: its message, then VMAT_EINVAL (or VMAT_ENOMEM). */
static int
invalid(int added)
{
	return added == VMAT_OK ? VMAT_EINVAL : added;
}


static int
alias_row(struct vmat_aliases *al, const char *path, const struct csv_record *rec,
	  struct vmat_diags *diags)
{
	char alias[CUSTOMER_KEY_MAX], customer[CUSTOMER_KEY_MAX], q1[96], q2[96];
	size_t la = rec->cells[0] ? rec->lens[0] : 0, lc = rec->cells[1] ? rec->lens[1] : 0;
	const char *a = rec->cells[0] ? trim(rec->cells[0], &la) : "";
	const char *c = rec->cells[1] ? trim(rec->cells[1], &lc) : "";
	if (la == 0 || lc == 0) {
		return invalid(diag_add(diags, VMAT_ERROR, path, rec->line, 0, "",
					"an alias and its customer are both needed"));
	}
	char *as = arena_strndup(&al->arena, a, la), *cs = arena_strndup(&al->arena, c, lc);
	if (!as || !cs) {
		return VMAT_ENOMEM;
	}
	customer_key(alias, sizeof(alias), as);
	customer_key(customer, sizeof(customer), cs);
	const char *to = arena_strdup(&al->arena, customer), *key = arena_strdup(&al->arena, alias);
	if (!to || !key ||
	    !array_reserve((void **)&al->to, &al->cap, al->n,
			   sizeof(*al->to))) {
		return VMAT_ENOMEM;
	}
	bool added;
	size_t *at = strmap_put(&al->map, key, strlen(key), al->n, &added);
	if (!at) {
		return VMAT_ENOMEM;
	}
	const struct alias *was = added ? NULL : &al->to[*at];
	if (was && strcmp(was->to, to) != 0) {
		char q3[96];
		return invalid(diag_add(diags, VMAT_ERROR, path, rec->line, 0, "",
					"alias %s is given for two customers: %s and %s",
					quote_value(q1, sizeof(q1), as, la),
					quote_value(q3, sizeof(q3), was->name, strlen(was->name)),
					quote_value(q2, sizeof(q2), cs, lc)));
	}
	if (added) {
		al->to[al->n++] = (struct alias){ to, cs, rec->line };
	}
	return VMAT_OK;
}

static int
aliases_read(struct vmat_aliases *al, const char *path, struct vmat_diags *diags)
{
	struct file_text ft = { 0 };
	int rc = file_read(&ft, path, MAX_CSV_RECORD, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	if (ft.len == 0) {
		free(ft.data);
		return invalid(diag_add(diags, VMAT_ERROR, path, 0, 0, "",
					"no header: it must be alias,customer"));
	}
	FILE *fp = fmemopen(ft.data, ft.len, "r");
	struct csv_reader *r = NULL;
	if (!fp || csv_reader_create(&r, fp, path) != VMAT_OK) {
		rc = VMAT_ENOMEM;
		goto out;
	}
	size_t before = vmat_diags_errors(diags);
	struct csv_record rec;
	bool header = true;
	while ((rc = csv_reader_next(r, &rec, diags)) != 0 && rc != VMAT_EIO && rc != VMAT_ENOMEM) {
		if (rc != 1) {
			continue;	/* malformed, reported */
		}
		if (header) {
			header = false;
			if (rec.n != 2 || !rec.cells[0] || !rec.cells[1] ||
			    strcmp(rec.cells[0], "alias") != 0 || strcmp(rec.cells[1], "customer") != 0) {
				rc = diag_add(diags, VMAT_ERROR, path, rec.line, 0, "",
					      "the header must be alias,customer");
				break;
			}
			continue;
		}
		if ((rc = alias_row(al, path, &rec, diags)) == VMAT_ENOMEM) {
			break;
		}
	}
	if (header && rc == 0) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, "", "no header: it must be alias,customer");
	}
	/* an alias of an alias would depend on the order of the rows */
	for (size_t i = 0; i < al->n && rc != VMAT_ENOMEM; i++) {
		const struct alias *a = &al->to[i];
		const size_t *again = strmap_get(&al->map, a->to, strlen(a->to));
		if (again && strcmp(al->to[*again].to, a->to) != 0) {
			char q1[96], q2[96];
			const char *to = al->to[*again].name;
			rc = diag_add(diags, VMAT_ERROR, path, a->line, 0, "",
				      "customer %s is itself an alias of %s: name the customer it "
				      "stands for",
				      quote_value(q1, sizeof(q1), a->name, strlen(a->name)),
				      quote_value(q2, sizeof(q2), to, strlen(to)));
		}
	}
	if (rc != VMAT_ENOMEM && rc != VMAT_EIO) {
		rc = vmat_diags_errors(diags) > before ? VMAT_EINVAL : VMAT_OK;
	}
	if (rc != VMAT_OK) {
		strmap_free(&al->map);
		al->n = 0;
	}
out:
	csv_reader_destroy(r);
	if (fp) {
		fclose(fp);
	}
	free(ft.data);
	return rc;
}

int
vmat_aliases_read(struct vmat_aliases **out, const char *path, struct vmat_diags *diags)
{
	*out = calloc(1, sizeof(**out));
	if (!*out) {
		return VMAT_ENOMEM;
	}
	int rc = aliases_read(*out, path, diags);
	if (rc != VMAT_OK) {
		vmat_aliases_destroy(*out);
		*out = NULL;
	}
	return rc;
}

void
vmat_aliases_destroy(struct vmat_aliases *a)
{
	if (a) {
		arena_free(&a->arena);
		strmap_free(&a->map);
		free(a->to);
		free(a);
	}
}

const char *
aliases_find(const struct vmat_aliases *a, const char *key)
{
	const size_t *at = a ? strmap_get(&a->map, key, strlen(key)) : NULL;
	return at ? a->to[*at].to : NULL;
}
