/* The responses a run has read: for each id, the place of its first version
 * in input order and a fingerprint of that version's content. Workers of
 * vmat_run() put responses in any order; the table keeps the earliest place
 * whatever the order of the puts, so that "first" means first in the
 * inputs, never first in time.
 *
 * Ids and contents are kept as 64-bit hashes: two different ids with the
 * same hash (about one chance in 10^7 among a million ids) would be taken
 * for one, and reported as a conflict or a duplicate naming both places.
 * An entry is 24 bytes; the table is at most 3/4 full. It is cut into
 * shards, each with its own lock, so that threads seldom wait for one. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "hash.h"
#include "private.h"

enum { SHARDS = 64 };	/* a power of two */

struct shard {
	pthread_mutex_t lock;
	struct seen_entry *slots;	/* id 0: a free slot */
	size_t len, cap;
};

struct seen {
	struct shard shards[SHARDS];
	bool locked;
};

int
seen_create(struct seen **out, bool threads)
{
	struct seen *s = calloc(1, sizeof(*s));
	if (!s) {
		return VMAT_ENOMEM;
	}
	for (size_t i = 0; i < SHARDS; i++) {
		pthread_mutex_init(&s->shards[i].lock, NULL);
	}
	s->locked = threads;
	*out = s;
	return VMAT_OK;
}

void
seen_destroy(struct seen *s)
{
	if (!s) {
		return;
	}
	for (size_t i = 0; i < SHARDS; i++) {
		pthread_mutex_destroy(&s->shards[i].lock);
		free(s->shards[i].slots);
	}
	free(s);
}

/* The id's slot in sh: its entry, or the free slot where it goes. The low
 * bits of the id pick the slot, the high ones the shard. */
static struct seen_entry *
slot(const struct shard *sh, uint64_t id)
{
	size_t k = id & (sh->cap - 1);
	while (sh->slots[k].id && sh->slots[k].id != id) {
		k = (k + 1) & (sh->cap - 1);
	}
	return &sh->slots[k];
}

static bool
grow(struct shard *sh)
{
	size_t cap = sh->cap ? sh->cap * 2 : 64;
	struct shard bigger = { .slots = calloc(cap, sizeof(*bigger.slots)), .cap = cap };
	if (!bigger.slots) {
		return false;
	}
	for (size_t i = 0; i < sh->cap; i++) {
		if (sh->slots[i].id) {
			*slot(&bigger, sh->slots[i].id) = sh->slots[i];
		}
	}
	free(sh->slots);
	sh->slots = bigger.slots;
	sh->cap = cap;
	return true;
}

static uint64_t
key(uint64_t id)
{
	return id ? id : 1;	/* 0 marks a free slot */
}

int
seen_put(struct seen *s, struct seen_entry *e, struct seen_entry *was)
{
	e->id = key(e->id);
	struct shard *sh = &s->shards[e->id >> 58 & (SHARDS - 1)];
	if (s->locked) {
		pthread_mutex_lock(&sh->lock);
	}
	int rc = SEEN_NEW;
	if ((sh->len + 1) * 4 > sh->cap * 3 && !grow(sh)) {
		rc = VMAT_ENOMEM;
	} else {
		struct seen_entry *x = slot(sh, e->id);
		if (!x->id) {
			*x = *e;
			sh->len++;
		} else if (x->place < e->place) {
			*was = *x;
			rc = SEEN_AFTER;
		} else {
			*was = *x;
			*x = *e;
			rc = SEEN_BEFORE;
		}
	}
	if (s->locked) {
		pthread_mutex_unlock(&sh->lock);
	}
	return rc;
}

bool
seen_get(struct seen *s, uint64_t id, struct seen_entry *out)
{
	id = key(id);
	struct shard *sh = &s->shards[id >> 58 & (SHARDS - 1)];
	if (s->locked) {
		pthread_mutex_lock(&sh->lock);
	}
	const struct seen_entry *x = sh->cap ? slot(sh, id) : NULL;
	bool found = x && x->id;
	if (found) {
		*out = *x;
	}
	if (s->locked) {
		pthread_mutex_unlock(&sh->lock);
	}
	return found;
}

static uint64_t
add(uint64_t h, uint64_t v)
{
	return hash_mix(h ^ v) * 0x9e3779b97f4a7c15u;
}

static uint64_t
add_string(uint64_t h, const char *s)
{
	return add(h, s ? hash_bytes(s, strlen(s)) : 0);
}

static uint64_t
add_number(uint64_t h, double v)
{
	uint64_t bits;
	v = v == 0 ? 0 : v;	/* -0 is 0 */
	memcpy(&bits, &v, sizeof(bits));
	return add(h, bits);
}

uint64_t
seen_content(const struct vmat_survey *survey, const struct vmat_response *r)
{
	size_t nfields, nquestions;
	vmat_survey_fields(survey, &nfields);
	const struct vmat_question *qs = vmat_survey_questions(survey, &nquestions);
	uint64_t h = 0x243f6a8885a308d3u;
	for (size_t f = 0; f < nfields; f++) {
		h = add_string(h, r->fields[f]);
	}
	for (size_t q = 0; q < nquestions; q++) {
		const struct vmat_answer *a = &r->answers[q];
		h = add(h, a->state);
		h = add_string(h, r->notes[q]);
		if (a->state == VMAT_NOT_APPLICABLE) {
			h = add_string(h, a->text);	/* the reason */
		}
		if (a->state != VMAT_ANSWERED) {
			continue;
		}
		switch (qs[q].type) {
		case VMAT_CHOICE:
			h = add(h, a->choice);
			break;
		case VMAT_MULTI: {
			uint64_t set = 0;	/* the choices in any order */
			for (size_t i = 0; i < a->nchosen; i++) {
				set += hash_mix(a->chosen[i] + 1);
			}
			h = add(h, set);
			break;
		}
		case VMAT_TEXT:
			h = add_string(h, a->text);
			break;
		default:
			h = add_number(h, a->number);
			break;
		}
	}
	return h;
}

uint64_t
seen_id(const char *id)
{
	return hash_bytes(id, strlen(id));
}
