/* Name interning: see names.h. */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "names.h"
#include "private.h"

static bool
names_grow(struct names *names)
{
	size_t cap = grown(names->n, names->cap);
	if (cap == names->cap) {
		return true;
	}
	struct name_slot *slots = table_calloc(cap, sizeof(*slots));
	if (!slots) {
		return false;
	}
	for (size_t i = 0; i < names->n; i++) {
		const struct name *it = name_at(names, names->at[i] + 1);
		size_t k = it->hash & (cap - 1);
		while (slots[k].at) {
			k = (k + 1) & (cap - 1);
		}
		slots[k] = (struct name_slot){ (uint32_t)(it->hash >> 32), names->at[i] + 1 };
	}
	free(names->slots);
	names->slots = slots;
	names->cap = cap;
	return true;
}

long
names_intern(struct names *names, const char *s, size_t len, uint64_t h, bool *added)
{
	if (!names_grow(names)) {
		return -1;
	}
	size_t k = h & (names->cap - 1);
	for (const struct name_slot *v; (v = &names->slots[k])->at; k = (k + 1) & (names->cap - 1)) {
		if (v->tag == (uint32_t)(h >> 32)) {
			const struct name *it = name_at(names, v->at);
			if (it->len == len && memcmp(it->s, s, len) == 0) {
				*added = false;
				return it->number;
			}
		}
	}
	*added = true;
	size_t size = (sizeof(struct name) + len + 1 + 7) / 8 * 8;
	if (names->n >= UINT32_MAX - 1 || len > UINT32_MAX ||
	    (names->len + size) / 8 >= UINT32_MAX - 1 ||
	    !array_reserve((void **)&names->at, &names->capat, names->n, sizeof(*names->at))) {
		return -1;
	}
	if (names->len + size > names->capheap) {
		size_t cap = names->capheap ? names->capheap : 4096;
		while (cap < names->len + size) {
			cap *= 2;
		}
		char *heap = realloc(names->heap, cap);
		if (!heap) {
			return -1;
		}
		names->heap = heap;
		names->capheap = cap;
	}
	struct name *it = (struct name *)(names->heap + names->len);
	it->hash = h;
	it->len = (uint32_t)len;
	it->number = (uint32_t)names->n;
	memcpy(it->s, s, len);
	it->s[len] = '\0';
	names->at[names->n] = (uint32_t)(names->len / 8);
	names->slots[k] = (struct name_slot){ (uint32_t)(h >> 32), (uint32_t)(names->len / 8 + 1) };
	names->len += size;
	return (long)names->n++;
}

long
names_intern_string(struct names *names, const char *s, bool *added)
{
	size_t len = strlen(s);
	return names_intern(names, s, len, hash_bytes(s, len), added);
}

size_t *
names_map(struct names *to, const struct names *from)
{
	size_t *map = malloc((from->n + 1) * sizeof(*map));
	for (size_t i = 0; map && i < from->n; i++) {
		const struct name *it = name_at(from, from->at[i] + 1);
		bool added;
		long n = names_intern(to, it->s, it->len, it->hash, &added);
		if (n < 0) {
			free(map);
			return NULL;
		}
		map[i] = (size_t)n;
	}
	return map;
}

void
names_clear(struct names *names)
{
	free(names->slots);
	names->slots = NULL;
	names->cap = names->n = names->len = 0;
}

void
names_free(struct names *names)
{
	names_clear(names);
	free(names->heap);
	free(names->at);
}
