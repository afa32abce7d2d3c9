/* Fast 64-bit hashes for the library's hash tables and fingerprints. Not
 * for security: an input can be made to collide on purpose. */
#ifndef VMAT_HASH_H
#define VMAT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t
hash_mix(uint64_t x)
{
	x ^= x >> 33;	/* MurmurHash3's finalizer: every key bit moves the slot */
	x *= 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	return x;
}

static inline uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = hash_mix(len + 1);
	for (; len >= 8; s += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = hash_mix(h ^ w) * 0x9e3779b97f4a7c15u;
	}
	uint64_t w = 0;
	memcpy(&w, s, len);
	return hash_mix(h ^ w);
}

#endif
