/* The table of --latest: see latest.h. */
#include <stdlib.h>
#include <string.h>

#include "latest.h"
#include "private.h"

void
latest_init(struct latest *t, size_t stride)
{
	*t = (struct latest){ .stride = stride };
}

int
latest_put(struct latest *t, size_t c, bool added, const struct entry *e)
{
	if (added && !array_reserve((void **)&t->entries, &t->cap, c, t->stride)) {
		return VMAT_ENOMEM;
	}
	if (added || e->date >= latest_entry(t, c)->date) {
		memcpy(latest_entry(t, c), e, t->stride);
	}
	return VMAT_OK;
}

void
latest_free(struct latest *t)
{
	free(t->entries);
	*t = (struct latest){ .stride = t->stride };
}
