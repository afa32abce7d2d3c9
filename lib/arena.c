#include <stdlib.h>
#include <string.h>

#include "private.h"

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	max_align_t data[];
};

enum { BLOCK_SIZE = 16384 };

void *
arena_alloc(struct arena *a, size_t size)
{
	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t cap = size > BLOCK_SIZE ? size : BLOCK_SIZE;
		b = malloc(sizeof(*b) + cap);
		if (!b) {
			return NULL;
		}
		b->size = cap;
		b->used = 0;
		/* A large allocation goes behind the current block so that the
		 * current block's free space is still used for small ones. */
		if (size > BLOCK_SIZE && a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		return NULL;
	}
	void *p = arena_alloc(a, n * size);
	if (p) {
		memset(p, 0, n * size);
	}
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return NULL;
	}
	char *p = arena_alloc(a, (size_t)n + 1);
	if (p) {
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return p;
}

void
arena_take(struct arena *to, struct arena *from)
{
	struct arena_block *first = from->head;
	if (!first) {
		return;
	}
	struct arena_block *last = first;
	while (last->next) {
		last = last->next;
	}
	/* behind to's current block, whose free space stays in use */
	if (to->head) {
		last->next = to->head->next;
		to->head->next = first;
	} else {
		to->head = first;
	}
	from->head = NULL;
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b = a->head;
	if (!b) {
		return;
	}
	struct arena_block *next = b->next;
	while (next) {
		struct arena_block *n = next->next;
		free(next);
		next = n;
	}
	b->next = NULL;
	b->used = 0;
}

void
arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->head);
	a->head = NULL;
}
