/* Countries (reference §2 `country`): ISO 3166-1, read from Debian's
 * iso-codes data once per process, so that "Chile", "chile", "CHL" and "cl"
 * are all the code CL, and a typo gets a "did you mean". */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "private.h"

#define ISO_3166_1 "/usr/share/iso-codes/json/iso_3166-1.json"

struct country {
	char code[3], alpha3[4];
	const char *name;	/* the common name when iso-codes has one */
	const char *keys[3];	/* folded name, common and official names; NULL: none */
};

static struct {
	struct arena arena;
	struct country *list;
	size_t n;
	const char **names;	/* for vmat_nearest(), parallel to list */
	pthread_once_t once;
} table = { .once = PTHREAD_ONCE_INIT };

static const char *
folded(const char *s)
{
	char key[CUSTOMER_KEY_MAX];
	customer_key(key, sizeof(key), s);
	return arena_strdup(&table.arena, key);
}

static const char *
member(const struct jv *c, const char *key)
{
	const struct jv *v = jv_get(c, key);
	return v && v->type == J_STRING ? v->str : NULL;
}

/* Reads the table; without the file (iso-codes not installed, or
 * VMAT_ISO_CODES naming none) it stays empty and countries are not checked. */
static void
load(void)
{
	const char *path = getenv("VMAT_ISO_CODES");
	struct vmat_diags *diags;
	if (vmat_diags_create(&diags) != VMAT_OK) {
		return;
	}
	struct file_text ft = { 0 };
	struct jv *doc = NULL;
	if (file_read(&ft, path && *path ? path : ISO_3166_1, MAX_JSON_FILE, diags) == VMAT_OK &&
	    json_parse(&doc, &table.arena, ft.data, ft.len, ISO_3166_1, diags) == VMAT_OK) {
		const struct jv *all = jv_get(doc, "3166-1");
		size_t n = all && all->type == J_ARRAY ? all->len : 0;
		table.list = arena_calloc(&table.arena, n + 1, sizeof(*table.list));
		table.names = arena_calloc(&table.arena, n + 1, sizeof(*table.names));
		for (size_t i = 0; table.list && table.names && i < n; i++) {
			const struct jv *c = &all->kids[i];
			const char *a2 = member(c, "alpha_2"), *a3 = member(c, "alpha_3");
			const char *name = member(c, "name"), *common = member(c, "common_name");
			if (!a2 || strlen(a2) != 2 || !a3 || strlen(a3) != 3 || !name) {
				continue;
			}
			struct country *k = &table.list[table.n];
			memcpy(k->code, a2, 3);
			memcpy(k->alpha3, a3, 4);
			k->name = arena_strdup(&table.arena, common ? common : name);
			k->keys[0] = folded(name);
			k->keys[1] = common ? folded(common) : NULL;
			k->keys[2] = member(c, "official_name") ? folded(member(c, "official_name"))
								 : NULL;
			table.names[table.n++] = k->name;
		}
	}
	free(ft.data);
	vmat_diags_destroy(diags);
}

static const struct country *
find(const char *v, size_t len)
{
	pthread_once(&table.once, load);
	for (size_t i = 0; i < table.n && (len == 2 || len == 3); i++) {
		const struct country *k = &table.list[i];
		if (strncasecmp(len == 2 ? k->code : k->alpha3, v, len) == 0) {
			return k;
		}
	}
	char given[CUSTOMER_KEY_MAX], key[CUSTOMER_KEY_MAX];
	snprintf(given, sizeof(given), "%.*s", (int)len, v);
	customer_key(key, sizeof(key), given);
	for (size_t i = 0; i < table.n; i++) {
		const struct country *k = &table.list[i];
		for (size_t j = 0; j < 3; j++) {
			if (k->keys[j] && strcmp(k->keys[j], key) == 0) {
				return k;
			}
		}
	}
	return NULL;
}

const char *
country_code(const char *v, size_t len, bool *known)
{
	const struct country *k = find(v, len);
	*known = table.n > 0;
	return k ? k->code : NULL;
}

const char *
country_nearest(const char *v, size_t len, const char **code)
{
	char given[CUSTOMER_KEY_MAX];
	snprintf(given, sizeof(given), "%.*s", (int)len, v);
	const char *name = vmat_nearest(given, table.names, table.n);
	*code = NULL;
	for (size_t i = 0; name && i < table.n; i++) {
		*code = table.names[i] == name ? table.list[i].code : *code;
	}
	return name;
}

const char *const *
country_names(size_t *n)
{
	pthread_once(&table.once, load);
	*n = table.n;
	return table.names;
}
