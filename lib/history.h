/* The records of lib/history.c, shared with lib/movement.c (the report's
 * movement and trend, and the peers, which walk a finished history). Not
 * part of the public API. */
#ifndef VMAT_HISTORY_H
#define VMAT_HISTORY_H

#include "private.h"

/* The built-in fields (reference §1), by index. */
enum { F_ID, F_CUSTOMER, F_REGION, F_DATE, F_INTERVIEWER, F_CUSTOMER_ID = 8 };
/* The numbers of a result, then the dimensions' scores. */
enum { V_INDEX, V_ASPIRATION, V_GAP, V_COMPLETENESS, V_SCORES };
enum { KEY_MAX = CUSTOMER_KEY_MAX };

struct interview {
	const char *id, *date, *customer, *interviewer;	/* interviewer: NULL when absent */
	const char *key;	/* "id:" and the customer_id, or the folded name */
	const char *name_key;	/* the folded name, after the aliases */
	bool has_id;		/* the response has a customer_id */
	bool aliased;		/* the name is in the aliases */
	bool several_ids;	/* no customer_id, and its name has several */
	const char *group;	/* the report's group key (movement), or NULL */
	uint32_t customer_no;	/* after vmat_history_finish(): the key's rank in byte
				 * order, the same number for the same customer */
	int32_t day;		/* the date as YYYYMMDD */
	int stage;
	long top_blocker;	/* the blocker with the largest shortfall, or -1 */
	int partner;		/* the answer to the survey's partner_access (a choice
				 * index), -1: none (reference §9 "Who needs what") */
	size_t nblockers;
	const size_t *blockers;	/* dimension indices, in the result's order */
	double v[];		/* V_INDEX..., then one score per dimension */
};

struct list {
	struct interview **items;
	size_t n, cap;
};

struct vmat_history {
	const struct vmat_survey *survey;
	size_t ndims;
	long partner_q;		/* the choice question partner_access, or -1 */
	struct arena arena;	/* the interviews */
	struct list list;
	const struct vmat_aliases *aliases;	/* borrowed, or NULL */
	struct strmap by_id;	/* history_previous(): id -> place in list */
};

#endif
