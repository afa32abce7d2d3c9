/* The responses a run has read: for each id, the first version in input
 * order (its ordinal: the responses are numbered as the inputs give them),
 * and the fingerprint of its content when it was taken (seen_content(),
 * which tells a duplicate from a conflict). Workers of vmat_run() put
 * responses in any order; the table keeps the earliest ordinal whatever the
 * order of the puts, so that "first" means first in the inputs, never first
 * in time.
 *
 * Ids are kept as 64-bit hashes and contents as 32-bit ones: two different
 * ids with the same hash (about one chance in 10^7 among a million ids)
 * would be taken for one, and reported as a duplicate or a conflict naming
 * both places. An entry is 16 bytes, in a table at most 3/4 full. Growing
 * it costs more than the puts themselves (every entry is moved to a random
 * place in a new table), so vmat_run() reserves room for the responses it
 * expects from the size of each input, and the table is then about 21 bytes
 * a response. It is cut into shards, each with its own lock (and cache
 * line), so that threads seldom wait for one or pass its line between
 * them. The room reserved is one block for all the shards, in huge pages:
 * each put is a random access, and on 4 KiB pages nearly every one also
 * missed the TLB, which cost more than the put itself. */
#define _DEFAULT_SOURCE	/* MADV_HUGEPAGE (Linux) */
#include <sys/mman.h>
#include <stdlib.h>

#include "hash.h"
#include "private.h"

enum { SHARDS = 64 };	/* a power of two */
enum { MAX_RESERVE = 2 << 20 };	/* responses: 48 MiB of table */
#define HUGE_PAGE ((size_t)2 << 20)

struct shard {
	_Alignas(64) bool lock;	/* a spin lock: held for one probe, a mutex's
				 * calls cost more than the probe (a sixth of
				 * report's time on two threads) */
	/* id 0: a free slot. Written under the lock; the pointer and cap are
	 * also read without it, atomically, to prefetch a slot. */
	struct seen_entry *slots;
	size_t len, cap;
	bool own;		/* slots is its own, not a part of the block */
};

struct seen {
	struct shard shards[SHARDS];
	struct seen_entry *block;	/* the room reserved */
	bool locked;
};

int
seen_create(struct seen **out, bool threads)
{
	struct seen *s = aligned_alloc(_Alignof(struct seen), sizeof(*s));
	if (!s) {
		return VMAT_ENOMEM;
	}
	memset(s, 0, sizeof(*s));
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
		if (s->shards[i].own) {
			free(s->shards[i].slots);
		}
	}
	free(s->block);
	free(s);
}

/* Where the id's slot is looked for first: its low half scaled to cap (of
 * any size), while the high bits pick the shard. */
static size_t
home(uint64_t id, size_t cap)
{
	return (size_t)((id & 0xffffffffu) * cap >> 32);
}

/* The id's slot in sh: its entry, or the free slot where it goes. */
static struct seen_entry *
slot(const struct shard *sh, uint64_t id)
{
	size_t k = home(id, sh->cap);
	while (sh->slots[k].id && sh->slots[k].id != id) {
		k = k + 1 == sh->cap ? 0 : k + 1;
	}
	return &sh->slots[k];
}

/* n free slots; in huge pages when they take some. */
static struct seen_entry *
table(size_t n)
{
	size_t size = n * sizeof(struct seen_entry);
	if (size < HUGE_PAGE) {
		return calloc(n, sizeof(struct seen_entry));
	}
	size = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	void *p = aligned_alloc(HUGE_PAGE, size);
	if (p) {
#ifdef MADV_HUGEPAGE
		madvise(p, size, MADV_HUGEPAGE);
#endif
		memset(p, 0, size);
	}
	return p;
}

/* Moves sh's entries to slots (cap of them; own: sh's to free). */
static void
move_to(struct shard *sh, struct seen_entry *slots, size_t cap, bool own)
{
	struct shard bigger = { .slots = slots, .cap = cap };
	for (size_t i = 0; i < sh->cap; i++) {
		if (sh->slots[i].id) {
			*slot(&bigger, sh->slots[i].id) = sh->slots[i];
		}
	}
	if (sh->own) {
		free(sh->slots);
	}
	sh->own = own;
	__atomic_store_n(&sh->slots, slots, __ATOMIC_RELAXED);
	__atomic_store_n(&sh->cap, cap, __ATOMIC_RELAXED);
}

static bool
grow(struct shard *sh, size_t cap)
{
	struct seen_entry *slots = table(cap);
	if (slots) {
		move_to(sh, slots, cap, true);
	}
	return slots != NULL;
}

static void
lock(const struct seen *s, struct shard *sh)
{
	while (s->locked && __atomic_test_and_set(&sh->lock, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&sh->lock, __ATOMIC_RELAXED)) {
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
		}
	}
}

static void
unlock(const struct seen *s, struct shard *sh)
{
	if (s->locked) {
		__atomic_clear(&sh->lock, __ATOMIC_RELEASE);
	}
}

static uint64_t
key(uint64_t id)
{
	return id ? id : 1;	/* 0 marks a free slot */
}

static struct shard *
shard(struct seen *s, uint64_t id)
{
	return &s->shards[id >> 58 & (SHARDS - 1)];
}

static bool
full(size_t cap, size_t len)
{
	return len * 4 > cap * 3;
}

void
seen_reserve(struct seen *s, size_t n)
{
	/* n is a guess (from the first chunk of a file), and the room is
	 * written at once: at most MAX_RESERVE, past which the shards grow */
	n = n < MAX_RESERVE ? n : MAX_RESERVE;
	size_t each = n / SHARDS + n / SHARDS / 8 + 16;	/* and some, for the uneven */
	size_t cap = each / 3 * 4 + 4;
	if (!full(__atomic_load_n(&s->shards[0].cap, __ATOMIC_RELAXED), each)) {
		return;
	}
	struct seen_entry *block = table(SHARDS * cap), *old = s->block;
	if (!block) {
		return;	/* the puts will grow the shards */
	}
	for (size_t i = 0; i < SHARDS; i++) {
		struct shard *sh = &s->shards[i];
		lock(s, sh);
		if (full(sh->cap, each) || !sh->own) {
			move_to(sh, block + i * cap, cap, false);
		}
		unlock(s, sh);
	}
	s->block = block;
	free(old);	/* every shard has left it */
}

void
seen_prefetch(struct seen *s, uint64_t id)
{
	/* A slot of a table that another thread is replacing may be fetched
	 * for nothing: a prefetch never faults. */
	struct shard *sh = shard(s, key(id));
	struct seen_entry *slots = __atomic_load_n(&sh->slots, __ATOMIC_RELAXED);
	size_t cap = __atomic_load_n(&sh->cap, __ATOMIC_RELAXED);
	if (cap) {
		__builtin_prefetch(&slots[home(key(id), cap)]);
	}
}

int
seen_put(struct seen *s, struct seen_entry *e, struct seen_entry *was)
{
	e->id = key(e->id);
	struct shard *sh = shard(s, e->id);
	lock(s, sh);
	int rc = SEEN_NEW;
	if (full(sh->cap, sh->len + 1) && !grow(sh, sh->cap ? sh->cap * 2 : 64)) {
		rc = VMAT_ENOMEM;
	} else {
		struct seen_entry *x = slot(sh, e->id);
		if (!x->id) {
			*x = *e;
			sh->len++;
		} else if (x->ord < e->ord) {
			*was = *x;
			rc = SEEN_AFTER;
		} else {
			*was = *x;
			*x = *e;
			rc = SEEN_BEFORE;
		}
	}
	unlock(s, sh);
	return rc;
}

bool
seen_get(struct seen *s, uint64_t id, struct seen_entry *out)
{
	id = key(id);
	struct shard *sh = shard(s, id);
	lock(s, sh);
	const struct seen_entry *x = sh->cap ? slot(sh, id) : NULL;
	bool found = x && x->id;
	if (found) {
		*out = *x;
	}
	unlock(s, sh);
	return found;
}

/* A string as a polynomial in its 8-byte words: one multiplication a word,
 * where hash_bytes() mixes each word in full. The sum of the terms below is
 * mixed once, at the end. */
static uint64_t
text(const char *s)
{
	size_t len = strlen(s);
	uint64_t h = len;
	for (; len >= 8; s += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h + w) * 0x9e3779b97f4a7c15u;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < len; i++) {	/* not memcpy(): a call, for a length
						 * not known in advance */
		w |= (uint64_t)(unsigned char)s[i] << 8 * i;
	}
	return (h + w) * 0xc2b2ae3d27d4eb4fu;
}

static uint64_t
answer(const struct vmat_question *q, const struct vmat_answer *a)
{
	switch (q->type) {
	case VMAT_CHOICE:
		return a->choice;
	case VMAT_MULTI: {
		uint64_t set = a->nchosen;	/* the choices in any order */
		for (size_t i = 0; i < a->nchosen; i++) {
			set += hash_mix(a->chosen[i] + 1);
		}
		return set;
	}
	case VMAT_TEXT:
		return text(a->text);
	default: {
		double v = a->number + 0.0;	/* -0 is 0 */
		uint64_t bits;
		memcpy(&bits, &v, sizeof(bits));
		return bits;
	}
	}
}

/* The content is a sum of one term per field and question: its value (with
 * the note) times a multiplier of its own, odd and different for each, so
 * that two responses differ in the sum when any term differs: the terms do
 * not wait on each other. */
uint32_t
seen_content(const struct vmat_survey *survey, const struct vmat_response *r)
{
	size_t nfields, nquestions;
	vmat_survey_fields(survey, &nfields);
	const struct vmat_question *qs = vmat_survey_questions(survey, &nquestions);
	uint64_t h = 0, k = 0x632be59bd9b4e019u;
	const uint64_t step = 0x9e3779b97f4a7c16u;	/* even: k stays odd */
	for (size_t f = 1; f < nfields; f++, k += step) {	/* 0 is the id itself */
		if (r->fields[f]) {
			h += text(r->fields[f]) * k;
		}
	}
	for (size_t q = 0; q < nquestions; q++, k += step) {
		const struct vmat_answer *a = &r->answers[q];
		/* every bit of the answer counts: a shift would lose the
		 * sign and the top of the exponent (0 and 2 alike) */
		uint64_t v = a->state * 0xd6e8feb86659fd93u;
		if (a->state == VMAT_ANSWERED) {
			v ^= hash_mix(answer(&qs[q], a));
		} else if (a->state == VMAT_NOT_APPLICABLE && a->text) {
			v ^= hash_mix(text(a->text));	/* the reason */
		}
		if (r->notes[q]) {
			v ^= text(r->notes[q]) * 0xff51afd7ed558ccdu;
		}
		h += v * k;
	}
	uint32_t c = (uint32_t)(hash_mix(h) >> 32);
	return c ? c : 1;	/* 0: not known */
}

uint64_t
seen_id_bytes(const char *id, size_t len)
{
	return hash_bytes(id, len);
}

uint64_t
seen_id(const char *id)
{
	return seen_id_bytes(id, strlen(id));
}
