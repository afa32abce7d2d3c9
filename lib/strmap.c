/* A map from strings to indices: open addressing, linear probing. Keys are
 * borrowed: they must outlive the map. */
#include <stdlib.h>
#include <string.h>

#include "private.h"

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	}
	return h;
}

static bool
grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_slot *slots = calloc(cap, sizeof(*slots));
	if (!slots) {
		return false;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i].key) {
			size_t k = m->slots[i].hash & (cap - 1);
			while (slots[k].key) {
				k = (k + 1) & (cap - 1);
			}
			slots[k] = m->slots[i];
		}
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return true;
}

size_t *
strmap_put(struct strmap *m, const char *key, size_t len, size_t value, bool *added)
{
	if ((m->n + 1) * 4 > m->cap * 3 && !grow(m)) {
		return NULL;
	}
	uint64_t h = hash(key, len);
	size_t k = h & (m->cap - 1);
	for (; m->slots[k].key; k = (k + 1) & (m->cap - 1)) {
		struct strmap_slot *s = &m->slots[k];
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
			*added = false;
			return &s->value;
		}
	}
	m->slots[k] = (struct strmap_slot){ .key = key, .len = len, .hash = h, .value = value };
	m->n++;
	*added = true;
	return &m->slots[k].value;
}

const size_t *
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (m->n == 0) {
		return NULL;
	}
	uint64_t h = hash(key, len);
	for (size_t k = h & (m->cap - 1); m->slots[k].key; k = (k + 1) & (m->cap - 1)) {
		const struct strmap_slot *s = &m->slots[k];
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
			return &s->value;
		}
	}
	return NULL;
}

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	*m = (struct strmap){ 0 };
}
